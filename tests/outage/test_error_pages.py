"""The archive's own error pages (400, 403, 404, 405, 500, 503), in English and Persian, leaking nothing."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client

from tests.base import BaseTestCase
from tests.outage.test_database_outage import database_down

SECRET = "a-secret-that-must-never-show-7f3a"
LEAKS = (
    "Traceback",
    "File &quot;",
    'File "',
    "SECRET_KEY",
    "settings.py",
    "DATABASES",
    "site-packages",
    SECRET,
)


def failing_home(error):
    """The home view fails with `error` (the URLconf keeps the view itself, so its render is patched)."""
    return mock.patch("archive.views.home.render", side_effect=error)


class ErrorPagesTestCase(BaseTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def assertNoLeak(self, response):
        body = response.content.decode()
        for leak in (*LEAKS, str(settings.BASE_DIR)):
            self.assertNotIn(leak, body)

    def get(self, prefix, status):
        """The page for `status` under the language `prefix` ("" or "/fa")."""
        url = f"{prefix}/"
        if status == 404:
            return self.client.get(f"{prefix}/nowhere/")
        if status == 405:
            return self.client.delete(url)
        if status == 503:
            with database_down():
                return self.client.get(url)
        error = {
            400: SuspiciousOperation(SECRET),
            403: PermissionDenied(SECRET),
            500: RuntimeError(SECRET),
        }[status]
        with failing_home(error):
            return self.client.get(url)

    def test_every_error_page_in_english(self):
        expected = {
            400: "The archive could not read this request",
            403: "This page is not open to you",
            404: "This page is not in the archive",
            500: "Something went wrong on our side",
            503: "The archive is briefly unavailable",
        }
        for status, heading in expected.items():
            with self.subTest(status=status):
                response = self.get("", status)
                self.assertContains(response, heading, status_code=status)
                self.assertContains(response, '<html lang="en"', status_code=status)
                self.assertNoLeak(response)

    def test_every_error_page_in_persian(self):
        for status in (400, 403, 404, 503):
            with self.subTest(status=status):
                response = self.get("/fa", status)
                self.assertContains(response, '<html lang="fa" dir="rtl">', status_code=status)
                self.assertNoLeak(response)
        # The 500 page needs nothing to render: one page in both languages, each marked as such.
        response = self.get("/fa", 500)
        self.assertContains(response, '<p lang="fa" dir="rtl">', status_code=500)
        self.assertContains(response, 'href="/fa/"', status_code=500)
        self.assertNoLeak(response)

    def test_persian_pages_link_home_in_persian(self):
        for status in (400, 403, 404):
            with self.subTest(status=status):
                self.assertContains(self.get("/fa", status), 'href="/fa/"', status_code=status)

    def test_a_method_not_allowed_is_a_short_405(self):
        for prefix in ("", "/fa"):
            with self.subTest(prefix=prefix):
                response = self.get(prefix, 405)
                self.assertEqual(response.status_code, 405)
                self.assertEqual(response["Allow"], "GET, HEAD")
                self.assertNoLeak(response)

    def test_the_403_page_has_the_site_around_it(self):
        response = self.get("", 403)
        self.assertContains(response, '<main id="main"', status_code=403)
        self.assertContains(response, '<a href="/">Home</a>', status_code=403)

    def test_a_csrf_failure_is_a_403_that_leaks_nothing(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/submit/", {"details": "x"})
        self.assertEqual(response.status_code, 403)
        self.assertNoLeak(response)
