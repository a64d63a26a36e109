"""Which pages are kept and how they are sent: the same headers kept or made, 304s without a render,
never for an editor, a form, a search by name, a visitor with a message waiting, or while the database
is down. A page is known to come from the cache when it took one query (the generation) and no more.
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from archive.models import Status
from tests.base import BaseTestCase
from tests.outage.test_database_outage import database_down
from tests.page_cache.support import KeptOrMade
from victims.models import Victim


@override_settings(PAGE_CACHE_SECONDS=600)  # whatever the environment says
class KeptPagesTests(KeptOrMade, BaseTestCase):
    def setUp(self):
        caches["pages"].clear()
        self.addCleanup(caches["pages"].clear)
        self.visitor = Client()

    def get(self, url: str, client: Client | None = None, method: str = "get", **headers):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client or self.visitor, method)(url, headers=headers)
        response.queries = len(queries)
        return response

    def kept(self) -> int:
        """How many pages the (local memory) cache holds."""
        return len(caches["pages"]._cache)

    def test_a_kept_page_is_sent_with_the_very_headers_it_was_made_with(self):
        for url in ("/", "/fa/", "/victims/", "/api/v1/victims/", "/sitemap.xml"):
            with self.subTest(url=url):
                made = self.get(url)
                self.assertMade(made)
                kept = self.get(url)
                self.assertKept(kept)
                # All but the request's own id, which the outermost middleware gives each request.
                self.assertNotEqual(kept["X-Request-ID"], made["X-Request-ID"])
                del kept.headers["X-Request-ID"], made.headers["X-Request-ID"]
                self.assertEqual(dict(kept.headers), dict(made.headers))
                self.assertEqual(kept.content, made.content)
        # Headers added below the cache and above it are all there.
        for header in (
            "Content-Security-Policy",
            "X-Frame-Options",
            "Content-Language",
            "ETag",
            "Last-Modified",
        ):
            self.assertIn(header, kept.headers)

    def test_browsers_and_proxies_may_keep_a_page_briefly_and_never_give_it_to_an_editor(self):
        response = self.get("/victims/")
        self.assertEqual(response["Cache-Control"], "public, max-age=60")
        self.assertIn("Cookie", response["Vary"])
        self.assertRegex(response["ETag"], r'^"[0-9a-f]{32}"$')
        with override_settings(PAGE_CACHE_MAX_AGE=5):
            self.assertEqual(self.get("/events/")["Cache-Control"], "public, max-age=5")

    def test_the_api_keeps_its_own_cache_control(self):
        self.get("/api/v1/victims/")
        self.assertEqual(self.get("/api/v1/victims/")["Cache-Control"], "public, max-age=300")

    def test_asking_again_with_the_etag_or_the_date_is_a_304_without_a_render(self):
        page = self.get("/victims/")
        for headers in ({"If-None-Match": page["ETag"]}, {"If-Modified-Since": page["Last-Modified"]}):
            with self.subTest(headers=headers):
                again = self.get("/victims/", **headers)
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.queries, 1)
                self.assertEqual(again.content, b"")
                self.assertEqual(again["ETag"], page["ETag"])
        self.assertEqual(self.get("/victims/", **{"If-None-Match": '"another"'}).status_code, 200)
        self.assertEqual(
            self.get("/victims/", **{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code, 200
        )

    def test_a_conditional_request_for_a_page_not_yet_kept_is_a_304_too(self):
        etag = self.get("/victims/")["ETag"]
        caches["pages"].clear()
        self.assertEqual(self.get("/victims/", **{"If-None-Match": etag}).status_code, 304)

    def test_head_is_answered_from_the_same_kept_page(self):
        self.get("/victims/")
        head = self.get("/victims/", method="head")
        self.assertKept(head)
        self.assertEqual(head.content, b"")

    def test_each_language_and_address_is_kept_apart(self):
        english, persian = self.get("/"), self.get("/fa/")
        self.assertMade(persian)
        self.assertContains(english, 'lang="en"')
        self.assertContains(self.get("/fa/"), 'lang="fa"')

    def test_the_order_of_the_parameters_does_not_matter(self):
        self.assertMade(self.get("/victims/?page=1&sort=name"))
        self.assertKept(self.get("/victims/?sort=name&page=1"))
        self.assertMade(self.get("/victims/?sort=name&page=1&page=2"))

    def test_a_search_by_name_is_never_kept(self):
        for url in ("/search/?q=rezaei", "/victims/?q=rezaei", "/fa/victims/?q=rezaei"):
            with self.subTest(url=url):
                self.get(url)
                self.assertMade(self.get(url))

    def test_a_long_query_string_is_answered_not_kept(self):
        url = "/victims/?" + "&".join(f"junk{i}=x" for i in range(40))
        self.get(url)
        self.assertMade(self.get(url))

    def test_forms_accounts_admin_and_probes_are_never_kept(self):
        for url in ("/submit/", "/fa/submit/", "/admin/login/", "/healthz", "/readyz"):
            with self.subTest(url=url):
                self.get(url)
                self.assertNotEqual(self.get(url).get("Cache-Control"), "public, max-age=60")
        self.assertEqual(self.kept(), 0)

    @override_settings(ROOT_URLCONF="tests.page_cache.urls")
    def test_a_page_holding_a_csrf_token_is_not_kept(self):
        for _ in range(2):  # without the CSRF cookie, then with it
            response = self.get("/form/")
            self.assertIn("csrftoken", response.cookies)
        self.assertEqual(self.kept(), 0)

    def test_a_visitor_with_a_message_waiting_gets_the_page_made(self):
        self.get("/victims/")
        self.visitor.cookies["messages"] = "a-message"
        self.assertMade(self.get("/victims/"))

    def test_an_editor_never_gets_a_kept_page_and_never_leaves_one(self):
        self.get("/victims/")
        self.client.force_login(self.editor)
        for _ in range(2):
            response = self.get("/victims/", client=self.client)
            self.assertMade(response)
            self.assertEqual(response["Cache-Control"], "private, no-cache")
        self.client.logout()
        self.assertKept(self.get("/victims/"))  # the one kept before the editor came

    def test_no_page_is_kept_when_the_cache_is_off(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.get("/victims/")
            response = self.get("/victims/")
        self.assertMade(response)
        self.assertNotIn("ETag", response)
        self.assertNotIn("Cache-Control", response)

    def test_a_kept_page_is_not_served_while_the_database_is_down(self):
        self.get("/victims/")
        with database_down():
            response = self.visitor.get("/victims/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertKept(self.get("/victims/"))

    def test_a_host_not_allowed_is_still_a_400(self):
        self.assertEqual(self.visitor.get("/", headers={"host": "elsewhere.example"}).status_code, 400)

    def test_changes_not_yet_committed_are_shown_and_nothing_is_kept_meanwhile(self):
        """The test suite runs each test in a transaction that never commits: the pages then show its
        records (they are made each time) and keep none for the tests that follow."""
        self.get("/victims/")
        self.assertKept(self.get("/victims/"))
        Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED)
        self.assertContains(self.get("/victims/"), "Ali Rezaei")
        self.assertMade(self.get("/victims/"))


class BenchmarkTests(BaseTestCase):
    def test_the_benchmark_measures_pages_made_not_kept(self):
        from archive import benchmark

        caches["pages"].clear()
        result = benchmark.measure(benchmark.client(), benchmark.Scenario("home", "", ["/"]), requests=3)
        self.assertGreater(result.queries["min"], 1)
