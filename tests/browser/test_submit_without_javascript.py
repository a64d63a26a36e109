"""The submission form in a real browser with JavaScript off: Debian's Chromium, driven by Playwright.

A family sends what they know from the Persian form, with a photograph, keeps the receipt code and
checks the status with it. Skipped, with the reason, where Chromium or Playwright is missing (CI
installs both: .ci/run and requirements-dev.txt).
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

from django.test import override_settings
from django.utils import translation
from PIL import Image

from submissions.models import Submission
from tests.browser.support import BrowserTestCase, needs_a_browser


@needs_a_browser
@override_settings(SUBMISSION_MIN_SECONDS=0)
class SubmitWithoutJavaScriptTest(BrowserTestCase):
    def setUp(self):
        self.page = self.new_page(java_script_enabled=False)
        photo = io.BytesIO()
        Image.new("RGB", (64, 48), "gray").save(photo, "JPEG")
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        self.photo = folder / "photo.jpg"
        self.photo.write_bytes(photo.getvalue())

    def test_a_family_sends_what_they_know_and_checks_the_status_with_the_receipt(self):
        page = self.page
        page.goto(f"{self.live_server_url}/fa/submit/")
        self.assertEqual(page.locator("html").get_attribute("dir"), "rtl")
        page.fill("#id_name_fa", "مریم کریمی")
        page.fill("#id_death_text", "مرداد ۱۳۶۷")
        page.fill("#id_account", "در زندان اوین بازداشت بود و در تابستان ۱۳۶۷ اعدام شد.")
        page.select_option("#id_how_known", "family")
        page.set_input_files("#id_files", str(self.photo))
        page.locator("form.submission-form button[type=submit], form button[type=submit]").first.click()
        page.wait_for_load_state()
        code = page.locator(".receipt strong").text_content().strip()
        self.assertRegex(code, r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$")

        submission = Submission.objects.get()
        self.assertEqual(submission.name_fa, "مریم کریمی")
        self.assertEqual(submission.files.count(), 1)

        page.goto(f"{self.live_server_url}/fa/submit/status/")
        page.fill("#id_code", code)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
        with translation.override("fa"):
            state = str(submission.get_state_display())
        self.assertIn(state, page.locator("[role=status]").text_content())

    def test_a_form_sent_empty_comes_back_with_a_message_and_stores_nothing(self):
        page = self.page
        page.goto(f"{self.live_server_url}/submit/")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
        self.assertTrue(page.locator(".errors, .errorlist, [role=alert]").count())
        self.assertFalse(Submission.objects.exists())
