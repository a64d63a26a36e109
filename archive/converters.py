"""URL converters for record addresses."""

from __future__ import annotations

from django.urls.converters import StringConverter


class RecordSlugConverter(StringConverter):
    """A record's address: any text without a slash, and without a NUL, which PostgreSQL refuses to compare.

    Slugs may be Persian (allow_unicode), so Django's ASCII-only `slug` converter would not do.
    """

    regex = r"[^/\x00]+"
