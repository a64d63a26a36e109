"""What the page cache (archive/page_cache.py) keys every cached page on: one row, changed by every change."""

from __future__ import annotations

from django.db import models


class PageGeneration(models.Model):
    """The current generation of the public pages.

    Every write to a table whose rows public pages show gives it a new token, once the write's
    transaction commits; a page cached under another token is never served again. It lives in the
    database, not in the cache, so that every server process (each with a cache of its own when there
    is no Redis) sees a change at once, and so that a cached page is not served while the database is
    down (the archive answers 503 then, as without the cache).
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "page generation"

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
