"""The sitemaps: /sitemap.xml (the index) and /sitemap-<section>.xml?p=N (its pages)."""

from __future__ import annotations

import datetime
from unittest import mock
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Event, Place, PlaceKind, Status
from archive.sitemaps import PAGES, VictimSitemap
from perpetrators.models import Perpetrator
from tests.base import BaseTestCase
from victims.models import Victim

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SERVER = "http://testserver"


def make_victim(name_en, status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, status=status, **fields)


class SitemapTestCase(BaseTestCase):
    def read(self, url: str) -> ElementTree.Element:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response["Content-Type"], "application/xml")
        return ElementTree.fromstring(response.content)

    def locations(self, url: str) -> list[str]:
        return [loc.text for loc in self.read(url).findall("s:url/s:loc", NS)]

    def entries(self, url: str) -> dict[str, dict]:
        """Each <url> of a sitemap page: its lastmod and its alternates by language."""
        found = {}
        for entry in self.read(url).findall("s:url", NS):
            found[entry.find("s:loc", NS).text] = {
                "lastmod": getattr(entry.find("s:lastmod", NS), "text", None),
                "alternates": {
                    link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)
                },
            }
        return found

    def index(self) -> list[str]:
        return [loc.text for loc in self.read("/sitemap.xml").findall("s:sitemap/s:loc", NS)]


class SitemapIndexTestCase(SitemapTestCase):
    def test_the_index_lists_one_page_per_section(self):
        make_victim("Ali Rezaei")
        self.assertEqual(
            self.index(),
            [
                f"{SERVER}/sitemap-pages.xml",
                f"{SERVER}/sitemap-victims.xml",
                f"{SERVER}/sitemap-perpetrators.xml",
                f"{SERVER}/sitemap-sources.xml",
                f"{SERVER}/sitemap-events.xml",
                f"{SERVER}/sitemap-places.xml",
            ],
        )

    def test_the_index_gives_each_record_section_its_latest_change(self):
        victim = make_victim("Ali Rezaei")
        Victim.objects.filter(pk=victim.pk).update(
            updated_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC)
        )
        make_victim("A draft", status=Status.DRAFT)  # changed now, but not public: it does not count
        root = self.read("/sitemap.xml")
        lastmods = {
            item.find("s:loc", NS).text: getattr(item.find("s:lastmod", NS), "text", None)
            for item in root.findall("s:sitemap", NS)
        }
        self.assertEqual(lastmods[f"{SERVER}/sitemap-victims.xml"], "2024-03-05T00:00:00+00:00")
        self.assertIsNone(lastmods[f"{SERVER}/sitemap-pages.xml"])

    def test_the_index_and_sitemaps_are_not_themselves_indexed_and_refuse_post(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response["X-Robots-Tag"], "noindex, noodp, noarchive")
        self.assertEqual(self.client.post("/sitemap.xml").status_code, 405)
        self.assertEqual(self.client.post("/sitemap-victims.xml").status_code, 405)

    def test_an_unknown_section_or_page_is_a_404(self):
        self.assertEqual(self.client.get("/sitemap-nothing.xml").status_code, 404)
        self.assertEqual(self.client.get("/sitemap-victims.xml?p=2").status_code, 404)
        self.assertEqual(self.client.get("/sitemap-victims.xml?p=two").status_code, 404)
        self.assertEqual(self.client.get("/fa/sitemap.xml").status_code, 404)


class SitemapSectionTestCase(SitemapTestCase):
    def test_a_record_is_listed_in_both_languages_each_with_its_alternates(self):
        make_victim("Ali Rezaei", name_fa="علی رضایی")
        entries = self.entries("/sitemap-victims.xml")
        english, persian = f"{SERVER}/victims/ali-rezaei/", f"{SERVER}/fa/victims/ali-rezaei/"
        self.assertEqual(list(entries), [english, persian])
        alternates = {"en": english, "fa": persian, "x-default": english}
        self.assertEqual(entries[english]["alternates"], alternates)
        self.assertEqual(entries[persian]["alternates"], alternates)

    def test_a_record_carries_the_day_it_last_changed(self):
        victim = make_victim("Ali Rezaei")
        Victim.objects.filter(pk=victim.pk).update(
            updated_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC)
        )
        entries = self.entries("/sitemap-victims.xml")
        self.assertEqual(entries[f"{SERVER}/victims/ali-rezaei/"]["lastmod"], "2024-03-05")

    def test_a_persian_address_is_percent_encoded(self):
        make_victim("", name_fa="علی")
        self.assertEqual(
            self.locations("/sitemap-victims.xml"),
            [f"{SERVER}/victims/%D8%B9%D9%84%DB%8C/", f"{SERVER}/fa/victims/%D8%B9%D9%84%DB%8C/"],
        )

    def test_the_pages_section_has_home_and_the_lists_in_both_languages(self):
        locations = self.locations("/sitemap-pages.xml")
        self.assertEqual(len(locations), 2 * len(PAGES))
        for path in ("/", "/victims/", "/perpetrators/", "/sources/", "/events/", "/places/"):
            self.assertIn(f"{SERVER}{path}", locations)
            self.assertIn(f"{SERVER}/fa{path}", locations)
        self.assertNotIn(f"{SERVER}/search/", locations)

    def test_every_kind_of_record_has_its_section(self):
        Perpetrator.objects.create(name_en="Hossein-Ali Nayyeri", status=Status.PUBLISHED)
        self.make_source("Blood-soaked secrets")
        Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
        for section, path in [
            ("perpetrators", "/perpetrators/hossein-ali-nayyeri/"),
            ("sources", "/sources/blood-soaked-secrets/"),
            ("events", "/events/1988-prison-massacre/"),
            ("places", "/places/evin-prison/"),
        ]:
            with self.subTest(section=section):
                self.assertEqual(
                    self.locations(f"/sitemap-{section}.xml"), [f"{SERVER}{path}", f"{SERVER}/fa{path}"]
                )

    def test_drafts_records_in_review_withdrawn_and_sample_records_are_left_out(self):
        make_victim("Ali Rezaei")
        for status in (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN):
            make_victim(f"Hidden {status}", status=status)
        make_victim("Fictional Person", is_sample=True)
        Place.objects.create(name_en="Draft Prison", kind=PlaceKind.PRISON, status=Status.DRAFT)
        self.assertEqual(
            self.locations("/sitemap-victims.xml"),
            [f"{SERVER}/victims/ali-rezaei/", f"{SERVER}/fa/victims/ali-rezaei/"],
        )
        self.assertEqual(self.locations("/sitemap-places.xml"), [])

    def test_a_restricted_source_is_never_listed_even_published(self):
        self.make_source("Public report")
        self.make_source("A witness's testimony", restricted=True)
        self.make_source("Draft report", status=Status.DRAFT)
        self.assertEqual(
            self.locations("/sitemap-sources.xml"),
            [f"{SERVER}/sources/public-report/", f"{SERVER}/fa/sources/public-report/"],
        )

    def test_the_sitemap_uses_the_scheme_and_host_it_was_asked_on(self):
        make_victim("Ali Rezaei")
        response = self.client.get("/sitemap-victims.xml", secure=True, headers={"host": "127.0.0.1"})
        self.assertContains(response, "<loc>https://127.0.0.1/victims/ali-rezaei/</loc>")


