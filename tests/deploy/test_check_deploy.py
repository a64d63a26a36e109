"""`manage.py check --deploy --fail-level WARNING` passes with production settings, and what those settings are.

Each check runs in its own process with a production environment (no DEBUG, a long random SECRET_KEY, a
Fernet SUBMISSION_KEY, an https SITE_URL), the way the release step runs it.
"""

from __future__ import annotations

import sys
import tempfile

from django.test import SimpleTestCase

from tests.deploy.production import SITE_URL, production_env, run, settings_in

CHECK = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
YEAR = 365 * 24 * 60 * 60


class CheckDeployTests(SimpleTestCase):
    def test_check_deploy_passes_with_production_settings(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = run(CHECK, production_env(DATABASE_URL=f"sqlite:///{tmp}/archive.sqlite3"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_it_fails_on_plain_http_so_the_check_can_fail(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = production_env(
                DATABASE_URL=f"sqlite:///{tmp}/archive.sqlite3", SITE_URL="http://archive.example.org"
            )
            result = run(CHECK, env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("security.W004", result.stderr)  # no HSTS
        self.assertIn("security.W012", result.stderr)  # session cookie not Secure

    def test_https_settings(self):
        found = settings_in(
            production_env(),
            "SESSION_COOKIE_NAME",
            "CSRF_COOKIE_NAME",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "SECURE_REFERRER_POLICY",
            "SECURE_CROSS_ORIGIN_OPENER_POLICY",
            "ALLOWED_HOSTS",
            "DEBUG",
        )
        self.assertEqual(
            found,
            {
                "SESSION_COOKIE_NAME": "__Host-sessionid",
                "CSRF_COOKIE_NAME": "__Host-csrftoken",
                "SESSION_COOKIE_SECURE": True,
                "CSRF_COOKIE_SECURE": True,
                "SECURE_HSTS_SECONDS": YEAR,
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
                "SECURE_SSL_REDIRECT": True,
                "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
                "SECURE_REFERRER_POLICY": "same-origin",
                "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
                "ALLOWED_HOSTS": ["archive.example.org"],
                "DEBUG": False,
            },
        )

    def test_development_over_http_keeps_plain_cookies_and_no_redirect(self):
        env = production_env(DEBUG="1", SITE_URL="http://127.0.0.1:8000")
        del env["SECURE_PROXY_SSL_HEADER"]
        found = settings_in(
            env,
            "SESSION_COOKIE_NAME",
            "CSRF_COOKIE_NAME",
            "SESSION_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
        )
        self.assertEqual(
            found,
            {
                "SESSION_COOKIE_NAME": "sessionid",
                "CSRF_COOKIE_NAME": "csrftoken",
                "SESSION_COOKIE_SECURE": False,
                "SECURE_HSTS_SECONDS": 0,
                "SECURE_SSL_REDIRECT": False,
                "SECURE_PROXY_SSL_HEADER": None,
            },
        )


# Run inside a production-configured process: what a browser is sent, over https behind the proxy and over http.
RESPONSES = """
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import Client, RequestFactory

client = Client(HTTP_HOST="archive.example.org")
https = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
print("HSTS", https["Strict-Transport-Security"])
print("COOP", https["Cross-Origin-Opener-Policy"])
print("REFERRER", https["Referrer-Policy"])
plain = client.get("/about/")
print("REDIRECT", plain.status_code, plain["Location"])
print("PROBE", client.get("/healthz").status_code)
request = RequestFactory().get("/", headers={"X-Forwarded-Proto": "https"})
get_token(request)
response = CsrfViewMiddleware(lambda r: HttpResponse())(request)
cookie = response.cookies["__Host-csrftoken"]
print("CSRF", cookie["secure"], cookie["path"], repr(cookie["domain"]), cookie["samesite"])
"""


class ResponsesTests(SimpleTestCase):
    def test_what_a_browser_is_sent(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = production_env(DATABASE_URL=f"sqlite:///{tmp}/archive.sqlite3")
            result = run([sys.executable, "manage.py", "shell", "--no-imports", "-c", RESPONSES], env)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
        self.assertEqual(lines["HSTS"], "max-age=31536000; includeSubDomains; preload")
        self.assertEqual(lines["COOP"], "same-origin")
        self.assertEqual(lines["REFERRER"], "same-origin")
        self.assertEqual(lines["REDIRECT"], f"301 {SITE_URL}/about/")
        self.assertEqual(lines["PROBE"], "200")  # the container's health check asks over plain http
        self.assertEqual(lines["CSRF"], "True / '' Lax")
