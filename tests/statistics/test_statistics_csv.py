"""A chart's figures as CSV: /statistics/<chart>.csv and /fa/statistics/<chart>.csv."""

from __future__ import annotations

import csv
import io

from tests.statistics.support import StatisticsTestCase


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "the CSV should start with a byte-order mark, for Excel"
    return list(csv.reader(io.StringIO(text[1:])))


class StatisticsCsvTestCase(StatisticsTestCase):
    def test_it_downloads_the_figures_of_a_chart_in_english(self):
        response = self.client.get("/statistics/province.csv")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertRegex(
            response["Content-Disposition"],
            r'^attachment; filename="statistics-province-en-\d{4}-\d\d-\d\d\.csv"$',
        )
        self.assertEqual(
            rows_of(response),
            [
                ["Province", "Published victims", "Identifier"],
                ["Tehran Province", "2", self.tehran_province.slug],
                ["Khuzestan Province", "1", "khuzestan-province"],
                ["province not known", "2", ""],
            ],
        )

    def test_it_downloads_the_figures_in_persian_with_ascii_counts_and_keys(self):
        response = self.client.get("/fa/statistics/year.csv")
        self.assertRegex(response["Content-Disposition"], r'filename="statistics-year-fa-[\d-]+\.csv"$')
        rows = rows_of(response)
        self.assertEqual(rows[1:3], [["۱۳۶۷", "2", "1367"], ["۱۳۹۸", "1", "1398"]])
        self.assertEqual(rows[3][1:], ["2", ""])
        events = rows_of(self.client.get("/fa/statistics/event.csv"))
        self.assertEqual(events[1], ["کشتار ۱۳۶۷", "3", self.massacre.slug])
        genders = rows_of(self.client.get("/fa/statistics/gender.csv"))
        self.assertEqual(genders[1:3], [["زن", "1", "female"], ["مرد", "2", "male"]])

    def test_every_chart_has_a_csv(self):
        for chart, first in [
            ("year", ["1988", "2", "1988"]),
            ("month", ["August 1988", "1", "1988-08"]),
            ("age", ["under 18 (children)", "1", "0-17"]),
            ("gender", ["female", "1", "female"]),
            ("manner-of-death", ["executed by hanging", "2", "hanging"]),
            ("event", ["1988 prison massacre", "3", self.massacre.slug]),
        ]:
            with self.subTest(chart=chart):
                self.assertEqual(rows_of(self.client.get(f"/statistics/{chart}.csv"))[1], first)

    def test_it_counts_published_victims_only(self):
        rows = rows_of(self.client.get("/statistics/age.csv"))
        self.assertEqual(rows[1], ["under 18 (children)", "1", "0-17"])  # not the hidden ten-year-olds

    def test_an_unknown_chart_is_404_in_both_languages(self):
        for url in ("/statistics/height.csv", "/fa/statistics/height.csv", "/statistics/year.json"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_only_get_and_head_are_allowed(self):
        self.assertEqual(self.client.post("/statistics/year.csv").status_code, 405)