@mock.patch.object(VictimSitemap, "limit", 4)  # two victims a page, in two languages each
class SitemapSplitTestCase(SitemapTestCase):
    def test_a_section_splits_into_pages_at_the_limit_and_the_index_lists_them_all(self):
        victims = [make_victim(f"Victim {n}") for n in range(5)]
        self.assertEqual(
            [url for url in self.index() if "victims" in url],
            [
                f"{SERVER}/sitemap-victims.xml",
                f"{SERVER}/sitemap-victims.xml?p=2",
                f"{SERVER}/sitemap-victims.xml?p=3",
            ],
        )
        pages = [self.locations(f"/sitemap-victims.xml?p={n}") for n in (1, 2, 3)]
        self.assertEqual([len(page) for page in pages], [4, 4, 2])
        self.assertEqual(self.client.get("/sitemap-victims.xml?p=4").status_code, 404)
        # Every address once, oldest record first, each with its Persian twin.
        expected = [
            f"{SERVER}{prefix}/victims/{victim.slug}/" for victim in victims for prefix in ("", "/fa")
        ]
        self.assertEqual([url for page in pages for url in page], expected)

    def test_a_limit_that_splits_a_record_from_its_translation_loses_nothing(self):
        victims = [make_victim(f"Victim {n}") for n in range(4)]
        with mock.patch.object(VictimSitemap, "limit", 3):
            pages = [self.locations(f"/sitemap-victims.xml?p={n}") for n in (1, 2, 3)]
        self.assertEqual([len(page) for page in pages], [3, 3, 2])
        expected = [
            f"{SERVER}{prefix}/victims/{victim.slug}/" for victim in victims for prefix in ("", "/fa")
        ]
        self.assertEqual([url for page in pages for url in page], expected)


class SitemapQueryTestCase(SitemapTestCase):
    def test_a_sitemap_page_costs_two_queries_however_many_records(self):
        make_victim("First Victim")
        with self.assertNumQueries(2):  # the count, and the page's slice
            self.client.get("/sitemap-victims.xml")
        for n in range(30):
            make_victim(f"Victim {n}")
        with self.assertNumQueries(2):
            response = self.client.get("/sitemap-victims.xml")
        self.assertEqual(response.content.count(b"<url>"), 62)

    def test_a_later_page_costs_two_queries_too(self):
        for n in range(9):
            make_victim(f"Victim {n}")
        with mock.patch.object(VictimSitemap, "limit", 4), CaptureQueriesContext(connection) as queries:
            response = self.client.get("/sitemap-victims.xml?p=3")
        self.assertEqual(response.content.count(b"<url>"), 4)
        count, page = (query["sql"] for query in queries.captured_queries)
        self.assertIn("COUNT(", count)
        self.assertIn("LIMIT 2 OFFSET 4", page)  # the page's records only, never the whole table

    def test_the_pages_section_needs_no_query(self):
        with self.assertNumQueries(0):
            self.client.get("/sitemap-pages.xml")

    def test_the_index_costs_two_queries_a_record_section_however_many_records(self):
        make_victim("First Victim")
        with self.assertNumQueries(10):  # five record sections: the latest change, and the count
            self.client.get("/sitemap.xml")
        for n in range(30):
            make_victim(f"Victim {n}")
        with mock.patch.object(VictimSitemap, "limit", 4), self.assertNumQueries(10):
            self.assertEqual(len(self.index()), 6 + 15)
