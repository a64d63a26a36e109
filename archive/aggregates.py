"""Figures a page shows that are made from hundreds of thousands of rows, kept until the archive changes.

An event's deaths by day and place, or the people recorded at a city, are read from every victim of it:
at a million victims that is seconds of the database's time, far more than a page may take. The figures
change only when a record does, so they are kept in the cache under the current generation of the public
pages (archive/page_cache.py): any write to the archive makes a new generation, and the next reader
computes them afresh. That reader waits the seconds; every other reader reads them in one query (the
generation) and one cache lookup. This holds whether the page cache is on or off: it keeps the figures,
not the page, so a page still shows what each visitor may see.

Only published records go into a kept figure: staff, who also see drafts, always get them computed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache

from archive.page_cache import current_generation

# A kept figure outlives no change (the generation changes), so this only bounds how long an unused one
# takes room in the cache.
KEEP_SECONDS = 24 * 60 * 60


def kept_until_change[T](key: str, compute: Callable[[], T], *, keep: bool = True) -> T:
    """compute(), or its value kept since the archive last changed. `keep=False` (staff) always computes."""
    if not keep:
        return compute()
    token, _changed_at = current_generation()
    # No change recorded yet (a new database, a test): nothing would tell when a kept value went stale.
    if not token:
        return compute()
    full_key = f"aggregate:{key}:{token}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, KEEP_SECONDS)
    return value
