"""What must always hold is enforced by the database, whatever path a write takes."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from archive.models import Citation, Estimate, Event, Place, Source
from perpetrators.models import Perpetrator, Position
from tests.base import BaseTestCase
from victims.models import PerpetratorLink, Victim


class ConstraintTests(BaseTestCase):
    def assertRefused(self, make):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make()

    def test_a_date_range_cannot_end_before_it_starts(self):
        victim = Victim.objects.create(name_en="Test Person")
        self.assertRefused(
            lambda: Victim.objects.filter(pk=victim.pk).update(
                death_precision="unknown",
                death_earliest=datetime.date(1988, 9, 1),
                death_latest=datetime.date(1988, 8, 1),
            )
        )

    def test_a_precise_date_must_have_its_bounds(self):
        victim = Victim.objects.create(name_en="Test Person")
        self.assertRefused(lambda: Victim.objects.filter(pk=victim.pk).update(death_precision="year"))

    def test_a_precision_must_be_one_the_archive_knows(self):
        victim = Victim.objects.create(name_en="Test Person")
        self.assertRefused(lambda: Victim.objects.filter(pk=victim.pk).update(death_precision=""))

    def test_a_citation_needs_a_locator_or_a_quote(self):
        victim = Victim.objects.create(name_en="Test Person")
        source = self.make_source()
        self.assertRefused(
            lambda: Citation.objects.create(record=victim, source=source, locator="", quote="")
        )
        Citation.objects.create(record=victim, source=source, locator="p. 4")

    def test_slugs_are_unique(self):
        Victim.objects.create(name_en="Same Name", slug="same-name")
        self.assertRefused(lambda: Victim.objects.create(name_en="Same Name", slug="same-name"))

    def test_every_person_and_place_has_a_name(self):
        self.assertRefused(lambda: Victim.objects.create(slug="nameless"))
        self.assertRefused(lambda: Perpetrator.objects.create(slug="nameless"))
        self.assertRefused(lambda: Place.objects.create(slug="nameless", kind="city"))

    def test_coordinates_come_in_pairs_and_in_range(self):
        self.assertRefused(lambda: Place.objects.create(name_en="Half", kind="city", latitude=35.7))
        self.assertRefused(
            lambda: Place.objects.create(name_en="Off", kind="city", latitude=135.7, longitude=51.4)
        )

    def test_an_estimate_needs_a_number_and_an_ordered_range(self):
        event = Event.objects.create(name_en="Event")
        self.assertRefused(
            lambda: Estimate.objects.create(
                event=event, counted_en="dead", count_text="many", estimated_by="x"
            )
        )
        self.assertRefused(
            lambda: Estimate.objects.create(
                event=event, counted_en="dead", count_text="x", estimated_by="x", count_low=10, count_high=5
            )
        )

    def test_a_position_needs_a_title_or_an_organization(self):
        perpetrator = Perpetrator.objects.create(name_en="Official")
        self.assertRefused(lambda: Position.objects.create(perpetrator=perpetrator))

    def test_a_link_names_a_perpetrator_or_a_body(self):
        victim = Victim.objects.create(name_en="Test Person")
        self.assertRefused(lambda: PerpetratorLink.objects.create(victim=victim, role="sentenced"))

    def test_a_stored_file_always_has_its_hash(self):
        source = self.make_source()
        self.assertRefused(
            lambda: Source.objects.filter(pk=source.pk).update(file="sources/x.pdf", sha256="")
        )
