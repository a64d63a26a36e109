"""Error pages and bad input: 404 in the visitor's language, 400 with a message, never a 500."""

from __future__ import annotations

from django.test import override_settings

from archive.models import Status
from tests.base import BaseTestCase
from victims.models import Victim


class NotFoundTestCase(BaseTestCase):
    def test_an_unknown_victim_is_a_404_page_in_english(self):
        response = self.client.get("/victims/nope/")
        self.assertContains(response, "This page is not in the archive", status_code=404)
        self.assertContains(response, '<html lang="en" dir="ltr">', status_code=404)
        self.assertContains(response, '<a href="/victims/">Browse the victims</a>', status_code=404)

    def test_an_unknown_victim_under_fa_is_a_404_page_in_persian(self):
        response = self.client.get("/fa/victims/nope/")
        self.assertContains(response, '<html lang="fa" dir="rtl">', status_code=404)
        self.assertContains(response, 'href="/fa/victims/"', status_code=404)
        self.assertContains(response, '<a href="/victims/nope/" hreflang="en" lang="en">', status_code=404)

    def test_a_draft_is_the_same_404_as_a_record_that_does_not_exist(self):
        Victim.objects.create(name_en="Unverified Person", status=Status.DRAFT)
        draft = self.client.get("/victims/unverified-person/")
        missing = self.client.get("/victims/nope/")
        self.assertEqual(draft.status_code, 404)
        self.assertNotContains(draft, "Unverified Person", status_code=404)
        self.assertEqual(
            draft.content, missing.content.replace(b"/fa/victims/nope/", b"/fa/victims/unverified-person/")
        )

    def test_every_kind_of_record_has_a_404_in_both_languages(self):
        for kind in ("victims", "perpetrators", "sources", "events", "places"):
            for prefix in ("", "/fa"):
                with self.subTest(url=f"{prefix}/{kind}/nope/"):
                    self.assertEqual(self.client.get(f"{prefix}/{kind}/nope/").status_code, 404)

    def test_an_unknown_path_is_a_404_page(self):
        self.assertContains(self.client.get("/nowhere/"), "This page is not in the archive", status_code=404)
        self.assertContains(self.client.get("/fa/nowhere/"), '<html lang="fa" dir="rtl">', status_code=404)

    def test_a_slug_with_a_nul_character_is_a_404_not_a_server_error(self):
        for url in ("/victims/%00/", "/perpetrators/a%00b/", "/sources/%00/", "/events/%00/", "/places/%00/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


class BadRequestTestCase(BaseTestCase):
    def test_bad_filter_parameters_are_a_400_with_a_message(self):
        cases = [
            ("/victims/?year_from=abc", "Enter a whole number."),
            ("/victims/?year_from=1800", "Ensure this value is greater than or equal to 1900."),
            ("/victims/?year_from=1990&year_to=1980", "The first year is after the last year."),
            ("/victims/?event=nope", "Select a valid choice."),
            ("/victims/?place=nope", "Select a valid choice."),
            ("/victims/?gender=other", "Select a valid choice."),
            ("/victims/?verification=maybe", "Select a valid choice."),
            ("/victims/?q=" + "x" * 201, "Ensure this value has at most 200 characters"),
            ("/perpetrators/?organization=nope", "Select a valid choice."),
            ("/perpetrators/?event=nope", "Select a valid choice."),
            ("/sources/?kind=poem", "Select a valid choice."),
            ("/sources/?stance=hostile", "Select a valid choice."),
            ("/sources/?year_to=3000", "Ensure this value is less than or equal to 2100."),
            ("/fa/victims/?year_from=abc", "به طور کامل یک عدد وارد کنید."),  # Django's own Persian message
        ]
        for url, message in cases:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, 'role="alert"', status_code=400)

    def test_a_nul_character_in_a_filter_is_a_400_not_a_server_error(self):
        for url in (
            "/victims/?q=%00",
            "/victims/?event=%00",
            "/victims/?place=a%00",
            "/perpetrators/?q=%00",
            "/perpetrators/?organization=%00",
            "/sources/?q=%00",
            "/sources/?language=%00",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 400)

    def test_a_bad_request_keeps_the_visitors_input_in_the_form(self):
        response = self.client.get("/victims/?year_from=abc&q=rezaei")
        self.assertContains(response, 'value="rezaei"', status_code=400)


@override_settings(PAGE_SIZE=2)
class BadPageTestCase(BaseTestCase):
    def setUp(self):
        for n in range(5):
            Victim.objects.create(name_en=f"Victim {n}", status=Status.PUBLISHED)

    def test_a_page_number_that_is_not_a_number_falls_back_to_the_first_page(self):
        for page in ("abc", "", "1.5", "%00"):
            with self.subTest(page=page):
                response = self.client.get(f"/victims/?page={page}")
                self.assertContains(response, "page 1 of 3")
                self.assertContains(response, "Victim 0")

    def test_a_page_number_out_of_range_falls_back_to_the_last_page(self):
        for page in ("0", "-1", "4", "99999999999999999999"):
            with self.subTest(page=page):
                response = self.client.get(f"/victims/?page={page}")
                self.assertContains(response, "page 3 of 3")
                self.assertContains(response, "Victim 4")

    def test_every_list_forgives_a_bad_page_number(self):
        for url in ("/victims/", "/perpetrators/", "/sources/", "/fa/victims/"):
            for page in ("abc", "-1", "999"):
                with self.subTest(url=url, page=page):
                    self.assertEqual(self.client.get(url, {"page": page}).status_code, 200)
