"""Open-data exports: which rows are public, the columns of each record type, and CSV / JSON writers;
and what the dumps on disk share (export_archive, export_bag): one snapshot to read, files hashed as
they are written, the licence of the archive's own data.

Every export starts from published(). Related rows appear only when they are public too: a place,
event or organization only when published; a position when it and its perpetrator are published
(and, without a title of its own, its organization: it is shown under that name); a citation only
when its source is published and the record it supports is public.

Each table's row function returns a dict keyed by the table's columns. Lists stay lists in JSON and
are joined with " | " in CSV. The writers yield text row by row over queryset.iterator(), whose
prefetches run once per chunk, so an export of any size runs in constant memory and in a constant
number of queries per chunk of rows.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation

from archive.dates import FuzzyDate
from archive.models import Citation, Estimate, Event, Organization, Place, Source, Status
from archive.models.publication import localized
from perpetrators.models import Perpetrator, Position
from victims.models import PerpetratorLink, Victim

CHUNK_SIZE = 500
LIST_SEPARATOR = " | "
# A spreadsheet reads a cell that starts with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PUBLISHED = Status.PUBLISHED

LICENCE = """\
Licence: the archive's own compilation and descriptions in these files are offered under the Creative
Commons Attribution 4.0 International licence (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/):
reuse them freely, naming the memorial archive and linking to the record's URL. Quotations from source
documents (the `quote` column of citations.*) remain the work of their authors and are given here for
reference and verification."""


# Which rows are public.


def public_positions() -> QuerySet:
    return Position.objects.public()


def public_links() -> QuerySet:
    """Perpetrator links of published victims that name only published perpetrators and bodies."""
    return (
        PerpetratorLink.objects.filter(victim__status=PUBLISHED)
        .filter(Q(perpetrator__isnull=True) | Q(perpetrator__status=PUBLISHED))
        .filter(Q(organization__isnull=True) | Q(organization__status=PUBLISHED))
    )


def public_records() -> dict[type[Model], QuerySet]:
    """Every record type a citation can support, with the rows of it that are public."""
    return {
        Victim: Victim.objects.published(),
        PerpetratorLink: public_links(),
        Perpetrator: Perpetrator.objects.published(),
        Position: public_positions(),
        Organization: Organization.objects.published(),
        Event: Event.objects.published(),
        Estimate: Estimate.objects.filter(event__status=PUBLISHED),
        Place: Place.objects.published(),
        Source: Source.objects.published(),
    }


def _of_type(model: type[Model]) -> Q:
    # Compared by name through a join, not by a looked-up ContentType id, so no extra query.
    return Q(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name)


def public_citations() -> QuerySet:
    """Citations to published sources, of records the public may see.

    Whether a record is public is asked row by row (EXISTS on its primary key), not by collecting every
    public record of each type first (IN): joined by OR, those lists are built whole, a million victims
    for a page of ten citations."""
    condition = Q()
    for model, records in public_records().items():
        condition |= _of_type(model) & Exists(records.filter(pk=OuterRef("object_id")))
    return Citation.objects.with_public_sources().filter(condition)


def with_citation_count(queryset: QuerySet) -> QuerySet:
    """Annotate `citation_count`: the record's citations to published sources, in a subquery."""
    counts = (
        Citation.objects.with_public_sources()
        .filter(_of_type(queryset.model), object_id=OuterRef("pk"))
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(citation_count=Coalesce(Subquery(counts), 0))


# What a cell says.


def url_of(record) -> str:
    """A record's public address, absolute (SITE_URL), in the active language."""
    return settings.SITE_URL + record.get_absolute_url()


def public_name(record) -> str:
    return record.name if record is not None and record.is_published else ""


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


DATE_PARTS = ("text", "calendar", "precision", "earliest", "latest")


def date_columns(prefix: str) -> list[str]:
    return [f"{prefix}_{part}" for part in DATE_PARTS]


def date_values(prefix: str, date: FuzzyDate) -> dict[str, Any]:
    """The date as the source gave it, its precision, and the earliest and latest day it can mean."""
    if not date:
        return dict.fromkeys(date_columns(prefix), None)
    return {
        f"{prefix}_text": date.text,
        f"{prefix}_calendar": date.calendar,
        f"{prefix}_precision": date.precision,
        f"{prefix}_earliest": date.earliest,
        f"{prefix}_latest": date.latest,
    }


# The tables.


@dataclass(frozen=True)
class Table:
    name: str  # file name and URL part: "victims"
    columns: list[str]
    records: Callable[[], QuerySet]  # every public row, in a stable order
    prepare: Callable[[QuerySet], QuerySet]  # the related rows and counts a row reads
    row: Callable[[Any], dict[str, Any]]

    def rows(self, queryset: QuerySet | None = None) -> Iterator[dict[str, Any]]:
        """The rows of `queryset` (by default every public record), read in chunks."""
        queryset = self.prepare(self.records() if queryset is None else queryset)
        return (self.row(record) for record in queryset.iterator(chunk_size=CHUNK_SIZE))


def prepare_victims(victims: QuerySet) -> QuerySet:
    return with_citation_count(
        victims.select_related("birth_place", "arrest_place", "death_place", "burial_place").prefetch_related(
            "variants",
            Prefetch("events", queryset=Event.objects.published()),
            Prefetch("prisons", queryset=Place.objects.published()),
        )
    )


def victim_row(victim: Victim) -> dict[str, Any]:
    return {
        "id": victim.pk,
        "slug": victim.slug,
        "url": url_of(victim),
        "name_en": victim.name_en,
        "name_fa": victim.name_fa,
        "variants": [variant.name for variant in victim.variants.all()],
        "gender": victim.gender,
        **date_values("birth", victim.birth_date),
        "birth_place": public_name(victim.birth_place),
        "age_at_death": victim.age_at_death,
        "occupation": victim.occupation,
        "affiliation": victim.affiliation,
        "events": [event.name for event in victim.events.all()],
        **date_values("arrest", victim.arrest_date),
        "arrest_place": public_name(victim.arrest_place),
        "prisons": [place.name for place in victim.prisons.all()],
        **date_values("death", victim.death_date),
        "death_place": public_name(victim.death_place),
        "manner_of_death": victim.manner_of_death,
        "charges": victim.charges,
        "burial": victim.burial,
        "burial_place": public_name(victim.burial_place),
        "verification": victim.verification,
        "biography_en": victim.biography_en,
        "biography_fa": victim.biography_fa,
        "is_sample": victim.is_sample,
        "citations": victim.citation_count,
    }


VICTIMS = Table(
    name="victims",
    columns=[
        *("id", "slug", "url", "name_en", "name_fa", "variants", "gender"),
        *date_columns("birth"),
        *("birth_place", "age_at_death", "occupation", "affiliation", "events"),
        *date_columns("arrest"),
        *("arrest_place", "prisons"),
        *date_columns("death"),
        *("death_place", "manner_of_death", "charges", "burial", "burial_place", "verification"),
        *("biography_en", "biography_fa", "is_sample", "citations"),
    ],
    records=lambda: Victim.objects.published().order_by("pk"),
    prepare=prepare_victims,
    row=victim_row,
)


def prepare_perpetrators(perpetrators: QuerySet) -> QuerySet:
    positions = public_positions().select_related("organization", "place", "event").timeline()
    return with_citation_count(
        perpetrators.select_related("birth_place").prefetch_related(
            "variants", Prefetch("positions", queryset=positions)
        )
    )


def position_label(position: Position) -> str:
    """“Deputy prosecutor, Tehran Death Commission”: the title, and the organization when it is public."""
    title = localized(position, "title")
    organization = public_name(position.organization)
    if title and organization and organization not in title:
        return f"{title}, {organization}"
    return title or organization


def perpetrator_row(perpetrator: Perpetrator) -> dict[str, Any]:
    positions = list(perpetrator.positions.all())
    return {
        "id": perpetrator.pk,
        "slug": perpetrator.slug,
        "url": url_of(perpetrator),
        "name_en": perpetrator.name_en,
        "name_fa": perpetrator.name_fa,
        "variants": [variant.name for variant in perpetrator.variants.all()],
        **date_values("birth", perpetrator.birth_date),
        "birth_place": public_name(perpetrator.birth_place),
        **date_values("death", perpetrator.death_date),
        "positions": [position_label(p) for p in positions],
        "organizations": _unique(public_name(p.organization) for p in positions),
        "places": _unique(public_name(p.place) for p in positions),
        "events": _unique(public_name(p.event) for p in positions),
        "commission": any(p.is_commission and p.organization.is_published for p in positions),
        "biography_en": perpetrator.biography_en,
        "biography_fa": perpetrator.biography_fa,
        "is_sample": perpetrator.is_sample,
        "citations": perpetrator.citation_count,
    }


PERPETRATORS = Table(
    name="perpetrators",
    columns=[
        *("id", "slug", "url", "name_en", "name_fa", "variants"),
        *date_columns("birth"),
        "birth_place",
        *date_columns("death"),
        *("positions", "organizations", "places", "events", "commission"),
        *("biography_en", "biography_fa", "is_sample", "citations"),
    ],
    records=lambda: Perpetrator.objects.published().order_by("pk"),
    prepare=prepare_perpetrators,
    row=perpetrator_row,
)


def prepare_positions(positions: QuerySet) -> QuerySet:
    return with_citation_count(positions.select_related("perpetrator", "organization", "place", "event"))


def position_row(position: Position) -> dict[str, Any]:
    organization = (
        position.organization if position.organization and position.organization.is_published else None
    )
    return {
        "id": position.pk,
        "url": url_of(position),
        "perpetrator_id": position.perpetrator_id,
        "perpetrator_slug": position.perpetrator.slug,
        "perpetrator": position.perpetrator.name,
        "organization_id": organization.pk if organization else None,
        "organization": organization.name if organization else "",
        "title_en": position.title_en,
        "title_fa": position.title_fa,
        "commission_role": position.commission_role,
        "place": public_name(position.place),
        "event": public_name(position.event),
        **date_values("start", position.start_date),
        **date_values("end", position.end_date),
        **date_values("during", position.during_date),
        "note_en": position.note_en,
        "note_fa": position.note_fa,
        "is_sample": position.is_sample,
        "citations": position.citation_count,
    }


POSITIONS = Table(
    name="positions",
    columns=[
        *(
            "id",
            "url",
            "perpetrator_id",
            "perpetrator_slug",
            "perpetrator",
            "organization_id",
            "organization",
        ),
        *("title_en", "title_fa", "commission_role", "place", "event"),
        *date_columns("start"),
        *date_columns("end"),
        *date_columns("during"),
        *("note_en", "note_fa", "is_sample", "citations"),
    ],
    records=lambda: public_positions().order_by("pk"),
    prepare=prepare_positions,
    row=position_row,
)


def organization_row(organization: Organization) -> dict[str, Any]:
    parent = organization.parent if organization.parent and organization.parent.is_published else None
    return {
        "id": organization.pk,
        "slug": organization.slug,
        "url": url_of(organization),
        "name_en": organization.name_en,
        "name_fa": organization.name_fa,
        "kind": organization.kind,
        "parent_id": parent.pk if parent else None,
        "parent": parent.name if parent else "",
        "place": public_name(organization.place),
        "description_en": organization.description_en,
        "description_fa": organization.description_fa,
        "is_sample": organization.is_sample,
        "citations": organization.citation_count,
    }


ORGANIZATIONS = Table(
    name="organizations",
    columns=[
        *("id", "slug", "url", "name_en", "name_fa", "kind", "parent_id", "parent", "place"),
        *("description_en", "description_fa", "is_sample", "citations"),
    ],
    records=lambda: Organization.objects.published().order_by("pk"),
    prepare=lambda organizations: with_citation_count(organizations.select_related("parent", "place")),
    row=organization_row,
)


def prepare_sources(sources: QuerySet) -> QuerySet:
    supports = (
        public_citations()
        .filter(source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return with_citation_count(sources).annotate(supports_count=Coalesce(Subquery(supports), 0))


def source_row(source: Source) -> dict[str, Any]:
    return {
        "id": source.pk,
        "slug": source.slug,
        "url": url_of(source),
        "title_en": source.title_en,
        "title_fa": source.title_fa,
        "kind": source.kind,
        "author": source.author,
        "publisher": source.publisher,
        **date_values("published", source.published_date),
        "language": source.language,
        "web_url": source.url,
        "archived_url": source.archived_url,
        "stance": source.stance,
        "summary_en": source.summary_en,
        "summary_fa": source.summary_fa,
        "reliability_note": source.reliability_note,
        "file_url": settings.SITE_URL + reverse("source_file", args=[source.slug]) if source.file else "",
        "sha256": source.sha256,
        "size": source.size,
        "media_type": source.media_type,
        "is_sample": source.is_sample,
        "citations": source.citation_count,
        "supports": source.supports_count,
    }


SOURCES = Table(
    name="sources",
    columns=[
        *("id", "slug", "url", "title_en", "title_fa", "kind", "author", "publisher"),
        *date_columns("published"),
        *("language", "web_url", "archived_url", "stance", "summary_en", "summary_fa", "reliability_note"),
        *("file_url", "sha256", "size", "media_type", "is_sample", "citations", "supports"),
    ],
    records=lambda: Source.objects.published().order_by("pk"),
    prepare=prepare_sources,
    row=source_row,
)


def prepare_citations(citations: QuerySet) -> QuerySet:
    return citations.with_records()


def record_label(record) -> str:
    if isinstance(record, Source):
        return record.title
    return getattr(record, "name", "") or str(record)


def citation_row(citation: Citation) -> dict[str, Any]:
    record = citation.record
    return {
        "id": citation.pk,
        "record_type": citation.content_type.model,
        "record_id": citation.object_id,
        "record": record_label(record),
        "record_url": url_of(record),
        "claim": citation.claim,
        "locator": citation.locator,
        "quote": citation.quote,
        "note": citation.note,
        "confidence": citation.confidence,
        "source_id": citation.source_id,
        "source_slug": citation.source.slug,
        "source": citation.source.title,
        "source_url": url_of(citation.source) + f"#citation-{citation.pk}",
    }


CITATIONS = Table(
    name="citations",
    columns=[
        *("id", "record_type", "record_id", "record", "record_url", "claim", "locator", "quote", "note"),
        *("confidence", "source_id", "source_slug", "source", "source_url"),
    ],
    records=lambda: public_citations().order_by("pk"),
    prepare=prepare_citations,
    row=citation_row,
)


def event_row(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "slug": event.slug,
        "url": url_of(event),
        "name_en": event.name_en,
        "name_fa": event.name_fa,
        **date_values("start", event.start_date),
        **date_values("end", event.end_date),
        "description_en": event.description_en,
        "description_fa": event.description_fa,
        "places": [place.name for place in event.places.all()],
        "is_sample": event.is_sample,
        "citations": event.citation_count,
    }


EVENTS = Table(
    name="events",
    columns=[
        *("id", "slug", "url", "name_en", "name_fa"),
        *date_columns("start"),
        *date_columns("end"),
        *("description_en", "description_fa", "places", "is_sample", "citations"),
    ],
    records=lambda: Event.objects.published().order_by("pk"),
    prepare=lambda events: with_citation_count(
        events.prefetch_related(Prefetch("places", queryset=Place.objects.published()))
    ),
    row=event_row,
)


def estimate_row(estimate: Estimate) -> dict[str, Any]:
    return {
        "id": estimate.pk,
        "url": url_of(estimate),
        "event_id": estimate.event_id,
        "event_slug": estimate.event.slug,
        "counted_en": estimate.counted_en,
        "counted_fa": estimate.counted_fa,
        "count_text": estimate.count_text,
        "count_low": estimate.count_low,
        "count_high": estimate.count_high,
        "estimated_by": estimate.estimated_by,
        "note": estimate.note,
        "citations": estimate.citation_count,
    }


ESTIMATES = Table(
    name="estimates",
    columns=[
        *("id", "url", "event_id", "event_slug", "counted_en", "counted_fa", "count_text"),
        *("count_low", "count_high", "estimated_by", "note", "citations"),
    ],
    records=lambda: Estimate.objects.filter(event__status=PUBLISHED).order_by("pk"),
    prepare=lambda estimates: with_citation_count(estimates.select_related("event")),
    row=estimate_row,
)


def place_row(place: Place) -> dict[str, Any]:
    parent = place.parent if place.parent and place.parent.is_published else None
    return {
        "id": place.pk,
        "slug": place.slug,
        "url": url_of(place),
        "name_en": place.name_en,
        "name_fa": place.name_fa,
        "variants": [variant.name for variant in place.variants.all()],
        "kind": place.kind,
        "parent_id": parent.pk if parent else None,
        "parent": parent.name if parent else "",
        "latitude": place.latitude,
        "longitude": place.longitude,
        "description_en": place.description_en,
        "description_fa": place.description_fa,
        "is_sample": place.is_sample,
        "citations": place.citation_count,
    }


PLACES = Table(
    name="places",
    columns=[
        *("id", "slug", "url", "name_en", "name_fa", "variants", "kind", "parent_id", "parent"),
        *("latitude", "longitude", "description_en", "description_fa", "is_sample", "citations"),
    ],
    records=lambda: Place.objects.published().order_by("pk"),
    prepare=lambda places: with_citation_count(places.select_related("parent").prefetch_related("variants")),
    row=place_row,
)


def link_row(link: PerpetratorLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "url": url_of(link),
        "victim_id": link.victim_id,
        "victim_slug": link.victim.slug,
        "perpetrator_id": link.perpetrator_id,
        "perpetrator_slug": link.perpetrator.slug if link.perpetrator else "",
        "organization_id": link.organization_id,
        "organization": link.organization.name if link.organization else "",
        "role": link.role,
        "note": link.note,
        "citations": link.citation_count,
    }


PERPETRATOR_LINKS = Table(
    name="perpetrator_links",
    columns=[
        *("id", "url", "victim_id", "victim_slug", "perpetrator_id", "perpetrator_slug"),
        *("organization_id", "organization", "role", "note", "citations"),
    ],
    records=lambda: public_links().order_by("pk"),
    prepare=lambda links: with_citation_count(links.select_related("victim", "perpetrator", "organization")),
    row=link_row,
)


def typed_columns(tables: Iterable[Table]) -> list[str]:
    """The columns of a file that holds rows of several tables: "type", then each table's own."""
    return list(dict.fromkeys(["type", *(column for table in tables for column in table.columns)]))


def typed_rows(parts: Iterable[tuple[Table, QuerySet]]) -> Iterator[dict[str, Any]]:
    """The rows of several tables one after the other, each saying which table it is from."""
    for table, queryset in parts:
        for row in table.rows(queryset):
            yield {"type": table.name, **row}


# The open-data dump: every table, in this order.
TABLES = [
    VICTIMS,
    PERPETRATORS,
    POSITIONS,
    ORGANIZATIONS,
    SOURCES,
    CITATIONS,
    EVENTS,
    ESTIMATES,
    PLACES,
    PERPETRATOR_LINKS,
]


# Writers.


class _Line:
    """What csv.writer writes to: hands each formatted line back instead of storing it."""

    def write(self, line: str) -> str:
        return line


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text with a leading quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    return neutralise(str(value))


def csv_header(columns: list[str]) -> str:
    """The header line, after a byte-order mark so that Excel reads the file as UTF-8 (Persian names)."""
    return "\ufeff" + csv.writer(_Line()).writerow(columns)


def csv_line(columns: list[str], row: dict[str, Any]) -> str:
    """One CSV line; a column the row does not have (in a file of several tables) is left empty."""
    return csv.writer(_Line()).writerow([csv_cell(row.get(column)) for column in columns])


def csv_stream(columns: list[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield csv_header(columns)
    for row in rows:
        yield csv_line(columns, row)


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not exported as JSON")


def json_text(value: Any, **options) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default, **options)


def json_array_stream(items: Iterable[Any]) -> Iterator[str]:
    """A JSON array written one item at a time."""
    yield "["
    separator = "\n"
    for item in items:
        yield separator + json_text(item)
        separator = ",\n"
    yield "\n]\n"


def json_line(row: dict[str, Any]) -> str:
    """One row of a JSON Lines file."""
    return json_text(row) + "\n"


def in_language(language: str, chunks: Iterable[str]) -> Iterator[str]:
    """Chunks produced with `language` active: a streamed response is written after its view returns."""
    with translation.override(language):
        yield from chunks


# Dumps on disk.


@contextmanager
def one_snapshot() -> Iterator[None]:
    """A transaction in which, on PostgreSQL, every table reads the same moment, so that ids across files agree."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


class HashingFile:
    """A file written as UTF-8 (or as bytes) while its size and SHA-256 are counted."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)
