"""URL converters for record addresses."""

from __future__ import annotations

from django.urls.converters import StringConverter


class RecordSlugConverter(StringConverter):
    """A record's address: any text without a slash, and without a NUL, which PostgreSQL refuses to compare.

    Slugs may be Persian (allow_unicode), so Django's ASCII-only `slug` converter would not do.
    """

    regex = r"[^/\x00]+"


class TableFormatConverter(StringConverter):
    """The file format of a table export: /victims/export.csv, /victims/export.json."""

    regex = "csv|json"


class ReferenceFormatConverter(StringConverter):
    """The format of a record's reference: cite.bib (BibTeX), cite.ris (RIS), cite.json (CSL-JSON)."""

    regex = "bib|ris|json"
