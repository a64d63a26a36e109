"""/submit/status/ with a receipt code, and the rate limits that need no IP address."""

from __future__ import annotations

from django.test import override_settings

from submissions.models import Submission, SubmissionStatus

from .support import SubmissionTestCase


class ReceiptTests(SubmissionTestCase):
    def test_the_receipt_code_shows_the_status_and_the_public_reason(self):
        code = self.send().context["code"]
        response = self.client.post("/submit/status/", {"code": code.lower().replace("-", " ")})
        self.assertContains(response, "Status: received, not read yet.")
        Submission.objects.update(state=SubmissionStatus.REJECTED, public_reason="Already in the archive.")
        response = self.client.post("/submit/status/", {"code": code})
        self.assertContains(response, "Status: not taken in.")
        self.assertContains(response, "Already in the archive.")
        self.assertNotContains(response, "Parvaneh")

    def test_a_wrong_code_gets_a_message(self):
        self.send()
        response = self.client.post("/submit/status/", {"code": "AAAA-BBBB-CCCC-DDDD"})
        self.assertContains(response, "No submission has this receipt code")
        self.assertNotContains(response, "Status:")

    def test_something_that_is_not_a_code_gets_a_message(self):
        response = self.client.post("/submit/status/", {"code": "hello"})
        self.assertContains(response, "This is not a receipt code")

    def test_the_status_page_in_persian(self):
        response = self.client.post("/fa/submit/status/", {"code": "AAAA-BBBB-CCCC-DDDD"})
        self.assertContains(response, "هیچ فرستاده‌ای این کد رسید را ندارد")

    @override_settings(SUBMISSION_STATUS_CHECKS_PER_HOUR=3)
    def test_checks_of_one_code_are_limited(self):
        code = self.send().context["code"]
        for _ in range(3):
            self.assertEqual(self.client.post("/submit/status/", {"code": code}).status_code, 200)
        response = self.client.post("/submit/status/", {"code": code})
        self.assertContains(response, "Please wait a moment", status_code=429)
        self.assertNotContains(response, "Status:", status_code=429)


class RateLimitTests(SubmissionTestCase):
    @override_settings(SUBMISSIONS_PER_MINUTE=2)
    def test_past_the_budget_a_submission_gets_a_friendly_429_and_nothing_is_stored(self):
        self.send()
        self.send()
        response = self.send()
        self.assertContains(response, "Nothing of it was kept", status_code=429)
        self.assertEqual(Submission.objects.count(), 2)

    @override_settings(SUBMISSIONS_PER_MINUTE=0)
    def test_the_429_page_is_in_the_visitors_language(self):
        response = self.send(path="/fa/submit/")
        self.assertContains(response, "لطفاً کمی صبر کنید", status_code=429)
        self.assertEqual(Submission.objects.count(), 0)
