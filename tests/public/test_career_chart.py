"""The career chart on a perpetrator's profile: /perpetrators/<slug>/ and /fa/perpetrators/<slug>/."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

from archive.models import Organization, OrganizationKind, Status
from perpetrators.models import CommissionRole, Perpetrator, Position
from tests.base import BaseTestCase

SVG = "{http://www.w3.org/2000/svg}"
ASCII_DIGIT = re.compile(r"[0-9]")


def chart_of(response, chart_id="career-chart") -> ET.Element:
    content = response.content.decode()
    match = re.search(rf'<svg id="{chart_id}".*?</svg>', content, re.S)
    assert match, f"no {chart_id} on the page"
    return ET.fromstring(match[0])


def rows_of(svg: ET.Element) -> list[ET.Element]:
    return [a for a in svg.iter(f"{SVG}a") if "row" in a.get("class", "").split()]


def row_for(svg: ET.Element, position: Position) -> ET.Element:
    [row] = [a for a in rows_of(svg) if f"position-{position.pk}" in a.get("class", "").split()]
    return row


def bars(row: ET.Element, kind: str | None = None) -> list[ET.Element]:
    found = [r for r in row.iter(f"{SVG}rect") if "bar" in r.get("class", "").split()]
    if kind == "uncertain":
        return [r for r in found if "uncertain" in r.get("class")]
    if kind == "solid":
        return [r for r in found if "uncertain" not in r.get("class")]
    return found


def extent(row: ET.Element) -> tuple[float, float]:
    rects = bars(row)
    return (
        min(float(r.get("x")) for r in rects),
        max(float(r.get("x")) + float(r.get("width")) for r in rects),
    )


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


class CareerChartTestCase(BaseTestCase):
    def setUp(self):
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            name_fa="هیئت مرگ تهران",
            kind=OrganizationKind.COMMISSION,
            status=Status.PUBLISHED,
        )
        self.judiciary = Organization.objects.create(
            name_en="Judiciary",
            name_fa="قوه قضاییه",
            kind=OrganizationKind.JUDICIARY,
            status=Status.PUBLISHED,
        )
        self.raisi = Perpetrator.objects.create(
            name_en="Ebrahim Raisi", name_fa="ابراهیم رئیسی", status=Status.PUBLISHED
        )

    def seat(self, **fields) -> Position:
        fields.setdefault("status", Status.PUBLISHED)
        return Position.objects.create(
            perpetrator=self.raisi,
            organization=self.commission,
            commission_role=CommissionRole.PROSECUTOR,
            title_en="Deputy prosecutor",
            title_fa="معاون دادستان",
            during_text="summer 1367",
            during_calendar="solar_hijri",
            **fields,
        )

    def post(self, title_en, start_text="", end_text="", **fields) -> Position:
        fields.setdefault("status", Status.PUBLISHED)
        return Position.objects.create(
            perpetrator=self.raisi,
            organization=self.judiciary,
            title_en=title_en,
            start_text=start_text,
            end_text=end_text,
            **fields,
        )

    def test_bars_stand_where_their_dates_fall_with_the_gap_between_posts_left_empty(self):
        seat = self.seat()
        attorney = self.post("Attorney-General", "2014-08-23", "2016-03-07")
        head = self.post("Head of the Judiciary", "2019-03-07", "2021-07-01")
        svg = chart_of(self.client.get("/perpetrators/ebrahim-raisi/"))
        first = datetime.date.fromisoformat(svg.get("data-first"))
        last = datetime.date.fromisoformat(svg.get("data-last"))
        self.assertEqual(first, datetime.date(1988, 1, 1))  # whole years around the dates
        self.assertEqual(last, datetime.date(2022, 1, 1))

        def x(day):  # where a day falls on the 8–352 axis
            return 8 + (day - first).days / (last - first).days * 344

        attorney_row, head_row = row_for(svg, attorney), row_for(svg, head)
        self.assertAlmostEqual(extent(attorney_row)[0], x(datetime.date(2014, 8, 23)), delta=0.2)
        self.assertAlmostEqual(extent(attorney_row)[1], x(datetime.date(2016, 3, 7)), delta=0.2)
        self.assertAlmostEqual(extent(head_row)[0], x(datetime.date(2019, 3, 7)), delta=0.2)
        self.assertAlmostEqual(extent(head_row)[1], x(datetime.date(2021, 7, 1)), delta=0.2)
        # three years with no post: empty time between the two bars
        self.assertGreater(extent(head_row)[0] - extent(attorney_row)[1], 25)
        # the 1988 seat comes first, at the start of the axis, and is wide enough to see
        seat_row = row_for(svg, seat)
        self.assertIs(rows_of(svg)[0], seat_row)
        self.assertLess(extent(seat_row)[1], extent(attorney_row)[0])
        self.assertGreaterEqual(extent(seat_row)[1] - extent(seat_row)[0], 4)

    def test_a_fuzzy_bound_is_hatched_and_an_unknown_end_is_drawn_open_and_said(self):
        exact = self.post("Attorney-General", "2014-08-23", "2016-03-07")
        fuzzy = self.post("Custodian of Astan Quds Razavi", "2016", "March 2019")
        open_ended = self.post("Head of the Judiciary", "2019-03-07")
        svg = chart_of(self.client.get("/perpetrators/ebrahim-raisi/"))

        exact_row = row_for(svg, exact)
        self.assertEqual(len(bars(exact_row, "solid")), 1)
        self.assertEqual(bars(exact_row, "uncertain"), [])
        self.assertNotIn("not known", text_of(exact_row))

        fuzzy_row = row_for(svg, fuzzy)
        uncertain = bars(fuzzy_row, "uncertain")
        self.assertEqual(len(uncertain), 2)  # the year it began in, the month it ended in
        self.assertEqual(uncertain[0].get("fill"), "url(#career-chart-hatch)")
        year_width, month_width = (float(r.get("width")) for r in uncertain)
        self.assertGreater(year_width, 8 * month_width)  # a year is hatched longer than a month

        open_row = row_for(svg, open_ended)
        self.assertEqual(bars(open_row), [])  # an exact start, and nothing drawn as if the end were known
        self.assertEqual(len(open_row.findall(f".//{SVG}g[@class='open-end']")), 1)
        self.assertIn("end not known", text_of(open_row))
        self.assertIn("from 7 March 2019, end not known", open_row.get("aria-label"))

    def test_an_unknown_start_is_drawn_open_on_the_other_side(self):
        post = self.post("Prosecutor of Tehran", end_text="1994")
        row = row_for(chart_of(self.client.get("/perpetrators/ebrahim-raisi/")), post)
        self.assertEqual(len(row.findall(f".//{SVG}g[@class='open-start']")), 1)
        self.assertIn("start not known", text_of(row))

    def test_the_death_commission_seat_is_marked_in_words_not_only_in_colour(self):
        seat = self.seat()
        later = self.post("Head of the Judiciary", "2019", "2021")
        svg = chart_of(self.client.get("/perpetrators/ebrahim-raisi/"))
        seat_row, later_row = row_for(svg, seat), row_for(svg, later)
        self.assertIn("marked", seat_row.get("class").split())
        self.assertIn("death commission", text_of(seat_row))
        self.assertTrue(
            seat_row.get("aria-label").startswith("Death commission: Deputy prosecutor (prosecutor)")
        )
        self.assertNotIn("marked", later_row.get("class").split())
        self.assertNotIn("death commission", text_of(later_row))

    def test_each_bar_links_to_the_footnote_the_list_gives_the_same_post(self):
        source = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")
        self.cite(self.raisi, source, claim="name", locator="p. 1")  # footnote 1, in the heading
        seat = self.seat()
        self.cite(seat, source, claim="commission_role", locator="p. 94")
        head = self.post("Head of the Judiciary", "2019", "2021")
        self.cite(head, source, claim="start", locator="p. 7")
        self.cite(head, source, claim="title", locator="p. 8")
        uncited = self.post("Attorney-General", "2014", "2016")
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        content = response.content.decode()
        svg = chart_of(response)
        self.assertEqual(row_for(svg, seat).get("href"), "#fn-2")
        # the post as a whole (its title) before the detail of its start
        self.assertEqual(row_for(svg, head).get("href"), "#fn-4")
        self.assertEqual(row_for(svg, uncited).get("href"), f"#position-{uncited.pk}")
        self.assertIn(f'<li id="position-{uncited.pk}"', content)
        # the list below numbers the same citations the same way
        self.assertIn('<a href="#fn-1" id="ref-1-name"', content)
        self.assertIn('<a href="#fn-2" id="ref-2-commission_role"', content)
        self.assertIn('<a href="#fn-3" id="ref-3-start"', content)
        self.assertIn('<a href="#fn-4" id="ref-4-title"', content)
        for href in [a.get("href") for a in rows_of(svg)]:
            self.assertIn(f'id="{href[1:]}"', content)
        self.assertIn("see source 2", row_for(svg, seat).get("aria-label"))

    def test_every_bar_has_an_accessible_name_and_the_chart_a_caption_and_the_list_stays(self):
        self.seat()
        self.post("Head of the Judiciary", "2019", "2021")
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        svg = chart_of(response)
        self.assertEqual(svg.get("role"), "group")
        self.assertEqual(svg.find(f"{SVG}title").text, "Career timeline")
        for row in rows_of(svg):
            self.assertTrue(row.get("aria-label"))
            self.assertEqual(row.find(f"{SVG}title").text, row.get("aria-label"))
        self.assertContains(response, '<figure class="chart career-chart">')
        self.assertContains(response, '<figcaption id="career-chart-caption">Career timeline.')
        self.assertContains(response, '<ol class="timeline">')
        self.assertNotContains(response, "style=")

    def test_in_persian_time_runs_right_to_left_in_solar_hijri_years_and_persian_digits(self):
        seat = self.seat()
        head = self.post("Head of the Judiciary", "2019", "2021", title_fa="رئیس قوه قضاییه")
        response = self.client.get("/fa/perpetrators/ebrahim-raisi/")
        svg = chart_of(response)
        self.assertEqual(svg.get("direction"), "rtl")
        seat_row, head_row = row_for(svg, seat), row_for(svg, head)
        self.assertGreater(extent(seat_row)[0], extent(head_row)[1])  # 1988 on the right, 2019 to its left
        axis_text = text_of(svg.find(f".//{SVG}g[@class='axis']"))
        self.assertIn("۱۳۷۰", axis_text)  # a Solar Hijri year
        self.assertIn("۱۹۹۱", axis_text)  # and the Gregorian year it begins in
        self.assertIsNone(ASCII_DIGIT.search(axis_text))
        self.assertIn("رئیس قوه قضاییه", text_of(head_row))
        self.assertIn("تابستان ۱۳۶۷", seat_row.get("aria-label"))

    def test_in_english_the_axis_is_in_gregorian_years_left_to_right(self):
        seat = self.seat()
        head = self.post("Head of the Judiciary", "2019", "2021")
        svg = chart_of(self.client.get("/perpetrators/ebrahim-raisi/"))
        self.assertEqual(svg.get("direction"), "ltr")
        self.assertLess(extent(row_for(svg, seat))[1], extent(row_for(svg, head))[0])
        axis_text = text_of(svg.find(f".//{SVG}g[@class='axis']"))
        self.assertIn("1990", axis_text)
        self.assertIn("2020", axis_text)

    def test_draft_positions_are_drawn_for_staff_only(self):
        self.seat()
        draft = self.post("Unverified post", "2005", "2009", status=Status.DRAFT)
        public = chart_of(self.client.get("/perpetrators/ebrahim-raisi/"))
        self.assertEqual(len(rows_of(public)), 1)
        self.assertNotIn("Unverified post", ET.tostring(public, encoding="unicode"))
        self.client.force_login(self.editor)
        staff = chart_of(self.client.get("/perpetrators/ebrahim-raisi/"))
        self.assertEqual(len(rows_of(staff)), 2)
        self.assertIn("draft", text_of(row_for(staff, draft)))

    def test_there_is_no_chart_when_no_post_has_a_date(self):
        self.post("Member of the Assembly of Experts")
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertNotContains(response, "<svg")
        self.assertContains(response, "dates not known")  # the list still says so

    def test_fifteen_posts_each_get_a_row_and_a_link_with_constant_queries(self):
        source = self.make_source()
        self.seat()
        self.client.get("/perpetrators/ebrahim-raisi/")  # warm the content-type cache
        with self.assertNumQueries(7):
            self.client.get("/perpetrators/ebrahim-raisi/")
        for n in range(14):
            post = self.post(f"Post number {n}", str(1990 + 2 * n), str(1991 + 2 * n))
            self.cite(post, source, claim="title", locator=f"p. {n}")
        with self.assertNumQueries(7):
            response = self.client.get("/perpetrators/ebrahim-raisi/")
        svg = chart_of(response)
        rows = rows_of(svg)
        self.assertEqual(len(rows), 15)
        self.assertEqual(len({row.get("href") for row in rows}), 15)
        starts = [extent(row)[0] for row in rows[1:]]
        self.assertEqual(starts, sorted(starts))
        # the chart grows in height, not in density: one 34-unit row each
        self.assertGreaterEqual(float(svg.get("viewBox").split()[3]), 15 * 34)
