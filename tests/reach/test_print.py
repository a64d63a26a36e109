"""Printing a profile: the print stylesheet (the @media print block of static/css/site.css) in Chromium.

A lawyer files the printed page: it must keep every footnote with the address of its source, and drop
what only works on a screen (navigation, the language switch, forms, download links).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import skipUnless

from tests.browser.support import BrowserTestCase, build_archive, needs_a_browser


@needs_a_browser
class PrintTestCase(BrowserTestCase):
    def setUp(self):
        build_archive(photo=False)

    def printed(self, path: str):
        page = self.new_page()
        page.goto(self.live_server_url + path)
        page.emulate_media(media="print")
        return page

    def after(self, page, selector: str) -> str:
        return page.eval_on_selector(selector, "e => getComputedStyle(e, '::after').content")

    def test_the_screen_chrome_is_not_printed(self):
        for path in ("/victims/ali-rezaei/", "/fa/victims/ali-rezaei/"):
            with self.subTest(path=path):
                page = self.printed(path)
                for hidden in (".site-header nav", ".languages", ".submit-link", ".cite p.meta"):
                    self.assertFalse(page.is_visible(hidden), hidden)
                for shown in (".site-name", "h1", ".footnotes", ".cite-text"):
                    self.assertTrue(page.is_visible(shown), shown)

    def test_each_footnote_prints_the_address_of_its_source(self):
        page = self.printed("/victims/ali-rezaei/")
        address = page.get_attribute(".footnotes li > a", "href")
        self.assertTrue(address.startswith("/sources/report-on-the-1988-massacre/#citation-"), address)
        self.assertEqual(self.after(page, ".footnotes li > a"), f'" ({address})"')

    def test_footnote_markers_print_no_address(self):
        page = self.printed("/victims/ali-rezaei/")
        self.assertEqual(self.after(page, "sup.fn a"), "none")

    def test_on_screen_no_address_is_added(self):
        page = self.new_page()
        page.goto(self.live_server_url + "/victims/ali-rezaei/")
        self.assertEqual(self.after(page, ".footnotes li > a"), "none")
        self.assertTrue(page.is_visible(".site-header nav"))

    @skipUnless(shutil.which("pdftotext"), "pdftotext is not installed (apt-get install poppler-utils)")
    def test_the_printed_pdf_keeps_the_footnotes_and_their_addresses(self):
        page = self.printed("/victims/ali-rezaei/")
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "profile.pdf"
            page.pdf(path=str(pdf))
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
        self.assertIn("Ali Rezaei", text)
        self.assertIn("Sources", text)
        self.assertIn("(/sources/report-on-the-1988-massacre/#citation-", " ".join(text.split()))
        self.assertIn("Cite this page", text)
        for screen_only in ("Perpetrators", "فارسی", "BibTeX", "Correct or complete this entry"):
            self.assertNotIn(screen_only, text)
