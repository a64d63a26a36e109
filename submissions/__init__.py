"""Public submissions: what people send about a victim, kept privately until an editor takes it in."""
