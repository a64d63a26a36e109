"""load_seed: enter the records of the seed article (archive/seed) into the database.

Safe to run again: records are found by slug (citations by record, source, claim and quote;
positions by perpetrator, organization and title) and saved only when something differs, so a
second run creates nothing and changes nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from archive import seed
from archive.dates import Calendar, FuzzyDatesMixin
from archive.documents import extract_source_text
from archive.models import Citation, Estimate, Event, Organization, Place, Publishable, Source, Status
from editorial.history import recording
from perpetrators.models import Perpetrator, PerpetratorName, Position


class Command(BaseCommand):
    help = "Enter the people, posts, events and sources the seed article states, published and cited."

    def handle(self, *args, **options):
        self.article_text = seed.ARTICLE_PATH.read_text(encoding="utf-8")
        self.tally: Counter[tuple[str, str]] = Counter()
        with recording(via="command: load_seed"):
            self.load_sources()
            places = self.load_places()
            events = self.load_events(places)
            organizations = self.load_organizations(places)
            self.load_perpetrators(organizations, places, events)
        self.stdout.write(self.style.SUCCESS(self.summary()))

    def load_sources(self) -> None:
        sources = {}
        for data in seed.SOURCES:
            fields = without(data, "slug", "citations")
            if data["slug"] == seed.ARTICLE_SLUG:
                fields["extracted_text"] = self.article_text
            sources[data["slug"]] = self.upsert(Source, {"slug": data["slug"]}, fields)
        self.article = sources[seed.ARTICLE_SLUG]
        self.attach_article_file(self.article)
        if self.tally["article file", "stored"] or not self.article.text_status:
            extract_source_text(self.article)  # the article's text, searchable with its page number
        # Citations come after the article exists, since every one of them points at it.
        for data in seed.SOURCES:
            self.cite(sources[data["slug"]], data["citations"])

    def attach_article_file(self, article: Source) -> None:
        """Store the article as the source's file, unless the same bytes are already stored."""
        digest = hashlib.sha256(seed.ARTICLE_PATH.read_bytes()).hexdigest()
        if article.sha256 == digest and article.file and article.file.storage.exists(article.file.name):
            return
        with seed.ARTICLE_PATH.open("rb") as handle:
            article.file = File(handle, name=seed.ARTICLE_FILENAME)
            article.save()  # Source.save() records the hash, size and media type
        self.tally["article file", "stored"] += 1

    def load_places(self) -> dict[str, Place]:
        places: dict[str, Place] = {}
        for data in seed.PLACES:  # parents come before the places inside them
            fields = without(data, "slug", "citations", "parent")
            fields["parent"] = places[data["parent"]] if "parent" in data else None
            places[data["slug"]] = place = self.upsert(Place, {"slug": data["slug"]}, fields)
            self.cite(place, data["citations"])
        return places

    def load_events(self, places: dict[str, Place]) -> dict[str, Event]:
        events: dict[str, Event] = {}
        for data in seed.EVENTS:
            event = self.upsert(
                Event, {"slug": data["slug"]}, without(data, "slug", "citations", "places", "estimates")
            )
            events[data["slug"]] = event
            event.places.set([places[slug] for slug in data["places"]])
            self.cite(event, data["citations"])
            for order, estimate_data in enumerate(data["estimates"]):
                fields = {"count_high": None, "note": "", **without(estimate_data, "counted_en", "citations")}
                estimate = self.upsert(
                    Estimate,
                    {"event": event, "counted_en": estimate_data["counted_en"]},
                    {**fields, "order": order},
                )
                self.cite(estimate, estimate_data["citations"])
        return events

    def load_organizations(self, places: dict[str, Place]) -> dict[str, Organization]:
        organizations: dict[str, Organization] = {}
        for data in seed.ORGANIZATIONS:  # umbrella commissions come before their branches
            fields = without(data, "slug", "citations", "parent", "place")
            fields["parent"] = organizations[data["parent"]] if "parent" in data else None
            fields["place"] = places[data["place"]] if "place" in data else None
            organizations[data["slug"]] = organization = self.upsert(
                Organization, {"slug": data["slug"]}, fields
            )
            self.cite(organization, data["citations"])
        return organizations

    def load_perpetrators(
        self, organizations: dict[str, Organization], places: dict[str, Place], events: dict[str, Event]
    ) -> None:
        for data in seed.PERPETRATORS:
            perpetrator = self.upsert(
                Perpetrator,
                {"slug": data["slug"]},
                without(data, "slug", "citations", "variants", "positions"),
            )
            self.cite(perpetrator, data["citations"])
            for variant in data.get("variants", []):
                self.upsert(
                    PerpetratorName,
                    {"perpetrator": perpetrator, "name": variant["name"]},
                    {"script": "latin", "kind": "spelling", "note": variant.get("note", "")},
                )
            perpetrator.refresh_search()  # its variants are searchable names too
            for order, position_data in enumerate(data["positions"]):
                lookup = {
                    "perpetrator": perpetrator,
                    "organization": organizations[position_data["organization"]],
                    "title_en": position_data["title_en"],
                }
                fields = without(position_data, "organization", "title_en", "place", "event", "citations")
                fields["place"] = places[position_data["place"]] if "place" in position_data else None
                fields["event"] = events[position_data["event"]] if "event" in position_data else None
                position = self.upsert(Position, lookup, {**fields, "order": order})
                self.cite(position, position_data["citations"])

    def cite(self, record: models.Model, citations: list[dict]) -> None:
        claims = dict(type(record).CLAIMS)
        content_type = ContentType.objects.get_for_model(record)
        for data in citations:
            # A quote that is not in the article, or a claim the record does not make, is a typo in the
            # seed data; stop before it reaches readers as a footnote.
            if data["quote"] not in self.article_text:
                raise CommandError(f"Not in the article, cited on {record}: {data['quote'][:80]!r}")
            if data["claim"] not in claims:
                raise CommandError(f"{record} makes no claim {data['claim']!r}.")
            lookup = {
                "content_type": content_type,
                "object_id": record.pk,
                "source": self.article,
                "claim": data["claim"],
                "quote": data["quote"],
            }
            self.upsert(
                Citation, lookup, {"note": data["note"], "confidence": data["confidence"], "locator": ""}
            )

    def upsert(self, model: type[models.Model], lookup: dict, fields: dict) -> models.Model:
        """Create the record, or bring it up to date, saving only when a value differs.

        Plain update_or_create() would save every record on every run, bumping its "last
        updated" time and the editorial history although nothing changed.
        """
        fields = {**fields}
        if issubclass(model, Publishable):
            fields.update(status=Status.PUBLISHED, is_sample=False)
        if issubclass(model, FuzzyDatesMixin):
            # The seed is the whole truth about each date: a column it leaves out is empty, so that
            # no leftover precision or bound from an earlier run combines with new text.
            for accessor in model.fuzzy_date_accessors():
                p = accessor.prefix
                for column, empty in (("text", ""), ("calendar", Calendar.GREGORIAN), ("precision", "")):
                    fields.setdefault(f"{p}_{column}", empty)
                fields.setdefault(f"{p}_earliest", None)
                fields.setdefault(f"{p}_latest", None)
        label = str(model._meta.verbose_name_plural)
        record = model._default_manager.filter(**lookup).first()
        if record is None:
            record = model(**lookup, **fields)
            record.save()
            self.tally[label, "created"] += 1
            return record
        before = {field.attname: getattr(record, field.attname) for field in model._meta.concrete_fields}
        for name, value in fields.items():
            setattr(record, name, value)
        if isinstance(record, FuzzyDatesMixin):
            record.resolve_fuzzy_dates()  # compare what would be stored, not the text alone
        if any(getattr(record, name) != value for name, value in before.items()):
            record.save()
            self.tally[label, "updated"] += 1
        else:
            self.tally[label, "unchanged"] += 1
        return record

    def summary(self) -> str:
        outcomes = Counter()
        for (_label, outcome), n in self.tally.items():
            outcomes[outcome] += n
        lines = [
            f"Seed loaded from “{seed.ARTICLE_SLUG}”: {outcomes['created']} created, "
            f"{outcomes['updated']} updated, {outcomes['unchanged']} unchanged, "
            f"article file {'stored' if outcomes['stored'] else 'already stored'}."
        ]
        labels = dict.fromkeys(label for label, _outcome in self.tally if label != "article file")
        for label in labels:
            counts = ", ".join(
                f"{self.tally[label, outcome]} {outcome}"
                for outcome in ("created", "updated", "unchanged")
                if self.tally[label, outcome]
            )
            lines.append(f"  {label}: {counts}")
        return "\n".join(lines)


def without(data: dict, *keys: str) -> dict:
    return {key: value for key, value in data.items() if key not in keys}
