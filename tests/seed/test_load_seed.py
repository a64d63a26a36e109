"""load_seed: the seed article's records, loaded once however often the command runs, each claim cited."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO

from django.core.management import call_command
from django.db.models import Q
from django.test import TestCase

from archive import seed
from archive.dates import Precision, parse
from archive.models import Citation, Estimate, Event, Organization, Place, Source, Status
from perpetrators.models import Perpetrator, PerpetratorName, Position

SEEDED = (Source, Place, Event, Estimate, Organization, Perpetrator, PerpetratorName, Position, Citation)
ARTICLE_TEXT = seed.ARTICLE_PATH.read_text(encoding="utf-8")

# Coarser precisions rank higher; "unknown" claims nothing and so can stand for any text.
RANK = {Precision.DAY: 0, Precision.MONTH: 1, Precision.SEASON: 2, Precision.YEAR: 3}


def load_seed() -> str:
    out = StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


class LoadSeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_seed()

    def test_it_is_idempotent(self):
        before = {model: model.objects.count() for model in SEEDED}
        stamps = dict(Perpetrator.objects.values_list("slug", "updated_at"))
        output = load_seed()
        self.assertEqual({model: model.objects.count() for model in SEEDED}, before)
        self.assertEqual(dict(Perpetrator.objects.values_list("slug", "updated_at")), stamps)
        self.assertIn(" 0 created, 0 updated,", output)
        self.assertIn("already stored", output)

    def test_it_publishes_every_record(self):
        for model in (Source, Place, Event, Organization, Perpetrator, Position):
            self.assertFalse(model.objects.exclude(status=Status.PUBLISHED).exists(), model)
            self.assertFalse(model.objects.filter(is_sample=True).exists(), model)

    def test_it_uses_the_agreed_slugs(self):
        self.assertEqual(Source.objects.count(), 6)
        Source.objects.get(slug="tasnim-pourmohammadi-2016")
        Event.objects.get(slug="1988-massacre")
        Organization.objects.get(slug="death-commission-khuzestan", parent__slug="death-commissions-1988")
        Place.objects.get(slug="khuzestan", parent__slug="iran")
        self.assertEqual(Perpetrator.objects.count(), 7)

    def test_both_spellings_lead_to_one_perpetrator(self):
        for spelling in ("Mostafa Pourmohammadi", "Mustafa Pour-Mohammadi"):
            found = Perpetrator.objects.filter(Q(name_en=spelling) | Q(variants__name=spelling)).distinct()
            self.assertEqual([p.slug for p in found], ["mostafa-pourmohammadi"], spelling)

    def test_it_keeps_the_articles_spelling_of_avail(self):
        avail = Perpetrator.objects.get(slug="alireza-avail")
        self.assertEqual(avail.name_en, "Alireza Avail")
        self.assertFalse(avail.variants.exists())

    def test_pourmohammadi_holds_the_commission_seat_and_the_ministry_each_cited(self):
        positions = Position.objects.filter(perpetrator__slug="mostafa-pourmohammadi").select_related(
            "organization"
        )
        by_organization = {position.organization.slug: position for position in positions}
        seat = by_organization["death-commissions-1988"]
        ministry = by_organization["ministry-of-justice"]
        self.assertEqual(seat.commission_role, "member")
        self.assertEqual((seat.during_text, seat.during_precision), ("1988", Precision.YEAR))
        self.assertEqual(ministry.title_en, "Minister of Justice")
        self.assertLess(seat.order, ministry.order)
        for position in (seat, ministry):
            quotes = [citation.quote for citation in position.citations.all()]
            self.assertTrue(quotes, position)
            for quote in quotes:
                self.assertIn(quote, ARTICLE_TEXT)

    def test_every_quote_is_verbatim_from_the_article(self):
        article = Source.objects.get(slug=seed.ARTICLE_SLUG)
        self.assertGreater(Citation.objects.count(), 50)
        for citation in Citation.objects.all():
            self.assertEqual(citation.source, article)
            self.assertIn(citation.quote, ARTICLE_TEXT)

    def test_the_article_file_is_stored_with_its_hash(self):
        article = Source.objects.get(slug=seed.ARTICLE_SLUG)
        expected = hashlib.sha256(seed.ARTICLE_PATH.read_bytes()).hexdigest()
        self.assertRegex(article.sha256, r"^[0-9a-f]{64}$")
        self.assertEqual(article.sha256, expected)
        self.assertEqual(article.size, seed.ARTICLE_PATH.stat().st_size)
        self.assertEqual(article.media_type, "text/plain")
        self.assertEqual(article.original_filename, "call-to-end-impunity.txt")
        with article.file.open("rb") as stored:
            self.assertEqual(stored.read(), seed.ARTICLE_PATH.read_bytes())
        self.assertEqual(article.extracted_text, ARTICLE_TEXT)

    def test_the_article_is_dated_only_as_closely_as_it_allows(self):
        article = Source.objects.get(slug=seed.ARTICLE_SLUG)
        self.assertEqual(article.published_precision, Precision.UNKNOWN)
        self.assertEqual(article.published_earliest, datetime.date(2020, 7, 19))
        self.assertEqual(article.published_latest, datetime.date(2020, 12, 31))

    def test_avails_ministry_ends_in_august_2017_at_month_precision(self):
        ministry = Position.objects.get(
            perpetrator__slug="alireza-avail", organization__slug="ministry-of-justice"
        )
        self.assertEqual(ministry.end_text, "August 2017")
        self.assertEqual(ministry.end_precision, Precision.MONTH)
        self.assertEqual(
            (ministry.end_earliest, ministry.end_latest),
            (datetime.date(2017, 8, 1), datetime.date(2017, 8, 31)),
        )
        self.assertEqual(ministry.start_text, "")

    def test_the_arrest_estimate_says_its_number_is_only_a_floor(self):
        arrests = Estimate.objects.get(event__slug="november-2019-protests", counted_en="protesters arrested")
        self.assertEqual(
            (arrests.count_text, arrests.count_low, arrests.count_high), ("thousands", 1000, None)
        )
        self.assertIn("no number beyond", arrests.note)
        self.assertTrue(arrests.citations.exists())

    def test_no_fuzzy_date_is_finer_than_its_text(self):
        for model in (Source, Event, Perpetrator, Position):
            for record in model.objects.all():
                for accessor in model.fuzzy_date_accessors():
                    date = accessor.__get__(record)
                    if date.precision == Precision.UNKNOWN:  # also every date the seed leaves empty
                        continue
                    read = parse(date.text, date.calendar)
                    self.assertGreaterEqual(
                        RANK[date.precision], RANK[read.precision], (record, accessor.prefix)
                    )
                    self.assertEqual((date.earliest, date.latest), (read.earliest, read.latest))
