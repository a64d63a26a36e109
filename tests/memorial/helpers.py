"""Record factories shared by the memorial page tests."""

from __future__ import annotations

from archive.models import Status
from victims.models import Victim


def make_victim(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


def bulk_victims(count: int, prefix: str, **fields) -> list[Victim]:
    """Many published victims in one insert (save() resolves fuzzy dates; bulk_create does not, so do it here)."""
    victims = []
    for n in range(count):
        victim = Victim(
            name_en=f"{prefix} {n:03d}", slug=f"{prefix.lower().replace(' ', '-')}-{n}", status=Status.PUBLISHED,
            **fields,
        )  # fmt: skip
        victim.resolve_fuzzy_dates()
        victims.append(victim)
    return Victim.objects.bulk_create(victims)


def section(response, heading_text: str) -> str:
    """The part of a page from a heading's text to the end of its <section>."""
    html = response.content.decode()
    assert heading_text in html, f"{heading_text!r} not on the page"
    return html.split(heading_text, 1)[1].split("</section>", 1)[0]
