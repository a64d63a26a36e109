"""load_sample_data: fictional victims, deterministic, replaceable, and refused where sample data is not allowed."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from archive.dates import Precision, parse
from archive.models import Citation, Event, Place, Source, Status
from victims.models import Victim, VictimName


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_sample_data", "--victims", "30", *args, stdout=out)
    return out.getvalue()


@override_settings(ALLOW_SAMPLE_DATA=True)
class LoadSampleDataTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_seed", stdout=StringIO())

    def test_it_creates_the_victims_it_was_asked_for_and_says_so(self):
        output = load()
        self.assertEqual(Victim.objects.count(), 30)
        self.assertIn("30 victims", output)

    def test_every_record_it_creates_is_a_sample(self):
        real_places, real_sources = Place.objects.count(), Source.objects.count()
        load()
        self.assertFalse(Victim.objects.filter(is_sample=False).exists())
        self.assertEqual(Place.objects.filter(is_sample=False).count(), real_places)
        self.assertEqual(Source.objects.filter(is_sample=False).count(), real_sources)
        self.assertTrue(Place.objects.filter(is_sample=True, kind="prison").exists())
        self.assertTrue(Source.objects.filter(is_sample=True, title_en__contains="(fictional)").exists())

    def test_the_same_seed_gives_the_same_names_and_slugs(self):
        load("--seed", "7")
        first = list(Victim.objects.order_by("pk").values_list("name_en", "name_fa", "slug", "death_text"))
        load("--seed", "7")
        second = list(Victim.objects.order_by("pk").values_list("name_en", "name_fa", "slug", "death_text"))
        self.assertEqual(first, second)
        load("--seed", "8")
        third = list(Victim.objects.order_by("pk").values_list("name_en", "name_fa", "slug", "death_text"))
        self.assertNotEqual(first, third)

    def test_running_it_twice_leaves_the_same_counts(self):
        load()
        counts = [model.objects.count() for model in (Victim, VictimName, Citation, Place, Source)]
        load()
        self.assertEqual(
            [model.objects.count() for model in (Victim, VictimName, Citation, Place, Source)], counts
        )

    def test_slugs_are_unique_and_leave_real_records_alone(self):
        load()
        first = Victim.objects.order_by("pk").first()
        Victim.objects.filter(is_sample=True).delete()
        real = Victim.objects.create(name_en=first.name_en, name_fa=first.name_fa, slug=first.slug)
        load()
        real.refresh_from_db()
        self.assertEqual((real.slug, real.is_sample), (first.slug, False))
        self.assertTrue(Victim.objects.filter(is_sample=True, slug=f"{first.slug}-2").exists())
        slugs = list(Victim.objects.values_list("slug", flat=True))
        self.assertEqual(len(slugs), len(set(slugs)))

    def test_most_names_are_in_both_scripts_and_some_in_persian_only(self):
        call_command("load_sample_data", "--victims", "200", stdout=StringIO())
        both = Victim.objects.exclude(name_en="").exclude(name_fa="").count()
        self.assertGreater(both, 160)
        self.assertTrue(Victim.objects.filter(name_en="").exists())
        self.assertRegex(Victim.objects.exclude(name_fa="").first().name_fa, r"^[\u0600-\u06FF\u200c ]+$")

    def test_some_names_have_variant_spellings_in_both_scripts(self):
        call_command("load_sample_data", "--victims", "200", stdout=StringIO())
        self.assertTrue(VictimName.objects.filter(script="latin").exists())
        arabic = VictimName.objects.filter(script="persian").first()
        self.assertRegex(arabic.name, "[يك]")

    def test_fuzzy_dates_are_whole_and_match_their_wording(self):
        call_command("load_sample_data", "--victims", "200", stdout=StringIO())
        precisions = set()
        for victim in Victim.objects.all():
            for date in (victim.birth_date, victim.arrest_date, victim.death_date):
                if date.earliest:
                    self.assertLessEqual(date.earliest, date.latest)
                if date.precision != Precision.UNKNOWN:
                    self.assertEqual(parse(date.text, date.calendar), date)
            precisions.add((victim.death_precision, victim.death_calendar))
        for precision in ("day", "month", "season", "year"):
            self.assertIn((precision, "solar_hijri"), precisions)
            self.assertIn((precision, "gregorian"), precisions)

    def test_victims_belong_to_the_seed_events_most_to_1988(self):
        load()
        in_1988 = Event.objects.get(slug="1988-massacre").victims.count()
        in_2019 = Event.objects.get(slug="november-2019-protests").victims.count()
        self.assertEqual(in_1988 + in_2019, 30)
        self.assertGreater(in_1988, in_2019)

    def test_editors_see_every_state_but_most_are_published(self):
        load()
        states = set(Victim.objects.values_list("status", flat=True))
        self.assertEqual(states, set(Status.values))
        self.assertEqual(Victim.objects.filter(status=Status.WITHDRAWN).count(), 1)
        self.assertGreater(Victim.objects.published().count(), 25)

    def test_citations_point_at_sample_sources_with_a_locator_or_quote(self):
        load()
        citations = Citation.objects.filter(content_type__model="victim")
        self.assertGreater(citations.count(), 30)
        self.assertFalse(citations.filter(source__is_sample=False).exists())
        self.assertFalse(citations.filter(locator="", quote="").exists())
        claims = {claim for claim, _label in Victim.CLAIMS}
        self.assertLessEqual(set(citations.values_list("claim", flat=True)), claims)

    def test_some_records_are_sparse_and_some_are_rich(self):
        call_command("load_sample_data", "--victims", "100", stdout=StringIO())
        sparse = Victim.objects.filter(gender="", occupation="", age_at_death=None, manner_of_death="")
        self.assertGreater(sparse.count(), 15)
        self.assertTrue(Victim.objects.exclude(biography_en="").exists())
        self.assertTrue(Victim.objects.exclude(biography_fa="").exists())
        self.assertTrue(Victim.objects.filter(prisons__kind="prison").exists())


class LoadSampleDataRefusalTestCase(TestCase):
    @override_settings(ALLOW_SAMPLE_DATA=False)
    def test_it_refuses_without_allow_sample_data(self):
        with self.assertRaisesMessage(CommandError, "ALLOW_SAMPLE_DATA"):
            load()
        self.assertFalse(Victim.objects.exists())

    @override_settings(ALLOW_SAMPLE_DATA=True)
    def test_it_loads_the_seed_first_when_it_is_missing(self):
        load()
        self.assertTrue(Event.objects.filter(slug="1988-massacre", is_sample=False).exists())
        self.assertEqual(Victim.objects.count(), 30)

    @override_settings(ALLOW_SAMPLE_DATA=True)
    def test_it_replaces_nothing_when_a_real_record_cites_a_sample_source(self):
        load()
        source = Source.objects.filter(is_sample=True).first()
        real = Victim.objects.create(name_en="A real person", slug="a-real-person")
        Citation.objects.create(record=real, source=source, claim="name", locator="p. 1")
        with self.assertRaisesMessage(CommandError, "Real records refer to sample records"):
            load("--seed", "2")
        self.assertEqual(Victim.objects.filter(is_sample=True).count(), 30)
