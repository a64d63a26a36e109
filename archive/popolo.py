"""The Popolo export: perpetrators, organizations and positions in the Popolo data specification.

One JSON document, {"persons", "organizations", "posts", "memberships"} (https://www.popoloproject.com):
a published perpetrator is a person, with both scripts of the name and every variant as other_names;
a published organization is an organization; a public position is a membership of the person in its
organization; a titled position is a post, one post per organization, title and role, however many
people held it. Every public citation behind a record is one of its `sources`: a link to the citation
on the source's page in this archive. Dates are ISO partial dates at the precision the source gives
(YYYY, YYYY-MM, YYYY-MM-DD) and are left out when no single Gregorian year is known.

The document is written item by item, over iterators, so it streams in constant memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db.models import Min, Prefetch
from django.utils.translation import gettext

from archive.citation_formats import iso_partial
from archive.exports import CHUNK_SIZE, json_text, public_positions, url_of
from archive.models import Citation, Organization, Status
from archive.models.publication import localized
from perpetrators.models import CommissionRole, Perpetrator, Position

SECTIONS = ("persons", "organizations", "posts", "memberships")


def _citations() -> Prefetch:
    return Prefetch(
        "citations",
        queryset=Citation.objects.with_public_sources()
        .select_related("source", "content_type")
        .order_by("pk"),
    )


def sources(record) -> list[dict[str, str]]:
    links = []
    for citation in record.citations.all():
        note = citation.source.title
        if citation.locator:
            note += gettext(", ") + citation.locator
        note += f" ({citation.claim_label})"
        links.append({"url": url_of(citation.source) + f"#citation-{citation.pk}", "note": note})
    return links


def other_names(record) -> list[dict[str, str]]:
    names = []
    if record.name_en:
        names.append({"name": record.name_en, "note": gettext("Latin script")})
    if record.name_fa:
        names.append({"name": record.name_fa, "note": gettext("Persian script")})
    for variant in record.variants.all() if hasattr(record, "variants") else []:
        note = variant.get_kind_display()
        names.append({"name": variant.name, "note": f"{note}: {variant.note}" if variant.note else note})
    return names


def _with_dates(data: dict[str, Any], **dates) -> dict[str, Any]:
    for name, date in dates.items():
        if value := iso_partial(date):
            data[name] = value
    return data


def person(perpetrator: Perpetrator) -> dict[str, Any]:
    data = {
        "id": f"perpetrator-{perpetrator.pk}",
        "name": perpetrator.name,
        "other_names": other_names(perpetrator),
        "links": [{"url": url_of(perpetrator), "note": gettext("Profile in the memorial archive")}],
        "sources": sources(perpetrator),
    }
    if perpetrator.biography:
        data["biography"] = perpetrator.biography
    return _with_dates(data, birth_date=perpetrator.birth_date, death_date=perpetrator.death_date)


def organization(record: Organization) -> dict[str, Any]:
    data = {
        "id": f"organization-{record.pk}",
        "name": record.name,
        "other_names": other_names(record),
        "classification": record.kind,
        "links": [{"url": url_of(record), "note": gettext("Its members in the memorial archive")}],
        "sources": sources(record),
    }
    if record.parent_id and record.parent.is_published:
        data["parent_id"] = f"organization-{record.parent_id}"
    if description := localized(record, "description"):
        data["description"] = description
    return data


def _post_key(values: dict[str, Any]) -> tuple:
    return (values["organization_id"], values["title_en"], values["title_fa"], values["commission_role"])


def _role(commission_role: str) -> str:
    return str(CommissionRole(commission_role).label) if commission_role else ""


def post(values: dict[str, Any]) -> dict[str, Any]:
    """One post from the grouped values of the titled positions that hold it."""
    title_en, title_fa = values["title_en"], values["title_fa"]
    data = {"id": f"post-{values['first']}", "label": title_en or title_fa}
    if title_en and title_fa:
        data["other_label"] = [title_fa]
    if role := _role(values["commission_role"]):
        data["role"] = role
    if values["organization_id"] and values["organization__status"] == Status.PUBLISHED:
        data["organization_id"] = f"organization-{values['organization_id']}"
    return data


def membership(position: Position, post_ids: dict[tuple, str]) -> dict[str, Any]:
    organization_public = position.organization_id and position.organization.is_published
    label = localized(position, "title") or position.organization.name
    start, end = iso_partial(position.start_date), iso_partial(position.end_date)
    if position.during_date and not (start or end):
        # Popolo has no "held during": keep the source's words with the label.
        label = f"{label} ({position.during_date.text})" if position.during_date.text else label
    data = {
        "id": f"position-{position.pk}",
        "person_id": f"perpetrator-{position.perpetrator_id}",
        "label": label,
        "role": _role(position.commission_role) or localized(position, "title") or label,
        "links": [{"url": url_of(position), "note": gettext("Position in the memorial archive")}],
        "sources": sources(position),
    }
    if organization_public:
        data["organization_id"] = f"organization-{position.organization_id}"
    key = (position.organization_id, position.title_en, position.title_fa, position.commission_role)
    if key in post_ids:
        data["post_id"] = post_ids[key]
    return _with_dates(data, start_date=position.start_date, end_date=position.end_date)


def _items(items, tally: Counter, section: str) -> Iterator[str]:
    separator = "\n"
    for item in items:
        yield separator + json_text(item)
        separator = ",\n"
        tally[section] += 1


def document(tally: Counter | None = None) -> Iterator[str]:
    """The Popolo document, as pieces of JSON text; `tally` counts the items of each section."""
    tally = Counter() if tally is None else tally
    persons = (
        Perpetrator.objects.published()
        .prefetch_related("variants", _citations())
        .order_by("pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    organizations = (
        Organization.objects.published()
        .select_related("parent")
        .prefetch_related(_citations())
        .order_by("pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    posts = (
        public_positions()
        .exclude(title_en="", title_fa="")
        .values("organization_id", "organization__status", "title_en", "title_fa", "commission_role")
        .annotate(first=Min("pk"))
        .order_by("first")
    )
    memberships = (
        public_positions()
        .select_related("perpetrator", "organization")
        .prefetch_related(_citations())
        .order_by("pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    post_ids: dict[tuple, str] = {}

    def each_post():
        for values in posts.iterator(chunk_size=CHUNK_SIZE):
            data = post(values)
            post_ids[_post_key(values)] = data["id"]
            yield data

    yield '{"persons": ['
    yield from _items((person(p) for p in persons), tally, "persons")
    yield '\n], "organizations": ['
    yield from _items((organization(o) for o in organizations), tally, "organizations")
    yield '\n], "posts": ['
    yield from _items(each_post(), tally, "posts")
    yield '\n], "memberships": ['
    yield from _items((membership(p, post_ids) for p in memberships), tally, "memberships")
    yield "\n]}\n"
