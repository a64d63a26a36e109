"""A profile page stays light: under 50 KB transferred for everything the browser fetches, fonts included.

"Transferred" is what production sends: the HTML as Django renders it (nothing compresses it), and the
static files as whitenoise serves them, gzipped where that helps (CSS and scripts; woff2 is compressed
already). The test server sends everything uncompressed, so the test gzips (level 9, as whitenoise does)
the bodies whitenoise would. Both figures are printed (pytest -s) for the README. Fonts and CSS have
hashed names in production and are cached for a year, so the next page costs its HTML alone.
"""

from __future__ import annotations

import gzip

from tests.browser.support import BrowserTestCase, build_archive, needs_a_browser

BUDGET = 50_000  # bytes

# What whitenoise serves gzipped (it skips formats that are compressed already: woff2, jpeg, png).
STATIC_COMPRESSED = ("text/css", "text/javascript", "application/javascript", "image/svg+xml")


@needs_a_browser
class PageWeightTest(BrowserTestCase):
    def setUp(self):
        build_archive(photo=False)

    def fetched(self, path: str) -> dict[str, tuple[str, bytes]]:
        """Every response the browser got for the page, by address: (content type, body)."""
        browser_page = self.new_page(viewport={"width": 360, "height": 740})
        responses = []
        browser_page.on("response", lambda response: responses.append(response))
        browser_page.goto(self.live_server_url + path)
        browser_page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        browser_page.wait_for_load_state("networkidle")
        return {r.url: (r.headers.get("content-type", "").split(";")[0], r.body()) for r in responses}

    def weigh(self, path: str, fetched: dict[str, tuple[str, bytes]]) -> tuple[int, int]:
        """(uncompressed bytes, transferred bytes), with a line per response printed."""
        raw = transferred = 0
        print(f"\n{path}")
        for url, (kind, body) in fetched.items():
            sent = len(gzip.compress(body, 9)) if kind in STATIC_COMPRESSED else len(body)
            raw, transferred = raw + len(body), transferred + sent
            print(
                f"  {len(body):>7,} bytes, {sent:>7,} sent  {kind:<10} {url.removeprefix(self.live_server_url)}"
            )
        print(f"  {raw:>7,} bytes, {transferred:>7,} sent  in all ({len(fetched)} responses)")
        return raw, transferred

    def test_a_profile_without_photos_weighs_under_50_kb_in_english_and_persian(self):
        for path, fonts in [("/victims/maryam-karimi/", 0), ("/fa/victims/maryam-karimi/", 2)]:
            with self.subTest(path=path):
                fetched = self.fetched(path)
                _raw, transferred = self.weigh(path, fetched)
                self.assertLess(transferred, BUDGET)
                # Nothing from another origin, no script, and the Persian page's weight counts its two fonts.
                self.assertTrue(all(url.startswith(self.live_server_url) for url in fetched), list(fetched))
                self.assertEqual(len([url for url in fetched if url.endswith(".woff2")]), fonts)
                self.assertEqual([url for url, (kind, _body) in fetched.items() if "javascript" in kind], [])
