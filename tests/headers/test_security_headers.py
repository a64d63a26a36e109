"""Every kind of response carries the security headers: the Content-Security-Policy, and the rest.

Every public page type in English and Persian (the list the accessibility test walks, over the archive
tests/browser/support.py builds), the API, the sitemap, robots.txt, an export, a document, a photograph,
a static file, the admin's login page, a redirect, and the error pages (400, 403, 404, 405, 500, 503).
Over https, with the settings a production process loads, every one carries HSTS too, and the cookies
the archive sets are Secure, HttpOnly where scripts have no use for them, SameSite, and __Host- cookies.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from archive.models import Organization
from tests.base import BaseTestCase
from tests.browser.support import build_archive
from tests.browser.test_accessibility import LANGUAGES, PAGES, page_path
from tests.deploy.production import SITE_URL, production_env, settings_in
from tests.outage.test_database_outage import database_down
from victims.models import VictimPhoto

# The policy, directive by directive: nothing from another origin, no inline script or style, no framing.
CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
}
# Powerful features no page uses: each must be denied, whatever else the policy lists.
DENIED = {"camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "interest-cohort"}
YEAR = 365 * 24 * 60 * 60
HOST = "archive.example.org"
# The settings that decide the headers and cookies, as a production process loads them.
PRODUCTION = (
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_DOMAIN",
    "CSRF_COOKIE_PATH",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
)


def parse_csp(header: str) -> dict[str, list[str]]:
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        policy[name.lower()] = sources
    return policy


def parse_permissions_policy(header: str) -> dict[str, str]:
    """feature → its allowlist, checking each entry's syntax (a structured-field dictionary of lists)."""
    policy = {}
    for entry in header.split(","):
        match = re.fullmatch(r"\s*([a-z][a-z0-9-]*)=\(([^()]*)\)\s*", entry)
        assert match, f"not a Permissions-Policy entry: {entry!r}"
        policy[match[1]] = match[2]
    return policy


class PageTypes:
    """The archive of tests/browser/support.py, a document and photographs; a response of every type."""

    def setUp(self):
        build_archive()
        for photo in VictimPhoto.objects.all():
            photo.make_derivatives()
        self.document = self.make_source(
            "A letter from the prosecutor",
            slug="a-letter-from-the-prosecutor",
            file=ContentFile(b"The letter's text.\n", name="letter.txt"),
            media_type="text/plain",
        )

    def assertSecurityHeaders(self, response, label: str):
        headers = response.headers
        self.assertIn("Content-Security-Policy", headers, label)
        header = headers["Content-Security-Policy"]
        self.assertEqual(parse_csp(header), CSP, label)
        for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"):
            self.assertNotIn(unsafe, header.split(), label)
        self.assertNotIn("Content-Security-Policy-Report-Only", headers, label)
        self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff", label)
        self.assertEqual(headers.get("Referrer-Policy"), "same-origin", label)
        self.assertEqual(headers.get("Cross-Origin-Opener-Policy"), "same-origin", label)
        self.assertEqual(headers.get("X-Frame-Options"), "DENY", label)
        permissions = parse_permissions_policy(headers.get("Permissions-Policy", ""))
        self.assertLessEqual(DENIED, set(permissions), label)
        self.assertEqual({feature: "" for feature in permissions}, permissions, label)  # all denied
        self.assertRegex(headers.get("X-Request-ID", ""), r"^[0-9a-f]{32}$", label)

    def responses(self, **extra):
        """(label, expected status, response) for every type of response, each request sent with `extra`."""
        client = Client(raise_request_exception=False)

        def get(path, **more):
            return client.get(path, **{**extra, **more})

        for page in PAGES:
            for language in LANGUAGES:
                path = page_path(page, language)
                yield f"{page.label} ({language}) {path}", page.status, get(path)
        organization = Organization.objects.get(name_en="Tehran death commission")
        for path in (
            "/api/v1/",
            "/api/v1/victims/",
            "/api/v1/victims/ali-rezaei/",
            "/api/v1/perpetrators/mostafa-pourmohammadi/",
            "/api/v1/events/1988-prison-massacre/",
            "/api/v1/places/evin-prison/",
            "/api/v1/sources/report-on-the-1988-massacre/",
            f"/api/v1/organizations/{organization.slug}/",
            "/sitemap.xml",
            "/robots.txt",
            "/healthz",
            "/victims/export.csv",
            "/fa/victims/export.csv",
            "/perpetrators/popolo.json",
            "/victims/ali-rezaei/cite.bib",
            f"/sources/{self.document.slug}/file/",
            "/admin/login/",
            "/fa/admin/login/",
        ):
            yield path, 200, get(path)
        photo = re.search(r'src="(/media/[^"]+)"', get("/victims/ali-rezaei/").content.decode())
        self.assertIsNotNone(photo, "the victim's page shows no photograph served by the archive")
        yield f"photograph {photo[1]}", 200, get(photo[1])
        yield "home again (kept by the page cache)", 200, get("/")
        yield "redirect to the address with a slash", 301, get("/victims")
        yield "API: not found", 404, get("/api/v1/victims/nobody/")
        yield "not found (fa)", 404, get("/fa/no-such-page/")
        yield "method not allowed", 405, get("/", REQUEST_METHOD="DELETE")
        yield "bad host (400)", 400, get("/", HTTP_HOST="elsewhere.example")
        yield "bad host (400, fa)", 400, get("/fa/", HTTP_HOST="elsewhere.example")
        strict = Client(enforce_csrf_checks=True)
        yield "CSRF failure (403)", 403, strict.post("/submit/", {}, **extra)
        yield "CSRF failure (403, fa)", 403, strict.post("/fa/submit/", {}, **extra)
        with override_settings(ROOT_URLCONF="tests.privacy.urls"):
            yield "server error (500)", 500, get("/broken/")
        for path in ("/", "/fa/", "/victims/ali-rezaei/", "/api/v1/victims/"):
            with database_down():
                yield f"database unavailable (503) {path}", 503, get(path)
        with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
            static = Client().get(f"{settings.STATIC_URL}css/site.css", **extra)
        yield "static file", 200, static


