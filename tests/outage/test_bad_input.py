"""Bad input gets a short 4xx: never a 500, never a file's contents, never a traceback or a setting."""

from __future__ import annotations

from django.conf import settings
from django.test import Client, override_settings

from tests.base import BaseTestCase

# What a file of the project would show if it were ever served.
FILE_CONTENTS = (
    b"[core]",
    b"SECRET_KEY",
    b"DATABASE_URL",
    b"import ",
    b"root:",
    b"INSTALLED_APPS",
    b"Traceback",
)


class BadInputTestCase(BaseTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def assertShort4xx(self, response, status, url):
        self.assertEqual(response.status_code, status, url)
        for telltale in FILE_CONTENTS:
            self.assertNotIn(telltale, response.content, url)
        self.assertNotIn(str(settings.BASE_DIR).encode(), response.content, url)

    def test_project_files_and_secrets_are_404(self):
        for url in (
            "/.git/config",
            "/.git/HEAD",
            "/.git/",
            "/.env",
            "/fa/.env",
            "/archive/settings.py",
            "/settings.py",
            "/manage.py",
            "/gunicorn.conf.py",
            "/static/../archive/settings.py",
            "/static/%2e%2e/archive/settings.py",
            "/static/..%2f..%2farchive%2fsettings.py",
            "/static/.env",
            "/media/../archive/settings.py",
            "/wp-login.php",
        ):
            with self.subTest(url=url):
                self.assertShort4xx(self.client.get(url), 404, url)

    def test_path_traversal_is_404(self):
        for url in (
            "/victims/../../etc/passwd",
            "/victims/%2e%2e/%2e%2e/etc/passwd",
            "/victims/..%2f..%2fetc%2fpasswd/",
            "/fa/victims/%2e%2e%2f%2e%2e%2fetc%2fpasswd/",
            "/sources/..%2f..%2fetc%2fpasswd/file/",
            "/victims/....//....//etc/passwd",
        ):
            with self.subTest(url=url):
                self.assertShort4xx(self.client.get(url), 404, url)

    def test_trace_is_refused(self):
        for url in ("/", "/victims/", "/fa/", "/api/v1/victims/", "/healthz", "/submit/"):
            with self.subTest(url=url):
                response = self.client.trace(url, HTTP_COOKIE="sessionid=do-not-echo")
                self.assertShort4xx(response, 405, url)
                self.assertNotIn(b"do-not-echo", response.content)

    def test_a_host_not_allowed_is_the_calm_400_page(self):
        for url, host in (("/", "elsewhere.example"), ("/fa/", "elsewhere.example"), ("/", "bad host")):
            with self.subTest(url=url, host=host):
                response = self.client.get(url, HTTP_HOST=host)
                self.assertShort4xx(response, 400, url)
                if url.startswith("/fa/"):
                    self.assertContains(response, '<html lang="fa" dir="rtl">', status_code=400)
                else:
                    self.assertContains(response, "The archive could not read this request", status_code=400)
                self.assertNotContains(response, host, status_code=400)

    def test_malformed_headers_are_not_a_server_error(self):
        for extra in (
            {"HTTP_HOST": "127.0.0.1:8000:90"},
            {"HTTP_HOST": "host\x00name"},
            {"HTTP_COOKIE": "sessionid=\x00\x01; csrftoken=" + "x" * 5000},
            {"HTTP_ACCEPT_LANGUAGE": "fa;q=abc, *;q=" + "9" * 500},
            {"HTTP_X_FORWARDED_FOR": "not an address"},
        ):
            with self.subTest(extra=list(extra)):
                self.assertLess(self.client.get("/", **extra).status_code, 500)

    def test_a_bad_content_length_is_not_a_server_error(self):
        for length in ("abc", "-1", "99999999999999999999"):
            with self.subTest(length=length):
                response = self.client.generic(
                    "POST",
                    "/submit/",
                    b"a=b",
                    content_type="application/x-www-form-urlencoded",
                    CONTENT_LENGTH=length,
                )
                self.assertLess(response.status_code, 500)
                self.assertGreaterEqual(response.status_code, 200)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
    def test_an_oversized_body_is_a_short_4xx(self):
        body = "details=" + "x" * 5000
        for url in ("/submit/", "/fa/submit/", "/admin/login/", "/submit/status/"):
            with self.subTest(url=url):
                response = self.client.post(url, body, content_type="application/x-www-form-urlencoded")
                self.assertIn(response.status_code, (400, 403, 413), url)
                self.assertNotIn(b"Traceback", response.content)

    def test_the_default_upload_limit_holds(self):
        # 2.5 MB of form fields, Django's default, unless changed on purpose: file uploads have their own caps.
        self.assertEqual(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 2621440)
        body = "details=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
        response = self.client.post("/submit/", body, content_type="application/x-www-form-urlencoded")
        self.assertIn(response.status_code, (400, 403, 413))
