"""The mirror opened from disk (file://) in a real browser: Debian's Chromium, driven by Playwright.

A reader with JavaScript off follows links from the Persian home to a victim; a reader with it on
finds a victim by the first letters of a Persian name. Skipped, with the reason, where Chromium or
Playwright is missing (CI installs both: .ci/run and requirements-dev.txt).
"""

from __future__ import annotations

import os
import shutil
from unittest import skipUnless

from tests.mirror.support import MirrorTestCase

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the skip below says why
    sync_playwright = None

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@skipUnless(sync_playwright is not None, "Playwright is not installed (requirements-dev.txt)")
@skipUnless(os.path.exists(CHROMIUM), "Chromium is not installed (apt-get install chromium)")
class MirrorInBrowserTests(MirrorTestCase):
    def setUp(self):
        # Started and stopped around each test: left running until the end of the class, it made the
        # rollback of the class's data fail on SQLite ("database table is locked").
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        self.addCleanup(os.environ.pop, "DJANGO_ALLOW_ASYNC_UNSAFE", None)
        playwright = sync_playwright().start()
        self.addCleanup(playwright.stop)
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.addCleanup(self.browser.close)

    def open(self, name: str, query: str = "", *, javascript: bool):
        context = self.browser.new_context(java_script_enabled=javascript)
        self.addCleanup(context.close)
        page = context.new_page()
        self.requests = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.goto((self.mirror / name).as_uri() + query)
        return page

    def test_a_reader_without_javascript_goes_from_the_persian_home_to_a_victim(self):
        page = self.open("fa/index.html", javascript=False)
        self.assertEqual(page.locator("html").get_attribute("dir"), "rtl")
        page.get_by_role("navigation").get_by_role("link", name="جان‌باختگان").click()
        self.assertTrue(page.url.endswith("/fa/victims/index.html"), page.url)
        # Two a page, in Persian alphabetical order: Ali Rezaei is on the second.
        page.get_by_role("link", name="بعدی").click()
        self.assertTrue(page.url.endswith("/fa/victims/page/2/index.html"), page.url)
        page.get_by_role("link", name="علی رضایی").click()
        self.assertTrue(page.url.endswith("/fa/victims/ali-rezaei/index.html"), page.url)
        self.assertIn("علی رضایی", page.locator("h1").inner_text())
        # The style sheet and the photograph came from the mirror's own files.
        self.assertTrue(any(url.endswith("/static/css/site.css") for url in self.requests))
        self.assertTrue(any(url.endswith("/thumb.jpg") for url in self.requests))
        self.assertTrue(all(url.startswith("file://") or url.startswith("data:") for url in self.requests))
        # On to the place, and to the English page of it.
        page.get_by_role("link", name="زندان اوین").first.click()
        self.assertTrue(page.url.endswith("/fa/places/evin-prison/index.html"), page.url)
        page.get_by_role("link", name="English").click()
        self.assertTrue(page.url.endswith("/places/evin-prison/index.html"), page.url)
        self.assertIn("Evin Prison", page.locator("h1").inner_text())

    def test_a_reader_with_javascript_finds_a_victim_by_the_first_letters_of_a_persian_name(self):
        page = self.open("fa/index.html", javascript=True)
        page.get_by_role("navigation").get_by_role("link", name="جست‌وجو").click()
        page.fill("#mirror-q", "رضا")
        page.locator("form.mirror-search button[type=submit]").click()
        page.wait_for_selector("#mirror-results li")
        found = page.locator("#mirror-results li .name").all_inner_texts()
        # Reza Ghorbani by his first name, Ali Rezaei by the beginning of his family name: the exact word first.
        self.assertEqual(found, ["رضا قربانی", "علی رضایی"])
        self.assertIn("۲", page.locator("#mirror-status").inner_text())
        page.get_by_role("link", name="علی رضایی").click()
        self.assertTrue(page.url.endswith("/fa/victims/ali-rezaei/index.html"), page.url)
        self.assertIn("علی رضایی", page.locator("h1").inner_text())
        self.assertTrue(all(url.startswith("file://") or url.startswith("data:") for url in self.requests))

    def test_latin_spellings_meet_as_on_the_site_and_the_lists_stay_for_readers_without_javascript(self):
        page = self.open("search/index.html", "?q=pour-mohammadi", javascript=True)
        page.wait_for_selector("#mirror-results li")
        self.assertEqual(
            page.locator("#mirror-results li .name").all_inner_texts(), ["Mostafa Pourmohammadi"]
        )
        page = self.open("search/index.html", "?q=Mustafa", javascript=True)
        page.wait_for_selector("#mirror-results li")
        self.assertEqual(
            page.locator("#mirror-results li .name").all_inner_texts(), ["Mostafa Pourmohammadi"]
        )
        page = self.open("search/index.html", "?q=Bahrami", javascript=True)
        page.wait_for_function("document.getElementById('mirror-status').textContent.length > 0")
        self.assertIn("No name in this copy", page.locator("#mirror-status").inner_text())

        page = self.open("search/index.html", javascript=False)
        self.assertTrue(page.locator("#mirror-search").is_hidden())
        page.get_by_role("link", name="Victims, in alphabetical order").click()
        self.assertTrue(page.url.endswith("/victims/index.html"), page.url)
