"""generate_sample_data: a sample archive at scale, realistic, deterministic, findable, and refused where it
would mix with real records or where sample data is not allowed."""

from __future__ import annotations

import hashlib
from io import StringIO
from unittest import mock, skipUnless

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Min
from django.test import TestCase, override_settings

from archive.dates import Precision
from archive.models import (
    Citation,
    Event,
    Organization,
    Place,
    Script,
    Source,
    SourcePage,
    Status,
    TextStatus,
)
from editorial.models import HistoryEntry
from perpetrators.models import Perpetrator, PerpetratorName, Position
from victims import sample_archive
from victims.models import PerpetratorLink, Victim, VictimName

# Every table the command writes, parents before the rows that point at them.
TABLES = [
    Place,
    Event,
    Organization,
    Source,
    SourcePage,
    Perpetrator,
    PerpetratorName,
    Position,
    Victim,
    VictimName,
    Victim.events.through,
    Victim.prisons.through,
    PerpetratorLink,
    Citation,
]
SIZE = ["--victims", "600", "--perpetrators", "30", "--sources", "120"]


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_sample_data", *args, stdout=out)
    return out.getvalue()


def digest() -> str:
    """A hash of every row the command wrote, with ids counted from each table's first row, and without the
    times: what two runs with the same seed must agree on, whatever ids the database handed out."""
    first = {model: model.objects.aggregate(first=Min("pk"))["first"] or 0 for model in TABLES}
    model_of_type = {ContentType.objects.get_for_model(model).pk: model for model in TABLES}
    hashed = hashlib.sha256()
    for model in TABLES:
        for row in model.objects.order_by("pk").values():
            for model_field in model._meta.concrete_fields:
                name = model_field.attname
                if name in ("created_at", "updated_at"):
                    del row[name]
                elif model_field.primary_key:
                    row[name] -= first[model]
                elif model_field.is_relation and model_field.related_model in first and row[name] is not None:
                    row[name] -= first[model_field.related_model]
            if "object_id" in row:
                row["object_id"] -= first[model_of_type[row["content_type_id"]]]
            hashed.update(repr(sorted(row.items())).encode())
    return hashed.hexdigest()


class Rollback(Exception):
    pass


