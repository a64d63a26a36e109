"""Every page's canonical address and its alternates in each language (base.html, {% page_links %})."""

from __future__ import annotations

import re

from django.test import override_settings

from archive.models import Event, Place, PlaceKind, Status
from perpetrators.models import Perpetrator
from tests.base import BaseTestCase
from victims.models import Victim

SERVER = "http://testserver"


def head_links(response) -> dict[str, str]:
    """rel="canonical" and each hreflang alternate of a page, by "canonical" or language code."""
    html = response.content.decode()
    head = html[: html.index("</head>")]
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    assert len(canonical) <= 1, canonical
    links = {"canonical": canonical[0]} if canonical else {}
    links |= {
        m[1]: m[2] for m in re.finditer(r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">', head)
    }
    return links


def expected(path: str, persian: bool = False) -> dict[str, str]:
    english, farsi = f"{SERVER}{path}", f"{SERVER}/fa{path}"
    return {"canonical": farsi if persian else english, "en": english, "fa": farsi, "x-default": english}


class CanonicalTestCase(BaseTestCase):
    def setUp(self):
        Victim.objects.create(name_en="Ali Rezaei", name_fa="علی رضایی", status=Status.PUBLISHED)
        Perpetrator.objects.create(name_en="Hossein-Ali Nayyeri", status=Status.PUBLISHED)
        self.make_source("Blood-soaked secrets")
        Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)

    def test_every_kind_of_page_names_its_canonical_address_and_both_languages(self):
        for path in [
            "/",
            "/victims/",
            "/victims/ali-rezaei/",
            "/perpetrators/hossein-ali-nayyeri/",
            "/sources/blood-soaked-secrets/",
            "/events/",
            "/events/1988-prison-massacre/",
            "/places/evin-prison/",
            "/submit/",
        ]:
            for persian in (False, True):
                url = f"/fa{path}" if persian else path
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(head_links(response), expected(path, persian))

    def test_a_filtered_or_searched_list_is_canonically_the_list_itself(self):
        for query in ("?gender=male", "?gender=male&page=2", "?q=ali"):
            with self.subTest(query=query):
                self.assertEqual(head_links(self.client.get(f"/victims/{query}")), expected("/victims/"))
        self.assertEqual(head_links(self.client.get("/search/?q=ali")), expected("/search/"))

    @override_settings(PAGE_SIZE=1)
    def test_a_later_page_of_a_list_keeps_its_page_number(self):
        Victim.objects.create(name_en="Zahra Karimi", status=Status.PUBLISHED)
        Victim.objects.create(name_en="Maryam Ahmadi", status=Status.PUBLISHED)
        self.assertEqual(head_links(self.client.get("/victims/?page=2")), expected("/victims/?page=2"))
        self.assertEqual(
            head_links(self.client.get("/fa/victims/?page=2")), expected("/victims/?page=2", persian=True)
        )
        # Empty filters filter nothing; the first page is the list; a page out of range is the last one.
        self.assertEqual(
            head_links(self.client.get("/victims/?q=&gender=&page=3")), expected("/victims/?page=3")
        )
        self.assertEqual(head_links(self.client.get("/victims/?page=1")), expected("/victims/"))
        self.assertEqual(head_links(self.client.get("/victims/?page=99")), expected("/victims/?page=3"))
        self.assertEqual(head_links(self.client.get("/victims/?page=two")), expected("/victims/"))

    def test_stray_query_strings_on_a_record_page_are_not_part_of_its_address(self):
        response = self.client.get("/victims/ali-rezaei/?utm_source=x&page=2")
        self.assertEqual(head_links(response), expected("/victims/ali-rezaei/"))

    def test_a_not_found_page_claims_no_address(self):
        Victim.objects.create(name_en="Draft Person", status=Status.DRAFT)
        for url in ("/victims/nope/", "/victims/draft-person/", "/fa/nowhere/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(head_links(response), {})
                self.assertNotContains(response, 'property="og:url"', status_code=404)

    def test_a_request_for_another_host_gets_the_bad_request_page_without_an_address(self):
        self.client.raise_request_exception = False
        response = self.client.get("/", headers={"host": "elsewhere.example"})
        self.assertContains(response, "The archive could not read this request", status_code=400)
        self.assertEqual(head_links(response), {})

    def test_the_address_follows_the_host_and_scheme_asked_on(self):
        response = self.client.get("/victims/ali-rezaei/", secure=True, headers={"host": "127.0.0.1"})
        self.assertEqual(head_links(response)["canonical"], "https://127.0.0.1/victims/ali-rezaei/")

    def test_a_persian_address_is_percent_encoded(self):
        Victim.objects.create(name_fa="علی", status=Status.PUBLISHED)
        links = head_links(self.client.get("/fa/victims/%D8%B9%D9%84%DB%8C/"))
        self.assertEqual(links, expected("/victims/%D8%B9%D9%84%DB%8C/", persian=True))
