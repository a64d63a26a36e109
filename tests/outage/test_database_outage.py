"""The database going away: every route answers a calm 503 with Retry-After, and the site comes back by itself.

The outage is simulated by making every new cursor fail the way an unreachable server does
(ensure_connection raising OperationalError). tests/outage/test_real_outage.py does it for real on
PostgreSQL, with a proxy between the app and the database that is cut and restored.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from unittest import mock

from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings

from archive.models import Status
from perpetrators.models import Perpetrator
from tests.base import BaseTestCase
from victims.models import Victim

# One route of every kind: home, lists, records, the memorial, search, statistics, submit, the API, admin.
ROUTES = [
    "/",
    "/victims/",
    "/victims/ali-rezaei/",
    "/perpetrators/",
    "/perpetrators/hossein-example/",
    "/names/",
    "/on-this-day/",
    "/sources/",
    "/events/",
    "/places/",
    "/map/",
    "/search/?q=rezaei",
    "/statistics/",
    "/victims/export.csv",
    "/fa/",
    "/fa/victims/",
    "/fa/victims/ali-rezaei/",
    "/fa/perpetrators/",
    "/api/v1/victims/",
    "/api/v1/victims/ali-rezaei/",
    "/sitemap.xml",
]
# Forms that need no record to be shown keep working; sending them needs the database (503).
FORMS = ["/submit/", "/submit/status/", "/fa/submit/", "/admin/login/", "/fa/admin/login/"]


@contextmanager
def database_down(error=OperationalError):
    """Every attempt to reach the database fails, as when the server is stopped or the network is cut."""
    down = error("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=down
    ) as patched:
        yield patched


class DatabaseOutageTestCase(BaseTestCase):
    def setUp(self):
        cache.clear()  # pages cached by earlier tests (statistics) would answer without the database
        Victim.objects.create(name_en="Ali Rezaei", name_fa="علی رضایی", status=Status.PUBLISHED)
        Perpetrator.objects.create(name_en="Hossein Example", status=Status.PUBLISHED)

    def assertCalm503(self, response, url):
        self.assertEqual(response.status_code, 503, url)
        self.assertEqual(response["Retry-After"], "30")
        self.assertEqual(response["Cache-Control"], "no-store")
        body = response.content.decode()
        for leak in (
            "Traceback",
            "OperationalError",
            "5432",
            "Connection refused",
            "SECRET",
            "/work/",
            ".py",
        ):
            self.assertNotIn(leak, body, url)

    def test_every_route_answers_503_with_retry_after_without_a_session(self):
        for url in ROUTES:
            with self.subTest(url=url), database_down():
                self.assertCalm503(self.client.get(url), url)

    def test_every_route_answers_503_with_a_session_cookie(self):
        self.client.force_login(self.editor)
        for url in [*ROUTES, "/admin/", "/admin/victims/victim/", "/admin/login/"]:
            with self.subTest(url=url), database_down():
                self.assertCalm503(self.client.get(url), url)

    def test_forms_that_need_no_record_are_still_shown(self):
        for url in FORMS:
            with self.subTest(url=url), database_down():
                self.assertContains(self.client.get(url), "<form")

    def test_a_post_answers_503_too(self):
        with database_down():
            self.assertCalm503(
                self.client.post("/admin/login/", {"username": "a", "password": "b", "otp_token": "123456"}),
                "login",
            )

    def test_the_page_is_calm_and_in_english(self):
        with database_down():
            response = self.client.get("/victims/?q=secret-name")
        self.assertContains(response, '<html lang="en" dir="ltr">', status_code=503)
        self.assertContains(response, "The archive is briefly unavailable", status_code=503)
        self.assertContains(response, "Nothing has been lost.", status_code=503)
        self.assertContains(response, '<a href="/victims/?q=secret-name">Try again</a>', status_code=503)
        self.assertContains(response, '<meta name="robots" content="noindex">', status_code=503)
        self.assertEqual(response["Content-Language"], "en")

    def test_the_page_is_in_persian_under_fa(self):
        with database_down():
            response = self.client.get("/fa/victims/")
        self.assertContains(response, '<html lang="fa" dir="rtl">', status_code=503)
        self.assertEqual(response["Content-Language"], "fa")

    def test_the_page_is_made_without_a_single_query(self):
        with database_down() as patched:
            self.client.get("/victims/")
        # The view tried once; rendering the page did not try again.
        self.assertEqual(patched.call_count, 1)

    def test_the_api_answers_in_its_json_error_format(self):
        with database_down():
            response = self.client.get("/api/v1/victims/")
        self.assertEqual(response["Content-Type"], "application/json")
        error = response.json()["error"]
        self.assertEqual(error["code"], "unavailable")
        self.assertIn("try again", error["message"])
        self.assertEqual(response["Retry-After"], "30")

    def test_an_interface_error_is_handled_the_same(self):
        with database_down(InterfaceError):
            self.assertCalm503(self.client.get("/victims/"), "/victims/")

    @override_settings(DATABASE_RETRY_AFTER=120)
    def test_retry_after_is_a_setting(self):
        with database_down():
            self.assertEqual(self.client.get("/")["Retry-After"], "120")

    def test_service_resumes_by_itself_when_the_database_comes_back(self):
        self.client.force_login(self.editor)
        with database_down():
            for url in ("/", "/victims/", "/fa/victims/ali-rezaei/", "/api/v1/victims/", "/admin/"):
                self.assertEqual(self.client.get(url).status_code, 503, url)
        self.assertContains(self.client.get("/victims/"), "Ali Rezaei")
        self.assertContains(self.client.get("/fa/victims/ali-rezaei/"), "علی رضایی")
        self.assertEqual(self.client.get("/api/v1/victims/").json()["count"], 1)
        self.assertContains(self.client.get("/admin/"), "Victims")
        anonymous = Client()
        for url in [*ROUTES, *FORMS]:
            with self.subTest(url=url):
                self.assertEqual(anonymous.get(url).status_code, 200, url)

    def test_one_log_line_with_method_and_path_and_no_address(self):
        with self.assertLogs("archive.outage", logging.WARNING) as logs, database_down():
            self.client.get(
                "/victims/?q=secret-name", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="agent-7d41e"
            )
        self.assertEqual(
            logs.output, ["WARNING:archive.outage:database unavailable: GET /victims/ answered 503"]
        )

    def test_other_errors_are_still_500s(self):
        client = Client(raise_request_exception=False)
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
            side_effect=ValueError("not the database being down"),
        ):
            response = client.get("/victims/")
        self.assertEqual(response.status_code, 500)
        self.assertFalse(response.has_header("Retry-After"))


class MiddlewareErrorTestCase(BaseTestCase):
    """An error raised by a middleware below ours (here: the session being saved) is a 503 too."""

    @override_settings(SESSION_SAVE_EVERY_REQUEST=True)
    def test_a_session_that_cannot_be_saved_is_a_503_not_a_500(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.editor)
        with database_down():
            response = client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "The archive is briefly unavailable", status_code=503)
