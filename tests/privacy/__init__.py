"""The archive does not track its visitors: logs, loads from other origins, referrers, the onion service."""
