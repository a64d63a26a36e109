"""Checking every row of an import, and planning what each good row changes, before anything is written.

Each row is checked as the model checks a record (field by field with the model's own fields: lengths,
choices, numbers, addresses), its fuzzy dates read in their calendar (archive/dates.py), the places,
events, organizations and sources it names looked up, and the rules the database would enforce (a name
in one script at least, a citation with a locator or a quote …) applied to the record as it would be
stored. A good row becomes a `Plan`: the record with the row's values set on it (a new one, or the one
imported earlier under the same external id), and the rows to create or change with it.

Everything the checks read is loaded up front, in a few queries per thousand rows: the records already
imported, their variants, citations and many-to-many links, the places, events and organizations, and
the sources the citations name.

Merging, on a record imported before:
- a column the file leaves out leaves its field alone; a column given empty empties it;
- `events` and `prisons`, when given, are set to exactly the list given;
- name variants and citations are merged: one not yet on the record (a variant by its name, a citation
  by its source, claim, locator and quote) is added, one already there gets the note, kind or confidence
  the file gives, and none is ever removed (an editor removes one in the admin, with a reason);
- the publication state is the record's own: `--status` applies to the records an import creates.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import models

from archive.dates import Calendar, FuzzyDate, Precision, resolve
from archive.exports import DATE_PARTS
from archive.models import Citation, Confidence, NameKind, Organization, Place, Script, Source, Status
from archive.models.search import Searchable
from archive.normalize import normalize, search_key
from editorial.rules import can_publish
from perpetrators.models import Perpetrator

from .kinds import MANY_OF_KIND, PERPETRATORS, POSITIONS, Kind
from .models import ImportedRecord
from .reading import ImportFile, Row, split_list

CHUNK = 2000  # ids per query when loading what a file refers to
PUBLIC = (Status.PUBLISHED, Status.WITHDRAWN)
PERSIAN_LETTERS = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
VARIANT_KEYS = {"name", "script", "kind", "note"}
CITATION_KEYS = {"source", "claim", "locator", "quote", "note", "confidence"}


@dataclass(frozen=True)
class RowError:
    line: int
    external_id: str
    field: str
    message: str
    file: str = ""  # the positions file, for its rows; empty for the file imported


@dataclass
class Existing:
    """A record imported before, with what the checks compare the row against."""

    record: models.Model
    variants: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    many: dict[str, set[int]] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Plan:
    """What one good row does: the record as it will be stored, and the rows created or changed with it."""

    kind: Kind
    line: int
    external_id: str
    record: models.Model
    created: bool
    changed_fields: set[str] = field(default_factory=set)
    many: dict[str, set[int]] = field(default_factory=dict)  # every many-to-many, as it will be
    many_changed: set[str] = field(default_factory=set)
    variants: list = field(default_factory=list)  # every variant, as it will be
    new_variants: list = field(default_factory=list)
    changed_variants: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    new_citations: list[Citation] = field(default_factory=list)
    changed_citations: list[Citation] = field(default_factory=list)
    old_slug: str = ""
    nested: bool = False  # a position given inside its perpetrator's row
    relink: bool = False  # imported before, but the record was deleted since: made again
    parent: Plan | None = None  # a position's perpetrator, when the same import has it
    positions: list[Plan] = field(default_factory=list)

    @property
    def record_changed(self) -> bool:
        return bool(
            self.created
            or self.changed_fields
            or self.many_changed
            or self.new_variants
            or self.changed_variants
        )

    @property
    def changed(self) -> bool:
        return bool(
            self.record_changed
            or self.new_citations
            or self.changed_citations
            or any(position.changed for position in self.positions)
        )


@dataclass
class Item:
    """One record to check: a row, or a position inside a perpetrator's row."""

    values: dict
    line: int
    report_id: str  # the external id the error report shows for it
    prefix: str = ""  # put before field names in the error report: "positions[2]." …
    file: str = ""  # the positions file, for its rows
    nested: bool = False  # a position inside its perpetrator's row
    parent: Plan | None = None  # the perpetrator's plan, for a position whose perpetrator is in the import
    perpetrator: models.Model | None = None  # or the perpetrator, when it is in the database only
    problem: tuple[str, str] | None = None  # (field, message) when it cannot be checked further

    @property
    def external_id(self) -> str:
        value = self.values.get("external_id")
        return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""


