"""What each kind of import takes: the model, its columns, and the rules its rows must keep.

Columns are named after the model's fields, as the open-data exports name them: `name_en`,
`birth_text`, `birth_calendar` … A place, event or organization is given by its slug; a list of
them (`events`, `prisons`) as a JSON list, or in CSV as slugs separated by "|".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models

from archive.exports import DATE_PARTS
from archive.models import Event, Organization, Place, PlaceKind, Source
from perpetrators.models import Perpetrator, PerpetratorName, Position
from victims.models import Victim, VictimName


@dataclass(frozen=True, eq=False)  # each kind is one of its own: compared and hashed by identity
class Kind:
    name: str  # "victims": the command's name and what the summary counts
    model: type[models.Model]
    fields: tuple[str, ...]  # plain model fields, one column each
    dates: tuple[str, ...] = ()  # fuzzy dates, five columns each: birth_text, birth_calendar …
    refs: dict[str, type[models.Model]] = field(default_factory=dict)  # a foreign key, given by slug
    many: dict[str, type[models.Model]] = field(default_factory=dict)  # a many-to-many, given by slugs
    variants: type[models.Model] | None = None  # the model of its name variants
    # Rows kept with the record in its history entry (editorial/history.py, TRACKED), by relation name.
    history_children: tuple[str, ...] = ()
    check: Callable[[models.Model], list[tuple[str, str]]] = lambda record: []
    extra_columns: tuple[str, ...] = ()

    @cached_property
    def has_slug(self) -> bool:
        return any(f.name == "slug" for f in self.model._meta.fields)

    @cached_property
    def list_columns(self) -> set[str]:
        return {*self.many, *(("variants",) if self.variants else ())}

    @cached_property
    def columns(self) -> set[str]:
        return {
            "external_id",
            *(("slug",) if self.has_slug else ()),
            *self.fields,
            *(f"{prefix}_{part}" for prefix in self.dates for part in DATE_PARTS),
            *self.refs,
            *self.list_columns,
            *self.extra_columns,
        }


def _has_a_name(record) -> list[tuple[str, str]]:
    if not (record.name_en or record.name_fa):
        return [("name_en", "Give a name in Latin or in Persian script (name_en or name_fa).")]
    return []


def _check_victim(record: Victim) -> list[tuple[str, str]]:
    problems = _has_a_name(record)
    if record.age_at_death is not None and record.age_at_death > 120:
        problems.append(("age_at_death", "An age at death over 120 is surely a typing error."))
    return problems


def _check_source(record: Source) -> list[tuple[str, str]]:
    if not (record.title_en or record.title_fa):
        return [("title_en", "Give a title in English or in Persian (title_en or title_fa).")]
    return []


def _check_position(record: Position) -> list[tuple[str, str]]:
    if not (record.title_en or record.title_fa or record.organization_id):
        return [("title_en", "Give the post's title (title_en or title_fa) or its organization.")]
    return []


VICTIMS = Kind(
    name="victims",
    model=Victim,
    fields=(
        "name_en",
        "name_fa",
        "gender",
        "age_at_death",
        "occupation",
        "affiliation",
        "manner_of_death",
        "charges",
        "burial",
        "biography_en",
        "biography_fa",
        "verification",
    ),  # fmt: skip
    dates=("birth", "arrest", "death"),
    refs={"birth_place": Place, "arrest_place": Place, "death_place": Place, "burial_place": Place},
    many={"events": Event, "prisons": Place},
    variants=VictimName,
    history_children=("variants", "photos"),
    check=_check_victim,
)

SOURCES = Kind(
    name="sources",
    model=Source,
    fields=(
        "title_en",
        "title_fa",
        "kind",
        "author",
        "publisher",
        "language",
        "url",
        "archived_url",
        "summary_en",
        "summary_fa",
        "stance",
        "reliability_note",
    ),  # fmt: skip
    dates=("published",),
    check=_check_source,
)

PERPETRATORS = Kind(
    name="perpetrators",
    model=Perpetrator,
    fields=("name_en", "name_fa", "biography_en", "biography_fa"),
    dates=("birth", "death"),
    refs={"birth_place": Place},
    variants=PerpetratorName,
    history_children=("variants", "photos"),
    check=_has_a_name,
    extra_columns=("positions",),  # JSON only: a list of positions, each shaped as POSITIONS below
)

POSITIONS = Kind(
    name="positions",
    model=Position,
    fields=("title_en", "title_fa", "commission_role", "note_en", "note_fa", "order"),
    dates=("start", "end", "during"),
    refs={"organization": Organization, "place": Place, "event": Event},
    check=_check_position,
    extra_columns=("perpetrator",),  # in a positions file: the perpetrator's external id or slug
)

# A victim's prisons are places of this kind (the admin offers no other).
MANY_OF_KIND = {("victims", "prisons"): PlaceKind.PRISON}