@override_settings(ALLOW_SAMPLE_DATA=True)
class GeneratedArchiveTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = generate(*SIZE)

    def test_it_makes_what_it_was_asked_for_and_says_so(self):
        self.assertEqual(Victim.objects.count(), 600)
        self.assertEqual(Perpetrator.objects.count(), 30)
        self.assertEqual(Source.objects.count(), 120)
        self.assertIn("600 victims, 30 perpetrators, 120 sources", self.output)
        self.assertIn("victims.Victim: 600 rows", self.output)
        self.assertIn("peak memory", self.output)

    def test_citations_come_in_the_proportions_of_a_real_archive(self):
        def cited(*models) -> int:
            types = [ContentType.objects.get_for_model(model) for model in models]
            return Citation.objects.filter(content_type__in=types).count()

        per_victim = cited(Victim) / Victim.objects.count()
        per_perpetrator = cited(Perpetrator, Position) / Perpetrator.objects.count()
        self.assertGreater(per_victim, 2.5)
        self.assertLess(per_victim, 3.5)
        self.assertGreater(per_perpetrator, 8)
        self.assertLess(per_perpetrator, 12)
        self.assertTrue(PerpetratorLink.objects.filter(citations__isnull=False).exists())

    def test_every_precision_of_date_is_present(self):
        precisions = set(Victim.objects.values_list("death_precision", flat=True))
        self.assertEqual(precisions, set(Precision.values))
        self.assertTrue(Victim.objects.filter(death_calendar="solar_hijri").exists())
        self.assertTrue(Victim.objects.filter(death_calendar="gregorian").exists())
        self.assertTrue(Position.objects.exclude(start_precision=Precision.UNKNOWN).exists())
        self.assertTrue(Source.objects.exclude(published_precision=Precision.UNKNOWN).exists())

    def test_names_come_in_both_scripts_with_variants(self):
        self.assertTrue(
            Victim.objects.filter(name_fa__regex=r"[\u0600-\u06ff]", name_en__regex=r"^[A-Za-z]").exists()
        )
        self.assertTrue(VictimName.objects.filter(script=Script.LATIN).exists())
        self.assertTrue(VictimName.objects.filter(script=Script.PERSIAN).exists())
        self.assertTrue(PerpetratorName.objects.exists())

    def test_places_form_a_hierarchy(self):
        prison = Place.objects.get(slug="gohardasht-prison")
        self.assertEqual([place.slug for place in prison.ancestors()], ["karaj", "alborz", "iran"])
        self.assertTrue(Victim.objects.filter(prisons=prison).exists())

    def test_perpetrators_hold_commission_seats_and_later_posts(self):
        self.assertTrue(
            Position.objects.filter(organization__kind="commission", event__slug="1988-massacre").exists()
        )
        self.assertTrue(
            Position.objects.exclude(title_en="").filter(perpetrator__positions__commission_role="").exists()
        )

    def test_some_sources_have_their_text_page_by_page(self):
        with_text = Source.objects.filter(text_status=TextStatus.EXTRACTED)
        self.assertTrue(with_text.exists())
        self.assertTrue(Source.objects.filter(text_status=TextStatus.NO_FILE).exists())
        source = with_text.first()
        self.assertTrue(source.extracted_text)
        self.assertEqual(source.pages.first().search_text, source.pages.first().search_text.casefold())
        self.assertTrue(source.pages.exists())

    def test_everything_it_makes_is_marked_sample(self):
        for model in (Victim, Perpetrator, Position, Source, Place, Event, Organization):
            self.assertFalse(model.objects.filter(is_sample=False).exists(), model)

    def test_generated_victims_and_perpetrators_are_found_by_name(self):
        victim = Victim.objects.published().exclude(name_en="").first()
        response = self.client.get("/search/", {"q": victim.name_en})
        self.assertContains(response, f"/victims/{victim.slug}/")
        perpetrator = Perpetrator.objects.published().first()
        response = self.client.get("/search/", {"q": perpetrator.name_fa})
        self.assertContains(response, f"/perpetrators/{perpetrator.slug}/")

    def test_the_public_pages_of_generated_records_answer(self):
        victim = Victim.objects.published().filter(citations__isnull=False).first()
        perpetrator = Perpetrator.objects.published().filter(positions__isnull=False).first()
        source = Source.objects.published().filter(text_status=TextStatus.EXTRACTED).first()
        for url in [
            f"/victims/{victim.slug}/",
            f"/fa/victims/{victim.slug}/",
            f"/perpetrators/{perpetrator.slug}/",
            f"/sources/{source.slug}/",
            "/events/1988-massacre/",
            "/places/evin-prison/",
            "/fa/places/evin-prison/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_drafts_among_them_stay_hidden(self):
        draft = Victim.objects.filter(status=Status.DRAFT).first()
        self.assertEqual(self.client.get(f"/victims/{draft.slug}/").status_code, 404)

    def test_the_records_made_one_by_one_have_their_history_and_the_chain_verifies(self):
        # The places, events and organizations are noted; the bulk rows are not (victims/sample_archive.py).
        noted = HistoryEntry.objects.filter(via="command: generate_sample_data")
        self.assertTrue(noted.filter(content_type__model="place").exists())
        self.assertFalse(noted.filter(content_type__model="victim").exists())
        out = StringIO()
        call_command("verify_history", stdout=out)
        self.assertIn("History intact", out.getvalue())


@override_settings(ALLOW_SAMPLE_DATA=True)
class DeterminismTestCase(TestCase):
    def digest_of(self, seed: str, *args: str) -> str:
        """Generate, hash, and undo: each run starts from the same empty database."""
        try:
            with transaction.atomic():
                generate("--victims", "150", "--perpetrators", "8", "--sources", "30", "--seed", seed, *args)
                hashed = digest()
                raise Rollback
        except Rollback:
            pass
        self.assertFalse(Victim.objects.exists())
        return hashed

    def test_the_same_seed_gives_the_same_records(self):
        self.assertEqual(self.digest_of("5"), self.digest_of("5"))

    def test_another_seed_gives_other_records(self):
        self.assertNotEqual(self.digest_of("5"), self.digest_of("6"))

    @skipUnless(connection.vendor == "postgresql", "worker processes make the records on PostgreSQL only")
    def test_worker_processes_make_the_same_records_as_one(self):
        with mock.patch.object(
            sample_archive, "BATCH", 40
        ):  # several batches, so that the workers share them
            self.assertEqual(self.digest_of("5", "--jobs", "1"), self.digest_of("5", "--jobs", "3"))


class RefusalTestCase(TestCase):
    @override_settings(ALLOW_SAMPLE_DATA=False)
    def test_it_refuses_where_sample_data_is_not_allowed(self):
        with self.assertRaisesMessage(CommandError, "ALLOW_SAMPLE_DATA=1"):
            generate("--victims", "10")
        self.assertFalse(Victim.objects.exists())
        self.assertFalse(Place.objects.exists())

    @override_settings(ALLOW_SAMPLE_DATA=True)
    def test_it_refuses_a_database_with_real_records_and_changes_nothing(self):
        Victim.objects.create(name_en="Real Person", status=Status.PUBLISHED)
        with self.assertRaisesMessage(CommandError, "holds records that are not sample data (1 victims)"):
            generate("--victims", "10")
        self.assertEqual(Victim.objects.count(), 1)
        self.assertFalse(Source.objects.exists())
        self.assertFalse(Place.objects.exists())

    @override_settings(ALLOW_SAMPLE_DATA=True)
    def test_it_adds_beside_real_records_when_told_to(self):
        real = Victim.objects.create(name_en="Real Person", status=Status.PUBLISHED)
        generate("--victims", "10", "--sources", "5", "--allow-real-records")
        self.assertEqual(Victim.objects.filter(is_sample=True).count(), 10)
        real.refresh_from_db()
        self.assertFalse(real.is_sample)

    @override_settings(ALLOW_SAMPLE_DATA=True)
    def test_it_refuses_bad_numbers(self):
        with self.assertRaisesMessage(CommandError, "--victims cannot be negative"):
            generate("--victims", "-1")
        with self.assertRaisesMessage(CommandError, "--sources must be at least 4"):
            generate("--victims", "10", "--sources", "2")
        with self.assertRaisesMessage(CommandError, "--jobs must be at least 1"):
            generate("--victims", "10", "--jobs", "0")
        self.assertFalse(Place.objects.exists())
