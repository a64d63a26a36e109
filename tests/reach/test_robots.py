"""/robots.txt: what crawlers may read, and where the sitemap is."""

from __future__ import annotations

import re

from tests.base import BaseTestCase


def allowed(robots: str, path: str) -> bool:
    """Whether `path` may be crawled under these rules, as RFC 9309 reads them: the longest matching rule
    wins, Allow over Disallow on a tie; "*" matches any characters, "$" the end."""
    best_length, verdict = -1, True
    for line in robots.splitlines():
        field, _sep, value = line.partition(":")
        field, value = field.strip().lower(), value.strip()
        if field not in ("allow", "disallow") or not value:
            continue
        pattern = "".join(".*" if c == "*" else "$" if c == "$" else re.escape(c) for c in value)
        if re.match(pattern, path):
            is_allow = field == "allow"
            if len(value) > best_length or (len(value) == best_length and is_allow):
                best_length, verdict = len(value), is_allow
    return verdict


class RobotsTestCase(BaseTestCase):
    def robots(self, **extra) -> str:
        response = self.client.get("/robots.txt", **extra)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        return response.content.decode()

    def test_it_points_to_the_sitemap_at_the_address_it_was_asked_on(self):
        self.assertIn("Sitemap: http://testserver/sitemap.xml\n", self.robots())
        secure = self.robots(secure=True, headers={"host": "127.0.0.1"})
        self.assertIn("Sitemap: https://127.0.0.1/sitemap.xml\n", secure)

    def test_it_speaks_to_every_crawler(self):
        self.assertTrue(self.robots().startswith("User-agent: *\n"))

    def test_public_pages_records_files_and_sitemaps_may_be_crawled(self):
        robots = self.robots()
        for path in [
            "/",
            "/fa/",
            "/victims/",
            "/victims/ali-rezaei/",
            "/fa/victims/%D8%B9%D9%84%DB%8C/",
            "/perpetrators/hossein-ali-nayyeri/",
            "/sources/blood-soaked-secrets/",
            "/sources/blood-soaked-secrets/file/",
            "/events/1988-prison-massacre/",
            "/places/evin-prison/",
            "/submit/",
            "/sitemap.xml",
            "/sitemap-victims.xml?p=2",
        ]:
            with self.subTest(path=path):
                self.assertTrue(allowed(robots, path))

    def test_the_admin_status_page_search_exports_and_query_strings_are_closed(self):
        robots = self.robots()
        for path in [
            "/admin/",
            "/fa/admin/login/",
            "/submit/status/",
            "/fa/submit/status/",
            "/search/?q=ali",
            "/search/",
            "/fa/search/?q=%D8%B9%D9%84%DB%8C",
            "/search/export.csv?q=ali",
            "/victims/export.csv",
            "/fa/victims/export.json?event=x",
            "/sources/export.csv",
            "/victims/ali-rezaei/cite.bib",
            "/sources/blood-soaked-secrets/citations.csv",
            "/victims/?gender=male",
            "/victims/?page=20000",
            "/api/v1/victims/",
        ]:
            with self.subTest(path=path):
                self.assertFalse(allowed(robots, path))

    def test_it_is_only_at_the_root_and_only_read(self):
        self.assertEqual(self.client.get("/fa/robots.txt").status_code, 404)
        self.assertEqual(self.client.post("/robots.txt").status_code, 405)

    def test_it_needs_no_database(self):
        with self.assertNumQueries(0):
            self.robots()
