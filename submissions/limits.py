"""Rate limits that need no IP address: a budget the whole site shares, counted in Django's cache.

Submissions: at most SUBMISSIONS_PER_MINUTE a minute from everyone together. Status checks: at most
SUBMISSION_STATUS_CHECKS_PER_HOUR an hour for one receipt code (right or wrong), and ten times the
submission budget a minute in all, so codes cannot be guessed in bulk. With the default local-memory
cache each server process counts for itself; a shared cache (CACHES) makes it one budget.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def _spend(key: str, limit: int, window: int) -> bool:
    """Count one use in the current window; False when the budget is already spent."""
    bucket = f"submissions:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, timeout=window * 2)
    try:
        used = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window * 2)
        used = 1
    return used <= limit


def may_submit() -> bool:
    return _spend("sent", settings.SUBMISSIONS_PER_MINUTE, 60)


def may_check(receipt_hash: str) -> bool:
    everyone = _spend("checks", settings.SUBMISSIONS_PER_MINUTE * 10, 60)
    return _spend(f"check:{receipt_hash}", settings.SUBMISSION_STATUS_CHECKS_PER_HOUR, 3600) and everyone
