"""Public pages of the evidence core: home, sources, events, places, and health checks."""
