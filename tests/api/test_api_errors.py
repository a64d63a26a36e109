"""Bad input to the API: a JSON error with the reason, the right status, never a 500 and never a page of HTML."""

from __future__ import annotations

from django.test import Client

from archive.models import Event, Status
from tests.api.support import assert_documented, make_victim
from tests.base import BaseTestCase

LISTS = [
    "/api/v1/victims/",
    "/api/v1/perpetrators/",
    "/api/v1/positions/",
    "/api/v1/organizations/",
    "/api/v1/sources/",
    "/api/v1/citations/",
    "/api/v1/events/",
    "/api/v1/places/",
]


class ApiErrorTestCase(BaseTestCase):
    def setUp(self):
        make_victim("Ali Rezaei")

    def assertError(self, response, status: int, code: str, fields=()):
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Cache-Control"], "public, max-age=300")
        data = response.json()
        assert_documented(data, "Error")
        self.assertEqual(data["error"]["code"], code)
        self.assertTrue(data["error"]["message"])
        self.assertEqual(sorted(data["error"]["fields"]), sorted(fields))
        return data["error"]

    def test_an_unknown_filter_value_is_a_400_naming_the_parameter(self):
        for url, field in [
            ("/api/v1/victims/?gender=other", "gender"),
            ("/api/v1/victims/?event=no-such-event", "event"),
            ("/api/v1/victims/?verification=certain", "verification"),
            ("/api/v1/perpetrators/?organization=no-such-body", "organization"),
            ("/api/v1/sources/?kind=rumour", "kind"),
            ("/api/v1/citations/?record_type=user", "record_type"),
            ("/api/v1/places/?kind=planet", "kind"),
        ]:
            with self.subTest(url=url):
                error = self.assertError(self.client.get(url), 400, "invalid_parameters", [field])
                self.assertTrue(error["fields"][field][0])

    def test_a_draft_record_is_an_unknown_filter_value_too(self):
        Event.objects.create(name_en="Draft event", slug="draft-event", status=Status.DRAFT)
        self.assertError(
            self.client.get("/api/v1/victims/?event=draft-event"), 400, "invalid_parameters", ["event"]
        )

    def test_a_parameter_no_list_takes_is_a_400_not_an_unfiltered_list(self):
        error = self.assertError(
            self.client.get("/api/v1/victims/?gendr=female"), 400, "invalid_parameters", ["gendr"]
        )
        self.assertEqual(error["fields"]["gendr"], ["This list has no parameter of that name."])
        self.assertError(self.client.get("/api/v1/events/?q=1988"), 400, "invalid_parameters", ["q"])

    def test_every_error_of_a_request_is_named_at_once(self):
        response = self.client.get("/api/v1/victims/?gender=x&page=0&page_size=500&foo=1")
        self.assertError(response, 400, "invalid_parameters", ["foo", "gender", "page", "page_size"])

    def test_bad_page_numbers_are_a_400(self):
        for page in ["0", "-1", "abc", "1.5", "2", "99999999999999999999"]:
            for url in LISTS:
                with self.subTest(url=url, page=page):
                    self.assertError(
                        self.client.get(url, {"page": page}), 400, "invalid_parameters", ["page"]
                    )

    def test_page_one_of_an_empty_list_is_not_an_error(self):
        data = self.client.get("/api/v1/events/?page=1").json()
        self.assertEqual((data["count"], data["results"], data["next"]), (0, [], None))

    def test_page_sizes_outside_one_to_a_hundred_are_a_400(self):
        for size in ["0", "101", "-5", "ten", ""]:
            with self.subTest(size=size):
                response = self.client.get("/api/v1/victims/", {"page_size": size})
                if size == "":  # an empty parameter means the default, as on the pages
                    self.assertEqual(response.status_code, 200)
                else:
                    self.assertError(response, 400, "invalid_parameters", ["page_size"])

    def test_a_year_range_that_ends_before_it_starts_is_a_400(self):
        response = self.client.get("/api/v1/victims/?year_from=2019&year_to=1988")
        self.assertError(response, 400, "invalid_parameters", ["__all__"])

    def test_over_long_empty_and_broken_queries_are_a_400_not_a_500(self):
        for q in ["a" * 201, "!!! ???", "\x00", "Ali\x00Rezaei"]:
            for url in LISTS[:2] + ["/api/v1/sources/"]:
                with self.subTest(url=url, q=q[:10]):
                    self.assertError(self.client.get(url, {"q": q}), 400, "invalid_parameters", ["q"])

    def test_malformed_unicode_in_the_query_string_is_never_a_500(self):
        for url in [
            "/api/v1/victims/?q=%ff%fe",
            "/api/v1/victims/?q=Ali%ed%a0%80",
            "/api/v1/sources/?language=%c3",
        ]:
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (200, 400))
        self.assertError(self.client.get("/api/v1/victims/?%ff=1"), 400, "invalid_parameters", ["\ufffd"])

    def test_operator_laden_and_mixed_script_queries_answer(self):
        for q in ["Ali & | ! Rezaei", "' OR 1=1 --", "علي & Rezaei", "Ali%_", "a" * 200, "   "]:
            with self.subTest(q=q[:20]):
                self.assertEqual(self.client.get("/api/v1/victims/", {"q": q}).status_code, 200)

    def test_a_nul_or_odd_characters_in_a_filter_value_are_a_400(self):
        for url, params in [
            ("/api/v1/victims/", {"event": "x\x00y"}),
            ("/api/v1/victims/", {"year_from": "\x00"}),
            ("/api/v1/sources/", {"language": "\x00"}),
        ]:
            with self.subTest(params=params):
                self.assertError(self.client.get(url, params), 400, "invalid_parameters", list(params))

    def test_an_unknown_slug_or_id_is_a_json_404(self):
        for url in [
            "/api/v1/victims/no-such-person/",
            "/api/v1/perpetrators/no-such-person/",
            "/api/v1/organizations/nothing/",
            "/api/v1/sources/nothing/",
            "/api/v1/events/nothing/",
            "/api/v1/places/nowhere/",
            "/api/v1/positions/999999/",
            "/api/v1/citations/999999/",
            "/api/v1/citations/99999999999999999999999/",
            "/api/v1/positions/0/",
            "/api/v1/positions/not-a-number/",
            "/api/v1/victims/a%00b/",
            "/api/v1/nothing-here/",
            "/api/v1/victims/ali-rezaei/extra/",
        ]:
            with self.subTest(url=url):
                self.assertError(self.client.get(url), 404, "not_found")

    def test_writing_methods_are_a_json_405(self):
        for method in ["post", "put", "patch", "delete", "options"]:
            for url in [
                "/api/v1/",
                "/api/v1/victims/",
                "/api/v1/victims/ali-rezaei/",
                "/api/v1/openapi.json",
            ]:
                with self.subTest(method=method, url=url):
                    response = getattr(self.client, method)(url)
                    self.assertError(response, 405, "method_not_allowed")
                    self.assertEqual(response["Allow"], "GET, HEAD")

    def test_a_post_without_a_csrf_token_hears_405_not_403(self):
        client = Client(enforce_csrf_checks=True)
        self.assertError(client.post("/api/v1/victims/", {"name_en": "x"}), 405, "method_not_allowed")

    def test_head_answers_like_get_without_a_body(self):
        response = self.client.head("/api/v1/victims/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "public, max-age=300")
        self.assertEqual(response.content, b"")

    def test_the_address_without_its_slash_redirects_to_it(self):
        response = self.client.get("/api/v1/victims")
        self.assertEqual((response.status_code, response["Location"]), (301, "/api/v1/victims/"))