class RowProblems(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems)
        self.problems = problems


class Planner:
    """Checks the rows of one import and plans each good one, with everything it needs loaded once."""

    def __init__(self, kind: Kind, *, status: str, user=None, reason: str = ""):
        self.kind, self.status, self.user, self.reason = kind, status, user, reason
        self.errors: list[RowError] = []
        self._slugs: dict[type[models.Model], set[str]] = {}
        self._lookups: dict[type[models.Model], dict[str, models.Model]] = {}
        self._sources: dict[str, Source | None | bool] = {}
        self._stale: dict[str, set[str]] = {}  # external ids whose record was deleted, by kind
        self._content_types: dict[type[models.Model], ContentType] = {}

    # The whole import.

    def plan(
        self,
        main: ImportFile,
        positions: ImportFile | None = None,
        *,
        on_row: Callable[[], None] = lambda: None,
    ) -> list[Plan]:
        """The plans of the good rows, in file order; the bad rows' problems are in `self.errors`."""
        items = [self._item(row) for row in main.rows]
        self._load_sources(item.values for item in items)
        plans = self._plan_items(self.kind, items, on_row)
        if self.kind is PERPETRATORS:
            plans = self._plan_positions(items, plans, positions, on_row)
        self.errors.sort(key=lambda error: (error.file, error.line))
        return plans

    def _item(self, row: Row, file: str = "") -> Item:
        value = row.values.get("external_id")
        report_id = str(value).strip() if isinstance(value, str | int) else ""
        prefix = f"{file}: " if file else ""
        problem = ("", row.problem) if row.problem else None
        return Item(row.values, row.line, report_id, prefix=prefix, file=file, problem=problem)

    def _plan_items(self, kind: Kind, items: list[Item], on_row: Callable[[], None]) -> list[Plan]:
        """Plans for the items that pass every check, in their order."""
        existing = self._load_existing(kind, [item.external_id for item in items if item.external_id])
        seen: dict[str, int] = {}
        claimed: dict[int, Item] = {}  # record number: the row that updates it
        planned: list[tuple[Item, Plan]] = []
        for item in items:
            try:
                if item.problem:
                    raise RowProblems([item.problem])
                self._check_external_id(item, seen)
                found = existing.get(item.external_id)
                if found is not None:
                    self._claim(found.record, item, claimed)
                plan = self._plan_item(kind, item, found)
            except RowProblems as problems:
                self._report(item, problems.problems)
            else:
                planned.append((item, plan))
            if not item.nested:
                on_row()
        return self._assign_slugs(kind, planned)

    def _check_external_id(self, item: Item, seen: dict[str, int]) -> None:
        external_id = item.external_id
        if not external_id:
            raise RowProblems([("external_id", "Every row needs an external id (its id in your data).")])
        if len(external_id) > 200:
            raise RowProblems([("external_id", "An external id has at most 200 characters.")])
        if external_id in seen:
            raise RowProblems(
                [("external_id", f"The external id “{external_id}” is also on line {seen[external_id]}.")]
            )
        seen[external_id] = item.line

    def _claim(self, record, item: Item, claimed: dict[int, Item]) -> None:
        """One row per record: two external ids lead to one record when an editor merged their records."""
        first = claimed.setdefault(record.pk, item)
        if first is not item:
            raise RowProblems(
                [
                    (
                        "external_id",
                        f"“{item.external_id}” and “{first.external_id}” (line {first.line}) were imported as two "
                        f"records, since merged into one (“{record}”): keep one of the two rows.",
                    )
                ]
            )

    def _report(self, item: Item, problems: list[tuple[str, str]]) -> None:
        for name, message in problems:
            where = f"{item.prefix}{name}" if name else item.prefix.rstrip(": .")
            self.errors.append(RowError(item.line, item.report_id, where, message, item.file))

    # One record.

    def _plan_item(self, kind: Kind, item: Item, existing: Existing | None) -> Plan:
        values = item.values
        problems: list[tuple[str, str]] = []
        unknown = sorted(set(values) - kind.columns - {"citations"})
        if item.nested and "perpetrator" in values:
            unknown.append("perpetrator")  # a nested position belongs to the perpetrator it is in
        problems += [(name, f"Unknown field “{name}”.") for name in unknown]

        cleaned: dict[str, object] = {}
        for name in kind.fields:
            if name in values:
                try:
                    cleaned[name] = clean_field(kind.model._meta.get_field(name), values[name])
                except ValidationError as error:
                    problems.append((name, " ".join(error.messages)))
        dates = {}
        for prefix in kind.dates:
            parts = {part: values[f"{prefix}_{part}"] for part in DATE_PARTS if f"{prefix}_{part}" in values}
            if parts:
                try:
                    dates[prefix] = clean_date(parts)
                except RowProblems as date_problems:
                    problems += [(f"{prefix}_{part}", message) for part, message in date_problems.problems]
        refs = {}
        for name, model in kind.refs.items():
            if name in values:
                try:
                    refs[name] = self._lookup(model, values[name], name)
                except RowProblems as ref_problems:
                    problems += ref_problems.problems
        many = {}
        for name, model in kind.many.items():
            if name in values:
                try:
                    many[name] = self._lookup_many(kind, name, model, values[name])
                except RowProblems as many_problems:
                    problems += many_problems.problems
        slug = ""
        if kind.has_slug and isinstance(values.get("slug"), str) and values["slug"].strip():
            slug = values["slug"].strip()
            try:
                validate_unicode_slug(slug)
                if len(slug) > 220:
                    raise ValidationError("An address has at most 220 characters.")
            except ValidationError as error:
                problems.append(("slug", " ".join(error.messages)))
        variants = self._clean_variants(values["variants"], problems) if "variants" in values else []
        citations = (
            self._clean_citations(kind, values["citations"], problems) if "citations" in values else []
        )
        if kind is PERPETRATORS and isinstance(values.get("positions"), str):
            problems.append(("positions", "Positions come in a file of their own: --positions FILE."))
        if problems:
            raise RowProblems(problems)

        plan = self._apply(kind, item, existing, cleaned, dates, refs, many, slug)
        self._merge_variants(kind, plan, variants)
        self._merge_citations(kind, plan, existing, citations)
        problems = kind.check(plan.record)
        if existing is not None and existing.record.status in PUBLIC and plan.changed:
            problems += self._public_record_problems(existing.record)
        if problems:
            raise RowProblems(problems)
        return plan

    def _apply(self, kind, item, existing, cleaned, dates, refs, many, slug) -> Plan:
        model = kind.model
        if existing is None:
            record = model(status=self.status)
            for accessor in model.fuzzy_date_accessors():
                accessor.__set__(record, FuzzyDate())  # an unknown date, as save() would store it
            plan = Plan(kind, item.line, item.external_id, record, created=True)
            plan.relink = item.external_id in self._stale[kind.name]
        else:
            record = existing.record
            plan = Plan(kind, item.line, item.external_id, record, created=False)
            plan.variants, plan.photos = list(existing.variants), list(existing.photos)
        plan.parent, plan.nested = item.parent, item.nested
        wanted = {**cleaned}
        for prefix, date in dates.items():
            wanted.update({f"{prefix}_{part}": getattr(date, part) for part in DATE_PARTS})
        for name, value in wanted.items():
            if getattr(record, name) != value:
                setattr(record, name, value)
                plan.changed_fields.add(name)
        for name, target in refs.items():
            attname = model._meta.get_field(name).attname
            if getattr(record, attname) != (target.pk if target else None):
                plan.changed_fields.add(name)
            setattr(record, name, target)  # the instance too: the history entry names it
        if kind is POSITIONS:
            perpetrator = item.parent.record if item.parent else item.perpetrator
            if perpetrator is not None:
                if record.perpetrator_id is None or record.perpetrator_id != perpetrator.pk:
                    plan.changed_fields.add("perpetrator")
                record.perpetrator = perpetrator
        for name in kind.many:
            before = existing.many.get(name, set()) if existing else set()
            plan.many[name] = many.get(name, before)
            if plan.many[name] != before:
                plan.many_changed.add(name)
        if slug and existing is not None and slug != record.slug:
            plan.old_slug, record.slug = record.slug, slug
            plan.changed_fields.add("slug")
        elif slug and existing is None:
            record.slug = slug
        return plan

    def _public_record_problems(self, record) -> list[tuple[str, str]]:
        state = Status(record.status).label
        if self.user is None or not can_publish(self.user):
            return [
                (
                    "",
                    f"This record is {state}: only a reviewer may change it. Run the import with --user naming "
                    "an account with the permission to publish, or change it in the admin.",
                )
            ]
        if not self.reason:
            return [("", f"This record is {state}: say why it changes with --reason; the history keeps it.")]
        return []

    # Variants and citations.

    def _clean_variants(self, raw, problems: list) -> list[dict]:
        if isinstance(raw, str):
            raw = split_list(raw)
        if not isinstance(raw, list):
            problems.append(("variants", "Give the name variants as a list."))
            return []
        variants = []
        for n, entry in enumerate(raw, start=1):
            label = f"variants[{n}]"
            if isinstance(entry, str):
                entry = {"name": entry}
            if not isinstance(entry, dict):
                problems.append(
                    (label, "A name variant is a name, or an object with its name, script, kind, note.")
                )
                continue
            if unknown := sorted(set(entry) - VARIANT_KEYS):
                problems.append(
                    (
                        label,
                        f"Unknown field “{unknown[0]}”: a name variant has {', '.join(sorted(VARIANT_KEYS))}.",
                    )
                )
                continue
            variant = {key: str(value).strip() if value is not None else "" for key, value in entry.items()}
            if not variant.get("name"):
                problems.append((f"{label}.name", "A name variant needs its name."))
            elif len(variant["name"]) > 200:
                problems.append((f"{label}.name", "A name has at most 200 characters."))
            for key, choices in (("script", Script), ("kind", NameKind)):
                if key in variant and variant[key] not in choices.values:
                    problems.append((f"{label}.{key}", not_one_of(variant[key], choices.values)))
            if len(variant.get("note", "")) > 300:
                problems.append((f"{label}.note", "A note has at most 300 characters."))
            variants.append(variant)
        return variants

    def _merge_variants(self, kind: Kind, plan: Plan, variants: list[dict]) -> None:
        by_name = {variant.name: variant for variant in plan.variants}
        for given in variants:
            variant = by_name.get(given["name"])
            if variant is None:
                script = given.get("script") or (
                    Script.PERSIAN if PERSIAN_LETTERS.search(given["name"]) else Script.LATIN
                )
                variant = kind.variants(
                    name=given["name"], script=script, kind=given.get("kind") or NameKind.SPELLING,
                    note=given.get("note", ""),
                )  # fmt: skip
                by_name[variant.name] = variant
                plan.variants.append(variant)
                plan.new_variants.append(variant)
            elif variant.pk is not None:
                changes = {key: given[key] for key in ("script", "kind", "note") if key in given}
                if any(getattr(variant, key) != value for key, value in changes.items()):
                    for key, value in changes.items():
                        setattr(variant, key, value)
                    plan.changed_variants.append(variant)

    def _clean_citations(self, kind: Kind, raw, problems: list) -> list[dict]:
        if not isinstance(raw, list):
            problems.append(("citations", "Give the citations as a list of objects."))
            return []
        claims = dict(kind.model.CLAIMS)
        cleaned = []
        for n, entry in enumerate(raw, start=1):
            label = f"citations[{n}]."
            if not isinstance(entry, dict):
                problems.append(
                    (label.rstrip("."), "A citation is an object: source, claim, locator, quote …")
                )
                continue
            label = entry.get("_label", label)  # a CSV row names the columns: "citation_2_"
            given = {key: value for key, value in entry.items() if key != "_label"}
            if unknown := sorted(set(given) - CITATION_KEYS):
                problems.append(
                    (
                        f"{label}{unknown[0]}",
                        f"Unknown field: a citation has {', '.join(sorted(CITATION_KEYS))}.",
                    )
                )
                continue
            citation = {key: str(value).strip() if value is not None else "" for key, value in given.items()}
            start = len(problems)
            source = None
            if not citation.get("source"):
                problems.append(
                    (f"{label}source", "A citation needs its source: a source's address or external id.")
                )
            else:
                try:
                    source = self._source(citation["source"])
                except RowProblems as source_problems:
                    problems += [(f"{label}source", message) for _name, message in source_problems.problems]
            citation["claim"] = citation.get("claim") or "general"
            if citation["claim"] not in claims:
                problems.append((f"{label}claim", not_one_of(citation["claim"], list(claims))))
            if "confidence" in citation and citation["confidence"] not in Confidence.values:
                problems.append((f"{label}confidence", not_one_of(citation["confidence"], Confidence.values)))
            if not (citation.get("locator") or citation.get("quote")):
                problems.append(
                    (f"{label}locator", "Give a locator (page, paragraph, timestamp) or a quote, or both.")
                )
            if len(citation.get("locator", "")) > 200:
                problems.append((f"{label}locator", "A locator has at most 200 characters."))
            if len(problems) == start:
                cleaned.append({**citation, "source": source})
        return cleaned

    def _merge_citations(
        self, kind: Kind, plan: Plan, existing: Existing | None, citations: list[dict]
    ) -> None:
        def key(source_id, claim, locator, quote):
            return (source_id, claim, locator, quote)

        content_type = ContentType.objects.get_for_model(kind.model)
        current = {
            key(c.source_id, c.claim, c.locator, c.quote): c for c in (existing.citations if existing else [])
        }
        for given in citations:
            source = given["source"]
            found_key = key(source.pk, given["claim"], given.get("locator", ""), given.get("quote", ""))
            citation = current.get(found_key)
            if citation is None:
                citation = Citation(
                    content_type=content_type,
                    source=source,
                    claim=given["claim"],
                    locator=given.get("locator", ""),
                    quote=given.get("quote", ""),
                    note=given.get("note", ""),
                    confidence=given.get("confidence") or Confidence.MEDIUM,
                )
                current[found_key] = citation
                plan.new_citations.append(citation)
            elif citation.pk is not None:
                changes = {name: given[name] for name in ("note", "confidence") if name in given}
                if any(getattr(citation, name) != value for name, value in changes.items()):
                    for name, value in changes.items():
                        setattr(citation, name, value)
                    citation.source = source  # its history entry is named after its source
                    if citation not in plan.changed_citations:
                        plan.changed_citations.append(citation)

    # Positions, inside perpetrators' rows or in a file of their own.

    def _plan_positions(
        self, items: list[Item], plans: list[Plan], positions: ImportFile | None, on_row: Callable[[], None]
    ) -> list[Plan]:
        """Check the positions inside the perpetrators' rows and those of a positions file, and attach each
        to its perpetrator's plan. A bad position inside a row makes the whole row bad."""
        by_external_id = {plan.external_id: plan for plan in plans}
        position_items: list[Item] = []
        for item in items:
            given = item.values.get("positions")
            if given is None or isinstance(given, str):
                continue  # none, or a CSV column reported already
            if not isinstance(given, list):
                self._report(item, [("positions", "Give the positions as a list of objects.")])
                continue
            parent = by_external_id.get(item.external_id) if item.external_id else None
            for n, values in enumerate(given, start=1):
                position = Item(
                    values if isinstance(values, dict) else {},
                    item.line,
                    item.report_id,
                    prefix=f"positions[{n}].",
                    nested=True,
                    parent=parent,
                    problem=None if isinstance(values, dict) else ("", "A position is an object."),
                )
                position_items.append(position)
        if positions is not None:
            self._load_sources(row.values for row in positions.rows)
            for row in positions.rows:
                position = self._item(row, file=positions.name)
                position.problem = position.problem or self._find_perpetrator(position, by_external_id, items)
                position_items.append(position)
        position_plans = self._plan_items(POSITIONS, position_items, on_row)

        bad_lines = {error.line for error in self.errors if not error.file}
        kept = [plan for plan in plans if plan.line not in bad_lines]
        kept_ids = {id(plan) for plan in kept}
        orphans = []
        for position in position_plans:
            parent = position.parent
            if parent is not None and id(parent) in kept_ids:
                parent.positions.append(position)
            elif not position.nested and parent is None:
                orphans.append(position)  # its perpetrator is in the database, not in this import
            elif not position.nested:
                self.errors.append(
                    RowError(
                        position.line,
                        position.external_id,
                        f"{positions.name}: perpetrator",
                        f"Its perpetrator “{parent.external_id}” (line {parent.line}) is on a row with problems.",
                        positions.name,
                    )
                )
            # A position inside a bad row goes with it: the row is reported already.
        self.errors.sort(key=lambda error: (error.file, error.line))
        return kept + orphans

    def _find_perpetrator(self, item: Item, in_file: dict[str, Plan], items: list[Item]) -> tuple | None:
        """Attach a positions-file row to its perpetrator; the problem, if it cannot be."""
        reference = item.values.get("perpetrator")
        reference = str(reference).strip() if isinstance(reference, str | int) else ""
        if not reference:
            return (
                "perpetrator",
                "A position needs its perpetrator: the perpetrator's external id or address.",
            )
        if reference in in_file:
            item.parent = in_file[reference]
            return None
        if any(other.external_id == reference for other in items):
            return ("perpetrator", f"Its perpetrator “{reference}” is on a row with problems.")
        try:
            item.perpetrator = self._resolve(Perpetrator, reference, "perpetrator")
        except RowProblems as problems:
            return problems.problems[0]
        return None

    # Slugs.

    def _assign_slugs(self, kind: Kind, planned: list[tuple[Item, Plan]]) -> list[Plan]:
        """Check the addresses rows give, then make one for each new record without: its name, numbered
        where taken (as SluggedRecord.unique_slug does, but against one set read once)."""
        if not kind.has_slug:
            return [plan for _item, plan in planned]
        taken = self._taken_slugs(kind.model)
        bad = set()
        for item, plan in planned:
            if plan.record.slug and (plan.created or plan.old_slug):
                if plan.record.slug in taken:
                    self._report(item, [("slug", f"The address “{plan.record.slug}” is taken.")])
                    bad.add(id(plan))
                taken.add(plan.record.slug)
        for _item, plan in planned:
            if plan.created and not plan.record.slug:
                plan.record.slug = kind.model.unique_slug(str(plan.record), taken)
        return [plan for _item, plan in planned if id(plan) not in bad]

    def _content_type(self, model) -> ContentType:
        # ContentType's own cache asks the database router first, each time: a second at 30,000 rows.
        if model not in self._content_types:
            self._content_types[model] = ContentType.objects.get_for_model(model)
        return self._content_types[model]

    def _taken_slugs(self, model) -> set[str]:
        if model not in self._slugs:
            self._slugs[model] = set(model._default_manager.values_list("slug", flat=True))
        return self._slugs[model]

    # What rows refer to.

    def _lookup(self, model, value, name: str):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise RowProblems([(name, "Give the address (slug) of the record, as text.")])
        found = self._table(model).get(value.strip())
        if found is None:
            raise RowProblems([(name, f"No {model._meta.verbose_name} has the address “{value.strip()}”.")])
        return found

    def _lookup_many(self, kind: Kind, name: str, model, value) -> set[int]:
        slugs = split_list(value) if isinstance(value, str) else value
        if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
            raise RowProblems([(name, "Give a list of addresses (slugs).")])
        table, ids, problems = self._table(model), set(), []
        wanted_kind = MANY_OF_KIND.get((kind.name, name))
        for slug in slugs:
            found = table.get(slug.strip())
            if found is None:
                problems.append((name, f"No {model._meta.verbose_name} has the address “{slug.strip()}”."))
            elif wanted_kind and found.kind != wanted_kind:
                problems.append((name, f"“{slug.strip()}” is not a {wanted_kind}."))
            else:
                ids.add(found.pk)
        if problems:
            raise RowProblems(problems)
        return ids

    def _table(self, model) -> dict[str, models.Model]:
        """Every place, event or organization by its address: there are few, so all are read at once."""
        if model not in self._lookups:
            fields = [
                "pk",
                "slug",
                "name_en",
                "name_fa",
                *(["kind"] if model in (Place, Organization) else []),
            ]
            self._lookups[model] = {record.slug: record for record in model._default_manager.only(*fields)}
        return self._lookups[model]

    def _load_sources(self, rows: Iterable[dict]) -> None:
        """Read the sources the citations of these rows name, by address or external id, in a few queries."""
        wanted = set()
        for values in rows:
            for entry in [values, *((values or {}).get("positions") or [])]:
                for citation in entry.get("citations") or [] if isinstance(entry, dict) else []:
                    if isinstance(citation, dict) and isinstance(citation.get("source"), str):
                        wanted.add(citation["source"].strip())
        wanted -= set(self._sources)
        if not wanted:
            return
        fields = ("pk", "slug", "title_en", "title_fa")
        by_slug, by_external_id = {}, defaultdict(set)
        content_type = ContentType.objects.get_for_model(Source)
        for chunk in chunks(sorted(wanted)):
            by_slug.update({s.slug: s for s in Source.objects.filter(slug__in=chunk).only(*fields)})
            links = ImportedRecord.objects.filter(content_type=content_type, external_id__in=chunk)
            for external_id, object_id in links.values_list("external_id", "object_id"):
                by_external_id[external_id].add(object_id)
        ids = {pk for pks in by_external_id.values() for pk in pks}
        by_pk = {}
        for chunk in chunks(sorted(ids)):
            by_pk.update({s.pk: s for s in Source.objects.filter(pk__in=chunk).only(*fields)})
        for reference in wanted:
            candidates = {by_pk[pk] for pk in by_external_id.get(reference, ()) if pk in by_pk}
            if reference in by_slug:
                candidates.add(by_slug[reference])
            self._sources[reference] = (
                candidates.pop() if len(candidates) == 1 else (None if not candidates else False)
            )

    def _source(self, reference: str) -> Source:
        found = self._sources.get(reference)
        if found is False:
            raise RowProblems(
                [("source", f"“{reference}” is the address of one source and the external id of another.")]
            )
        if found is None:
            raise RowProblems([("source", f"No source has the address or external id “{reference}”.")])
        return found

    def _resolve(self, model, reference: str, name: str):
        """One record by its external id or its address, for the rare references not read in bulk."""
        content_type = ContentType.objects.get_for_model(model)
        ids = set(
            ImportedRecord.objects.filter(content_type=content_type, external_id=reference).values_list(
                "object_id", flat=True
            )
        )
        records = {record.pk: record for record in model._default_manager.filter(pk__in=ids)}
        by_slug = model._default_manager.filter(slug=reference).first()
        if by_slug is not None:
            records[by_slug.pk] = by_slug
        if len(records) > 1:
            raise RowProblems(
                [(name, f"“{reference}” is the address of one record and the external id of another.")]
            )
        if not records:
            raise RowProblems(
                [(name, f"No {model._meta.verbose_name} has the external id or address “{reference}”.")]
            )
        return records.popitem()[1]

    def _load_existing(self, kind: Kind, external_ids: list[str]) -> dict[str, Existing]:
        """The records imported before under these external ids, with their variants, photos,
        many-to-many links and citations; a few queries per CHUNK records."""
        model = kind.model
        content_type = ContentType.objects.get_for_model(model)
        links: dict[str, int] = {}
        for chunk in chunks(external_ids):
            links.update(
                ImportedRecord.objects.filter(content_type=content_type, external_id__in=chunk).values_list(
                    "external_id", "object_id"
                )
            )
        records: dict[int, Existing] = {}
        for chunk in chunks(sorted(set(links.values()))):
            queryset = model._default_manager.filter(pk__in=chunk)
            if kind is POSITIONS:
                queryset = queryset.select_related("perpetrator", "organization")
            for record in queryset:
                records[record.pk] = Existing(record, many={name: set() for name in kind.many})
            # Children read by hand, not by prefetch_related(): a third of the time at 30,000 records.
            for relation in kind.history_children:
                child_model = model._meta.get_field(relation).related_model
                parent = f"{model._meta.get_field(relation).field.name}_id"
                for child in child_model._default_manager.filter(**{f"{parent}__in": chunk}).order_by("pk"):
                    getattr(records[getattr(child, parent)], relation).append(child)
            for name in kind.many:
                many_field = model._meta.get_field(name)
                through = many_field.remote_field.through
                own, other = f"{many_field.m2m_field_name()}_id", f"{many_field.m2m_reverse_field_name()}_id"
                for record_id, target_id in through.objects.filter(**{f"{own}__in": chunk}).values_list(
                    own, other
                ):
                    records[record_id].many[name].add(target_id)
            for citation in Citation.objects.filter(content_type=content_type, object_id__in=chunk):
                if citation.object_id in records:
                    records[citation.object_id].citations.append(citation)
        self._stale[kind.name] = {external_id for external_id, pk in links.items() if pk not in records}
        return {external_id: records[pk] for external_id, pk in links.items() if pk in records}


