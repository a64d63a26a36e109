"""The sources endpoints: /api/v1/sources/ and /api/v1/sources/<slug>/."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from archive.models import SourceKind, Stance, Status
from tests.api.support import UNPUBLISHED, assert_documented
from tests.base import BaseTestCase


class SourceApiTestCase(BaseTestCase):
    def titles(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        return [row["title_en"] for row in response.json()["results"]]

    def test_the_list_gives_each_published_source_with_its_metadata_and_file(self):
        content = b"A witness statement."
        source = self.make_source(
            "Witness statement",
            slug="witness-statement",
            kind=SourceKind.TESTIMONY,
            author="A former prisoner",
            published_text="summer 1367",
            published_calendar="solar_hijri",
            language="fa",
            url="https://example.org/statement",
            stance=Stance.OPPOSITION,
            file=ContentFile(content, name="statement.txt"),
        )
        response = self.client.get("/api/v1/sources/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        assert_documented(data, "SourcesPage")
        row = data["results"][0]
        self.assertEqual(row["id"], source.pk)
        self.assertEqual(row["url"], "http://testserver/sources/witness-statement/")
        self.assertEqual(row["kind"], "testimony")
        self.assertEqual(row["stance"], "opposition")
        self.assertEqual(row["web_url"], "https://example.org/statement")
        self.assertEqual(
            row["published"],
            {
                "text": "summer 1367",
                "calendar": "solar_hijri",
                "precision": "season",
                "earliest": "1988-06-22",
                "latest": "1988-09-22",
            },
        )
        self.assertEqual(
            row["file"],
            {
                "url": "http://testserver/sources/witness-statement/file/",
                "sha256": hashlib.sha256(content).hexdigest(),
                "size": len(content),
                "media_type": "text/plain",
            },
        )
        self.assertEqual(
            row["cited_by_api_url"], "http://testserver/api/v1/citations/?source=witness-statement"
        )

    def test_a_source_without_a_file_says_so(self):
        self.make_source("Report", slug="report")
        self.assertIsNone(self.client.get("/api/v1/sources/report/").json()["file"])

    def test_unpublished_sources_are_left_out_of_the_list_the_count_and_their_addresses(self):
        self.make_source("Public report")
        for status in UNPUBLISHED:
            self.make_source(f"Hidden {status}", slug=f"hidden-{status}", status=status)
        data = self.client.get("/api/v1/sources/").json()
        self.assertEqual((data["count"], [r["title_en"] for r in data["results"]]), (1, ["Public report"]))
        for status in UNPUBLISHED:
            with self.subTest(status=status):
                self.assertEqual(self.client.get(f"/api/v1/sources/hidden-{status}/").status_code, 404)

    def test_the_detail_gives_the_sources_own_citations_from_published_sources(self):
        source = self.make_source("Article", slug="article")
        self.cite(source, self.make_source("Index of articles"), claim="author", locator="p. 3")
        self.cite(source, self.make_source("Draft index", status=Status.DRAFT), quote="Secret words.")
        response = self.client.get("/api/v1/sources/article/")
        data = response.json()
        assert_documented(data, "SourceDetail")
        self.assertEqual([(c["claim"], c["locator"]) for c in data["citations"]], [("author", "p. 3")])
        self.assertNotContains(response, "Secret words.")

    def test_the_filters_of_the_page_filter_the_api_list(self):
        self.make_source(
            "Amnesty report", kind=SourceKind.REPORT, stance=Stance.INDEPENDENT, published_text="2018"
        )
        self.make_source(
            "Tasnim interview",
            kind=SourceKind.INTERVIEW,
            stance=Stance.STATE,
            language="fa",
            published_text="28 August 2016",
        )
        self.make_source("Old statement", kind=SourceKind.OFFICIAL_STATEMENT, published_text="1988")
        self.assertEqual(self.titles("/api/v1/sources/?kind=interview"), ["Tasnim interview"])
        self.assertEqual(self.titles("/api/v1/sources/?stance=state"), ["Tasnim interview"])
        self.assertEqual(self.titles("/api/v1/sources/?language=fa"), ["Tasnim interview"])
        self.assertEqual(self.titles("/api/v1/sources/?year_from=2010&year_to=2017"), ["Tasnim interview"])
        self.assertEqual(self.titles("/api/v1/sources/?q=amnesty"), ["Amnesty report"])
        # Newest first, as on the page.
        self.assertEqual(
            self.titles("/api/v1/sources/"), ["Amnesty report", "Tasnim interview", "Old statement"]
        )

    def test_q_does_not_find_unpublished_sources(self):
        self.make_source("Amnesty report")
        self.make_source("Amnesty draft", status=Status.DRAFT)
        data = self.client.get("/api/v1/sources/?q=amnesty").json()
        self.assertEqual((data["count"], [r["title_en"] for r in data["results"]]), (1, ["Amnesty report"]))

    def test_the_list_and_the_detail_take_as_many_queries_for_five_as_for_one(self):
        first = self.make_source("Report 0", slug="report-0")
        self.cite(first, self.make_source("Index"), claim="author")
        self.client.get("/api/v1/sources/report-0/")
        with self.assertNumQueries(2):  # count, page
            self.assertEqual(self.client.get("/api/v1/sources/").json()["count"], 2)
        with self.assertNumQueries(2):  # the source, its citations with their sources
            self.client.get("/api/v1/sources/report-0/")
        for n in range(1, 5):
            self.make_source(f"Report {n}")
            self.cite(first, self.make_source(f"Index {n}"), claim="author")
        with self.assertNumQueries(2):
            self.assertEqual(self.client.get("/api/v1/sources/").json()["count"], 10)
        with self.assertNumQueries(2):
            self.assertEqual(len(self.client.get("/api/v1/sources/report-0/").json()["citations"]), 5)
