"""The statistics page: /statistics/ and /fa/statistics/."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from django.core.cache import cache

from archive.models import Place, PlaceKind, Status
from archive.statistics import cache_key
from tests.statistics.support import StatisticsTestCase, section, table
from victims.models import Victim

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(response, chart: str) -> ET.Element:
    part = section(response, chart)
    return ET.fromstring(part[part.index("<svg") : part.index("</svg>") + len("</svg>")])


class StatisticsPageTestCase(StatisticsTestCase):
    def test_it_counts_published_victims_by_year(self):
        response = self.client.get("/statistics/")
        self.assertContains(response, "5 published victims.")
        self.assertEqual(table(response, "year"), [("1988", "2"), ("2019", "1"), ("year not known", "2")])
        self.assertContains(response, "are counted separately: 2.")

    def test_it_counts_by_month_when_the_month_is_known(self):
        response = self.client.get("/statistics/")
        self.assertEqual(
            table(response, "month"), [("August 1988", "1"), ("November 2019", "1"), ("month not known", "3")]
        )

    def test_it_folds_places_of_death_into_their_provinces(self):
        response = self.client.get("/statistics/")
        # Ali died in Evin (a prison in Tehran, in Tehran Province), Maryam in Tehran: both count once there.
        # Sara's city lies in a province that is not published, Hamid's place is not known.
        self.assertEqual(
            table(response, "province"),
            [("Tehran Province", "2"), ("Khuzestan Province", "1"), ("province not known", "2")],
        )
        self.assertContains(
            response, f'<a href="{self.tehran_province.get_absolute_url()}">Tehran Province</a>'
        )
        self.assertNotContains(response, "Hidden Province")

    def test_it_counts_and_marks_children(self):
        response = self.client.get("/statistics/")
        self.assertEqual(
            table(response, "age"),
            [
                ("under 18 (children)", "1"),
                ("18 to 24", "1"),
                ("25 to 34", "1"),
                ("35 to 44", "0"),
                ("45 to 59", "0"),
                ("60 and over", "1"),
                ("age not known", "1"),
            ],
        )
        part = section(response, "age")
        self.assertIn("Children (under 18) are marked: 1 child.", part)
        self.assertIn('<tr class="marked">', part)
        rects = [rect for rect in svg_of(response, "age").iter(f"{SVG}rect") if rect.get("height") == "14"]
        self.assertEqual(rects[0].get("fill"), "url(#chart-age-hatch)")

    def test_it_counts_gender_and_manner_of_death_with_their_labels(self):
        response = self.client.get("/statistics/")
        self.assertEqual(
            table(response, "gender"), [("female", "1"), ("male", "2"), ("gender not known", "2")]
        )
        manners = dict(table(response, "manner-of-death"))
        self.assertEqual(manners["executed by hanging"], "2")
        self.assertEqual(manners["shot"], "1")
        self.assertEqual(manners["died under torture"], "0")
        self.assertEqual(manners["manner of death not known"], "2")

    def test_it_counts_published_events_only_each_victim_under_each_event(self):
        response = self.client.get("/statistics/")
        self.assertEqual(
            table(response, "event"),
            [("1988 prison massacre", "3"), ("November 2019 protests", "2"), ("no published event", "1")],
        )
        self.assertNotContains(response, "Hidden event")
        self.assertContains(response, "counted under each")

    def test_drafts_and_withdrawn_victims_are_not_counted_even_for_staff(self):
        self.client.force_login(self.reviewer)
        response = self.client.get("/statistics/")
        self.assertContains(response, "5 published victims.")
        self.assertEqual(table(response, "year")[0], ("1988", "2"))
        self.assertNotContains(response, "Hidden victim")

    def test_each_chart_says_what_it_counts_and_has_a_table_and_a_csv_link(self):
        response = self.client.get("/statistics/")
        for chart in ("year", "month", "province", "age", "gender", "manner-of-death", "event"):
            part = section(response, chart)
            self.assertIn(f'<h2 id="{chart}-heading">', part)
            self.assertIn('<p class="counts-what">Published victims by', part)
            self.assertIn('<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart"', part)
            self.assertIn('role="img"', part)
            self.assertIn(f'aria-labelledby="chart-{chart}-title chart-{chart}-desc"', part)
            self.assertIn("<caption>", part)
            self.assertIn('<th scope="col">Published victims</th>', part)
            self.assertIn(f'href="/statistics/{chart}.csv"', part)

    def test_the_chart_draws_the_same_numbers_as_the_table(self):
        response = self.client.get("/statistics/")
        svg = svg_of(response, "event")
        texts = [text.text for text in svg.iter(f"{SVG}text")]
        self.assertEqual(
            texts, ["1988 prison massacre", "3", "November 2019 protests", "2", "no published event", "1"]
        )
        widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
        self.assertAlmostEqual(widths[1] / widths[0], 2 / 3, places=2)
        self.assertAlmostEqual(widths[2] / widths[0], 1 / 3, places=2)
        self.assertEqual(svg.get("direction"), "ltr")
        self.assertEqual(svg.find(f"{SVG}title").text, "Victims by event")

    def test_the_persian_page_is_right_to_left_with_persian_digits_and_names(self):
        response = self.client.get("/fa/statistics/")
        self.assertContains(response, '<html lang="fa" dir="rtl">')
        self.assertContains(response, "۵")
        # Solar Hijri years: 12 August 1988 and "1367" fall in 1367; "1988" spans 1366 and 1367.
        self.assertEqual(table(response, "year")[:2], [("۱۳۶۷", "۲"), ("۱۳۹۸", "۱")])
        self.assertEqual(table(response, "month")[:2], [("مرداد ۱۳۶۷", "۱"), ("آبان ۱۳۹۸", "۱")])
        self.assertEqual(table(response, "province")[:2], [("استان تهران", "۲"), ("استان خوزستان", "۱")])
        self.assertEqual(table(response, "event")[:2], [("کشتار ۱۳۶۷", "۳"), ("اعتراضات آبان ۱۳۹۸", "۲")])
        self.assertEqual(table(response, "gender")[:2], [("زن", "۱"), ("مرد", "۲")])
        children, count = table(response, "age")[0]
        self.assertIn("۱۸", children)
        self.assertEqual(count, "۱")
        svg = svg_of(response, "province")
        self.assertEqual(svg.get("direction"), "rtl")
        texts = [text.text for text in svg.iter(f"{SVG}text")]
        self.assertEqual(texts[:4], ["استان تهران", "۲", "استان خوزستان", "۱"])
        first = next(svg.iter(f"{SVG}rect"))
        self.assertAlmostEqual(float(first.get("x")) + float(first.get("width")), 356, places=1)
        self.assertContains(response, 'href="/fa/statistics/province.csv"')
        self.assertContains(response, 'href="/fa/places/')

    def test_a_name_in_latin_script_only_is_marked_as_english_on_the_persian_page(self):
        fars = Place.objects.create(name_en="Fars Province", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED)
        self.victim("Died In Fars", death_place=fars)
        response = self.client.get("/fa/statistics/")
        self.assertIn(
            f'<a href="/fa/places/{fars.slug}/"><bdi lang="en" dir="ltr">Fars Province</bdi></a>',
            section(response, "province"),
        )
        self.assertNotIn('<bdi lang="en" dir="ltr">استان', section(response, "province"))

    def test_the_page_takes_a_constant_number_of_queries(self):
        with self.assertNumQueries(6):
            self.client.get("/statistics/")
        province = Place.objects.create(
            name_en="Fars Province", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED
        )
        city = Place.objects.create(
            name_en="Shiraz", kind=PlaceKind.CITY, parent=province, status=Status.PUBLISHED
        )
        for n in range(30):
            victim = Victim.objects.create(
                name_en=f"Victim {n}", status=Status.PUBLISHED, death_place=city, age_at_death=20 + n,
                death_text=f"{1 + n % 28} September 1988",
            )  # fmt: skip
            victim.events.add(self.massacre)
        cache.clear()
        with self.assertNumQueries(6):
            response = self.client.get("/fa/statistics/")
        self.assertEqual(dict(table(response, "event"))["کشتار ۱۳۶۷"], "۳۳")

    def test_the_figures_are_cached_per_language_and_the_page_says_since_when(self):
        with self.settings(TIME_ZONE="Asia/Tehran"):
            response = self.client.get("/statistics/")
        as_of = cache.get(cache_key("en")).computed_at.astimezone(datetime.UTC)
        self.assertContains(response, f"Figures as of {as_of:%H:%M} UTC on {as_of.day} ")
        self.assertContains(response, "recalculated at most every 5 minutes")
        self.assertIsNotNone(cache.get(cache_key("en")))
        self.assertIsNone(cache.get(cache_key("fa")))
        with self.assertNumQueries(0):
            self.client.get("/statistics/")
        self.victim("Newly Published")
        self.assertContains(
            self.client.get("/statistics/"), "5 published victims."
        )  # until the cache expires
        cache.delete(cache_key("en"))
        self.assertContains(self.client.get("/statistics/"), "6 published victims.")

    def test_the_persian_figures_are_not_served_on_the_english_page(self):
        self.client.get("/fa/statistics/")
        response = self.client.get("/statistics/")
        self.assertEqual(table(response, "year")[0], ("1988", "2"))

    def test_only_get_and_head_are_allowed(self):
        self.assertEqual(self.client.post("/statistics/").status_code, 405)
        self.assertEqual(self.client.head("/statistics/").status_code, 200)

    def test_an_empty_archive_says_zero(self):
        Victim.objects.all().delete()
        response = self.client.get("/statistics/")
        self.assertContains(response, "0 published victims.")
        self.assertEqual(table(response, "year"), [("year not known", "0")])