class SecurityHeadersTestCase(PageTypes, BaseTestCase):
    def test_every_type_of_response_carries_the_security_headers(self):
        seen = 0
        for label, status, response in self.responses():
            with self.subTest(label):
                self.assertEqual(response.status_code, status, label)
                self.assertSecurityHeaders(response, label)
                # HSTS only over https (below): a browser ignores it on plain http.
                self.assertNotIn("Strict-Transport-Security", response.headers)
                seen += 1
        self.assertGreater(seen, 70)

    def test_the_checks_fail_on_a_weaker_policy(self):
        response = self.client.get("/")
        self.assertSecurityHeaders(response, "home")
        weaker = {**settings.SECURE_CSP, "script-src": ["'self'", "'unsafe-inline'"]}
        with override_settings(SECURE_CSP=weaker), self.assertRaises(AssertionError):
            self.assertSecurityHeaders(self.client.get("/"), "home, weaker")
        with override_settings(PERMISSIONS_POLICY={"camera": ["self"]}), self.assertRaises(AssertionError):
            self.assertSecurityHeaders(self.client.get("/"), "home, camera allowed")


class HttpsTestCase(PageTypes, BaseTestCase):
    """With the settings an https SITE_URL gives a production process, and requests that came over https."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        found = settings_in(production_env(), *PRODUCTION)
        found["SECURE_PROXY_SSL_HEADER"] = tuple(found["SECURE_PROXY_SSL_HEADER"])
        cls.production = override_settings(**found)
        cls.production.enable()
        cls.addClassCleanup(cls.production.disable)

    https = {"secure": True, "HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}

    def cookie(self, response, name: str):
        self.assertIn(name, response.cookies, f"{name} was not set")
        # Read back as a browser reads the header, not from Django's own cookie object.
        cookie = SimpleCookie(response.cookies[name].OutputString())[name]
        header = response.cookies[name].OutputString()
        self.assertTrue(name.startswith("__Host-"), name)
        self.assertTrue(cookie["secure"], header)
        self.assertEqual(cookie["path"], "/", header)
        self.assertEqual(cookie["domain"], "", header)  # a __Host- cookie has no Domain
        self.assertEqual(cookie["samesite"], "Lax", header)
        return cookie

    def test_every_type_of_response_carries_hsts_and_the_other_headers(self):
        seen = 0
        for label, status, response in self.responses(**self.https):
            with self.subTest(label):
                self.assertEqual(response.status_code, status, label)
                self.assertSecurityHeaders(response, label)
                directives = [d.strip() for d in response.headers["Strict-Transport-Security"].split(";")]
                self.assertEqual(directives[:2], [f"max-age={YEAR}", "includeSubDomains"], label)
                self.assertLessEqual(set(directives[2:]), {"preload"}, label)
                seen += 1
        self.assertGreater(seen, 70)

    def test_plain_http_is_sent_to_https_with_the_headers(self):
        response = self.client.get("/victims/", HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="http")
        self.assertRedirects(response, f"{SITE_URL}/victims/", 301, fetch_redirect_response=False)
        self.assertSecurityHeaders(response, "redirect to https")

    def test_the_submission_forms_csrf_cookie(self):
        response = self.client.get("/submit/", **self.https)
        self.assertEqual(response.status_code, 200)
        self.cookie(response, "__Host-csrftoken")
        self.assertNotIn("csrftoken", response.cookies)

    def test_a_staff_login_sets_a_host_only_http_only_session_cookie(self):
        device = TOTPDevice.objects.create(user=self.editor, name="phone", confirmed=True)
        code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        client = Client()
        client.get("/admin/login/", **self.https)
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": "editor-password", "otp_token": f"{code:06d}"},
            **self.https,
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        session = self.cookie(response, "__Host-sessionid")
        self.assertTrue(session["httponly"], response.cookies["__Host-sessionid"].OutputString())
        self.assertNotIn("sessionid", response.cookies)
        self.assertSecurityHeaders(response, "login")
