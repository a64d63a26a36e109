"""The facts a profile page shows, each tied to the claim its footnotes cite.

A view lists its rows as (claim, label, value); values may be text, numbers, fuzzy dates,
records or lists of records. Empty values are not shown as rows: they are gathered into
the page's "not known to the archive" sentence, so a sparse record still reads plainly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.dates import FuzzyDate


@dataclass
class Fact:
    claim: str
    label: str
    values: list[tuple[str, str]] = field(default_factory=list)  # (text, url or "")


def _as_values(value) -> list[tuple[str, str]]:
    if value is None or value == "":
        return []
    if isinstance(value, FuzzyDate):
        return [(value.display(), "")] if value else []
    if isinstance(value, (list, tuple)):
        return [pair for item in value for pair in _as_values(item)]
    if hasattr(value, "get_absolute_url"):
        return [(getattr(value, "name", None) or str(value), value.get_absolute_url())]
    return [(str(value), "")]


def split_facts(rows) -> tuple[list[Fact], list[str]]:
    """Known facts in page order, and the labels of what is not known."""
    known, unknown = [], []
    for claim, label, value in rows:
        values = _as_values(value)
        if values:
            known.append(Fact(claim, label, values))
        else:
            unknown.append(label)
    return known, unknown


def choice(record, field: str) -> str:
    """The label of a choice field, or "" when no choice was made (so the fact counts as not known)."""
    return getattr(record, f"get_{field}_display")() if getattr(record, field) else ""


def visible(record, user):
    """The related record if this visitor may see it: published, or any record for staff."""
    if record is None:
        return None
    if user.is_staff or record.is_published:
        return record
    return None