# Values.


def clean_field(model_field: models.Field, raw):
    """A cell or JSON value as the model field would store it; ValidationError with a reader's message."""
    if isinstance(raw, dict | list):
        raise ValidationError("Give one value here, not a list or an object.")
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        if model_field.null:
            raw = None
        elif model_field.has_default() and not model_field.blank:
            raw = model_field.get_default()  # an empty "verification" or "order": the model's default
        else:
            raw = ""
    if model_field.choices and raw not in (None, ""):
        values = [str(value) for value, _label in model_field.flatchoices if value != ""]
        if str(raw) not in values:
            raise ValidationError(not_one_of(raw, values, empty_allowed=model_field.blank))
    return model_field.clean(raw, None)


def clean_date(parts: dict) -> FuzzyDate:
    """The five parts of a fuzzy date as given (any may be missing), read and checked in their calendar."""
    problems = []
    text = parts.get("text")
    text = "" if text is None else str(text).strip()
    calendar = str(parts.get("calendar") or "").strip() or Calendar.GREGORIAN
    if calendar not in Calendar.values:
        problems.append(("calendar", not_one_of(calendar, Calendar.values)))
    precision = str(parts.get("precision") or "").strip()
    if precision and precision not in Precision.values:
        problems.append(("precision", not_one_of(precision, Precision.values, empty_allowed=True)))
    bounds = {}
    for part in ("earliest", "latest"):
        value = str(parts.get(part) or "").strip()
        try:
            bounds[part] = datetime.date.fromisoformat(value) if value else None
        except ValueError:
            problems.append((part, f"“{value}” is not a day written as YYYY-MM-DD."))
    if problems:
        raise RowProblems(problems)
    try:
        return resolve(FuzzyDate(text, calendar, precision, bounds["earliest"], bounds["latest"]))
    except ValidationError as error:
        raise RowProblems(
            [(part, " ".join(str(m) for m in messages)) for part, messages in error.message_dict.items()]
        ) from None


def not_one_of(value, values: Iterable[str], *, empty_allowed: bool = False) -> str:
    allowed = ", ".join(values) + (", or empty" if empty_allowed else "")
    return f"“{value}” is not one of: {allowed}."


def chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def search_fields(plan: Plan) -> None:
    """Fill the record's search columns, as Searchable.save() would, with the variants it will have."""
    record = plan.record
    if not isinstance(record, Searchable):
        return
    names = (
        [record.name_en, record.name_fa, *(variant.name for variant in plan.variants)]
        if plan.kind.variants
        else record.names_for_search()
    )
    record.search_names = search_key(names)
    record.search_text = normalize(" ".join(text for text in record.text_for_search() if text))
