"""The estimates chart and the timeline on an event's page: /events/<slug>/ and /fa/events/<slug>/."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

from archive.charts import estimates as estimates_chart
from archive.models import Estimate, Event, Organization, OrganizationKind, Place, PlaceKind, Status
from perpetrators.models import CommissionRole, Perpetrator, Position
from tests.base import BaseTestCase
from victims.models import Victim

SVG = "{http://www.w3.org/2000/svg}"
ASCII_DIGIT = re.compile(r"[0-9]")


def chart_of(response, chart_id) -> ET.Element:
    match = re.search(rf'<svg id="{chart_id}".*?</svg>', response.content.decode(), re.S)
    assert match, f"no {chart_id} on the page"
    return ET.fromstring(match[0])


def rows_of(svg) -> list[ET.Element]:
    return [a for a in svg.iter(f"{SVG}a") if "row" in a.get("class", "").split()]


def rects(element, css) -> list[ET.Element]:
    return [r for r in element.iter(f"{SVG}rect") if css in r.get("class", "").split()]


def right_edge(rect) -> float:
    return float(rect.get("x")) + float(rect.get("width"))


def text_of(element) -> str:
    return "".join(element.itertext())


def table_rows(response, css_class="deaths-by-period") -> list[tuple[str, str]]:
    """(period, count) pairs of the table, tags stripped."""
    table = re.search(rf'<table class="{css_class}">.*?</table>', response.content.decode(), re.S)[0]
    pairs = re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</th><td>(.*?)</td></tr>", table, re.S)
    return [(re.sub(r"<[^>]+>", "", label).strip(), count) for label, count in pairs]


class EventChartTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre",
            name_fa="کشتار ۶۷",
            start_text="summer 1367",
            start_calendar="solar_hijri",
            end_text="autumn 1367",
            end_calendar="solar_hijri",
            status=Status.PUBLISHED,
        )
        self.evin = Place.objects.create(
            name_en="Evin Prison", name_fa="زندان اوین", kind=PlaceKind.PRISON, status=Status.PUBLISHED
        )
        self.gohardasht = Place.objects.create(
            name_en="Gohardasht Prison",
            name_fa="زندان گوهردشت",
            kind=PlaceKind.PRISON,
            status=Status.PUBLISHED,
        )
        self.massacre.places.add(self.evin, self.gohardasht)
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission", kind=OrganizationKind.COMMISSION, status=Status.PUBLISHED
        )

    def estimate(self, count_text, low, high, by, order=0) -> Estimate:
        return Estimate.objects.create(
            event=self.massacre,
            counted_en="political prisoners executed",
            count_text=count_text,
            count_low=low,
            count_high=high,
            estimated_by=by,
            order=order,
        )

    def victims(self, count, death_text="", status=Status.PUBLISHED, place=None, calendar="gregorian"):
        made = []
        for n in range(count):
            victim = Victim(
                name_en=f"Victim {Victim.objects.count() + n}",
                slug=f"victim-{Victim.objects.count() + n}",
                status=status,
                death_text=death_text,
                death_calendar=calendar,
                death_place=place,
            )
            victim.resolve_fuzzy_dates()
            made.append(victim)
        made = Victim.objects.bulk_create(made)
        Victim.events.through.objects.bulk_create(
            [Victim.events.through(victim_id=v.pk, event_id=self.massacre.pk) for v in made]
        )
        return made

    # The estimates chart --------------------------------------------------------------------------

    def test_estimates_stand_side_by_side_on_one_scale_from_zero(self):
        amnesty = self.estimate("about 5,000", 5000, None, "Amnesty International", order=1)
        robertson = self.estimate("more than 30,000", 30000, None, "Geoffrey Robertson", order=2)
        response = self.client.get("/events/1988-prison-massacre/")
        svg = chart_of(response, "estimates-chart")
        self.assertEqual(svg.get("data-scale"), "30000")  # scaled on the largest number
        first, second = rows_of(svg)
        self.assertIn("about 5,000", text_of(first))
        self.assertIn("according to Amnesty International", text_of(first))
        self.assertIn("more than 30,000", text_of(second))
        self.assertIn("Geoffrey Robertson", text_of(second))
        [small], [large] = rects(first, "low"), rects(second, "low")
        self.assertAlmostEqual(float(large.get("x")), 8)
        self.assertAlmostEqual(right_edge(large), 352)  # the largest fills the axis
        self.assertAlmostEqual(float(small.get("width")), 344 / 6, places=1)
        self.assertEqual(first.get("href"), f"#estimate-{amnesty.pk}")  # no footnote: its table row
        self.assertEqual(second.get("href"), f"#estimate-{robertson.pk}")
        axis = text_of(svg.find(f".//{SVG}g[@class='axis']"))
        self.assertIn("30,000", axis)
        # the table stays, as the text alternative, after the chart
        content = response.content.decode()
        self.assertLess(content.index('id="estimates-chart"'), content.index('<table class="estimates">'))

    def test_a_range_is_drawn_as_a_range(self):
        self.estimate("2,800–3,800", 2800, 3800, "Amnesty International")
        self.estimate("up to 600", None, 600, "A ceiling only", order=1)
        self.estimate("4,481", 4481, 4481, "Boroumand Center", order=2)
        svg = chart_of(self.client.get("/events/1988-prison-massacre/"), "estimates-chart")
        self.assertEqual(svg.get("data-scale"), "5000")
        ranged, ceiling, single = rows_of(svg)
        self.assertEqual(ranged.get("class"), "row range")
        [low], [rest] = rects(ranged, "low"), rects(ranged, "range")
        self.assertAlmostEqual(right_edge(low), 8 + 344 * 2800 / 5000, places=1)
        self.assertAlmostEqual(float(rest.get("x")), right_edge(low), places=1)
        self.assertAlmostEqual(right_edge(rest), 8 + 344 * 3800 / 5000, places=1)
        self.assertEqual(rest.get("fill"), "url(#estimates-chart-hatch)")
        self.assertEqual(len(ranged.findall(f"{SVG}line")), 2)  # whiskers at both ends
        self.assertEqual(ceiling.get("class"), "row ceiling")
        self.assertEqual(rects(ceiling, "low"), [])
        self.assertAlmostEqual(right_edge(rects(ceiling, "range")[0]), 8 + 344 * 600 / 5000, places=1)
        self.assertEqual(single.get("class"), "row single")  # the same low and high: one number

    def test_each_estimate_links_to_the_footnote_the_table_gives_it(self):
        source = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")
        self.cite(self.massacre, source, claim="start")  # footnote 1, in the heading
        amnesty = self.estimate("about 5,000", 5000, None, "Amnesty International", order=1)
        robertson = self.estimate("more than 30,000", 30000, None, "Geoffrey Robertson", order=2)
        self.cite(amnesty, source, claim="estimated_by")
        self.cite(robertson, source, claim="count")
        response = self.client.get("/events/1988-prison-massacre/")
        content = response.content.decode()
        first, second = rows_of(chart_of(response, "estimates-chart"))
        self.assertEqual(first.get("href"), "#fn-2")
        self.assertEqual(second.get("href"), "#fn-3")
        self.assertIn('<a href="#fn-2" id="ref-2-estimated_by"', content)
        self.assertIn('<a href="#fn-3" id="ref-3-count"', content)
        self.assertIn('<li id="fn-3" value="3">', content)
        self.assertIn(
            "more than 30,000, according to Geoffrey Robertson: see source 3", second.get("aria-label")
        )

    def test_an_estimate_without_a_number_is_not_drawn(self):
        bars = [
            estimates_chart.Bar(5000, None, "about 5,000", "Amnesty", "Amnesty: see source 1", "#fn-1"),
            estimates_chart.Bar(None, None, "thousands", "A witness", "A witness", "#estimate-2"),
        ]
        svg = ET.fromstring(
            estimates_chart.draw(bars, chart_id="estimates-chart", title="t", description="d", persian=False)
        )
        self.assertEqual([row.get("href") for row in rows_of(svg)], ["#fn-1"])
        self.assertEqual(
            estimates_chart.draw(bars[1:], chart_id="c", title="t", description="d", persian=False), ""
        )

    def test_in_persian_the_bars_grow_from_the_right_in_persian_digits(self):
        self.estimate("about 5,000", 5000, None, "Amnesty International")
        self.estimate("more than 30,000", 30000, None, "Geoffrey Robertson", order=1)
        svg = chart_of(self.client.get("/fa/events/1988-prison-massacre/"), "estimates-chart")
        self.assertEqual(svg.get("direction"), "rtl")
        small, large = (rects(row, "low")[0] for row in rows_of(svg))
        self.assertAlmostEqual(right_edge(small), 352)
        self.assertAlmostEqual(float(large.get("x")), 8)
        axis = text_of(svg.find(f".//{SVG}g[@class='axis']"))
        self.assertIn("۳۰٬۰۰۰", axis)
        self.assertIsNone(ASCII_DIGIT.search(axis))

    # The timeline ---------------------------------------------------------------------------------

    def test_deaths_are_counted_by_day_when_they_fall_within_weeks(self):
        self.victims(3, "2019-11-16")
        self.victims(2, "2019-11-17")
        self.victims(4, "November 2019")  # a month, no day: not put on any day
        self.victims(1, "2019")
        self.victims(2)  # no date
        self.victims(5, "2019-11-16", status=Status.DRAFT)  # not counted for the public
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertEqual(
            table_rows(response),
            [
                ("16 November 2019", "3"),
                ("17 November 2019", "2"),
                ("November 2019 (day not recorded)", "4"),
                ("dated only to a season, a year or a longer span", "1"),
                ("no date recorded", "2"),
            ],
        )
        self.assertContains(response, "<caption>Recorded deaths by day</caption>")
        self.assertContains(response, "12 people are recorded.")
        svg = chart_of(response, "event-timeline-chart")
        columns = rects(svg, "count")
        self.assertEqual(
            [(c.get("data-start"), c.get("data-value")) for c in columns],
            [
                ("2019-11-16", "3"),
                ("2019-11-17", "2"),
            ],
        )
        tall, short = (float(c.get("height")) for c in columns)
        self.assertAlmostEqual(short / tall, 2 / 3, places=2)  # heights follow the counts

    def test_deaths_are_counted_by_month_when_they_spread_over_months(self):
        self.victims(3, "1988-07-30")
        self.victims(2, "1988-08-10")
        self.victims(4, "Mordad 1367", calendar="solar_hijri")  # 23 July – 22 August 1988: two months
        self.victims(1, "1988-09-20")
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "<caption>Recorded deaths by month</caption>")
        self.assertEqual(
            table_rows(response),
            [
                ("July 1988", "3"),
                ("August 1988", "2"),
                ("September 1988", "1"),
                ("dated only to a season, a year or a longer span", "4"),
            ],
        )
        # in Persian, by Solar Hijri month: Mordad 1367 is one month there
        persian = self.client.get("/fa/events/1988-prison-massacre/")
        self.assertEqual(
            table_rows(persian),
            [("مرداد ۱۳۶۷", "۹"), ("شهریور ۱۳۶۷", "۱")],
        )

    def test_the_timeline_lists_the_event_its_dated_posts_and_its_places_in_date_order(self):
        source = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")
        nayeri = Perpetrator.objects.create(name_en="Hossein-Ali Nayeri", status=Status.PUBLISHED)
        seat = Position.objects.create(
            perpetrator=nayeri,
            organization=self.commission,
            event=self.massacre,
            commission_role=CommissionRole.SHARIA_JUDGE,
            title_en="Sharia judge",
            start_text="1988-07-27",
            status=Status.PUBLISHED,
        )
        self.cite(seat, source, claim="start", locator="p. 4")
        undated = Position.objects.create(
            perpetrator=nayeri, organization=self.commission, event=self.massacre, title_en="Member",
            status=Status.PUBLISHED,
        )  # fmt: skip
        self.victims(3, "1988-07-30", place=self.evin)
        self.victims(1, "1988-09-05", place=self.evin)
        self.victims(2, "1988", place=self.gohardasht)  # no day or month: no span at Gohardasht
        response = self.client.get("/events/1988-prison-massacre/")
        content = response.content.decode()
        order = [
            content.index('<li id="timeline-start"'),
            content.index(f'<li id="timeline-position-{seat.pk}" class="commission"'),
            content.index(f'<li id="timeline-place-{self.evin.pk}"'),
            content.index('<li id="timeline-end"'),
        ]
        self.assertEqual(order, sorted(order))
        self.assertNotIn(f"timeline-position-{undated.pk}", content)
        self.assertContains(response, "4 recorded deaths, the dated ones in this span.")
        self.assertContains(response, "30 July 1988 to 5 September 1988")
        self.assertContains(response, "No death dated to a day or a month is recorded at:")
        # the post's footnote: the same number in the list and on its bar
        svg = chart_of(response, "event-timeline-chart")
        [bar] = [row for row in rows_of(svg) if f"position-{seat.pk}" in row.get("class")]
        self.assertEqual(bar.get("href"), "#fn-1")
        self.assertIn('<a href="#fn-1" id="ref-1-start"', content)
        self.assertIn("marked", bar.get("class"))
        self.assertIn("death commission", text_of(bar))
        [place] = [row for row in rows_of(svg) if f"place-{self.evin.pk}" in row.get("class")]
        self.assertEqual(place.get("href"), f"#timeline-place-{self.evin.pk}")
        self.assertIn("4 recorded deaths", text_of(place))
        for row in rows_of(svg):
            self.assertIn(f'id="{row.get("href")[1:]}"', content)

    def test_drafts_stay_off_the_timeline_for_the_public(self):
        hidden = Perpetrator.objects.create(name_en="Unconfirmed Official", status=Status.DRAFT)
        Position.objects.create(
            perpetrator=hidden, organization=self.commission, event=self.massacre, title_en="Member",
            start_text="1988-07-27", status=Status.PUBLISHED,
        )  # fmt: skip
        secret = Place.objects.create(name_en="Unlisted Site", kind=PlaceKind.PRISON)
        self.massacre.places.add(secret)
        self.victims(2, "1988-07-30", place=secret)
        self.victims(3, "1988-07-30", status=Status.DRAFT, place=self.evin)
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertNotContains(response, "Unconfirmed Official")
        self.assertNotContains(response, "Unlisted Site")
        self.assertNotContains(response, f"timeline-place-{self.evin.pk}")  # its only deaths are drafts
        self.assertEqual(table_rows(response), [("30 July 1988", "2")])  # counted, the place not named

    def test_in_persian_the_timeline_runs_right_to_left_in_solar_hijri_months(self):
        self.victims(3, "1988-07-30", place=self.evin)
        self.victims(1, "1988-09-05", place=self.evin)
        svg = chart_of(self.client.get("/fa/events/1988-prison-massacre/"), "event-timeline-chart")
        self.assertEqual(svg.get("direction"), "rtl")
        event_row, place_row = rows_of(svg)
        event_bars = rects(event_row, "bar")
        # the start (summer) is on the right, the end (autumn) to its left
        self.assertGreater(float(event_bars[0].get("x")), float(event_bars[-1].get("x")))
        axis = text_of(svg.find(f".//{SVG}g[@class='axis']"))
        self.assertIn("مرداد", axis)
        self.assertIn("۱۳۶۷", axis)
        self.assertIsNone(ASCII_DIGIT.search(axis))

    def test_its_query_count_does_not_grow_with_thousands_of_victims(self):
        nayeri = Perpetrator.objects.create(name_en="Hossein-Ali Nayeri", status=Status.PUBLISHED)
        Position.objects.create(
            perpetrator=nayeri, organization=self.commission, event=self.massacre, title_en="Sharia judge",
            start_text="1988-07-27", status=Status.PUBLISHED,
        )  # fmt: skip
        self.victims(3, "1988-07-30", place=self.evin)
        self.client.get("/events/1988-prison-massacre/")  # warm the content-type cache
        # the same ten queries as tests/public/test_event_detail.py counts, whatever the number of victims
        with self.assertNumQueries(10):
            self.client.get("/events/1988-prison-massacre/")
        start = datetime.date(1988, 7, 19)
        for day in range(60):
            text = (start + datetime.timedelta(days=day)).isoformat()
            self.victims(25, text, place=self.evin if day % 2 else self.gohardasht)
        self.victims(500)
        with self.assertNumQueries(10):
            response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "2,003 people are recorded.")
        total = sum(int(count.replace(",", "")) for _label, count in table_rows(response))
        self.assertEqual(total, 2003)
        with self.assertNumQueries(10):
            self.client.get("/fa/events/1988-prison-massacre/")
