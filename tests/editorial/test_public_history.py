"""What the public sees of the history: the changes to a page, and a notice where a record was withdrawn."""

from __future__ import annotations

from archive.models import Status
from editorial.history import recording
from tests.base import BaseTestCase
from victims.models import Victim


class PublicHistoryTest(BaseTestCase):
    def setUp(self):
        self.source = self.make_source()
        with recording(via="test", user=self.reviewer, reason="Checked against the report."):
            self.victim = Victim.objects.create(name_en="Ali Rezaei", slug="ali-rezaei", status=Status.DRAFT)
            self.cite(self.victim, self.source)
        with recording(via="test", user=self.reviewer, reason="Internal note: asked the family."):
            self.victim.status = Status.PUBLISHED
            self.victim.save()
        with recording(via="test", user=self.reviewer, reason="Internal note: sister's letter."):
            self.victim.occupation = "teacher"
            self.victim.save()

    def test_a_page_says_when_it_last_changed_and_what_changed_without_who_or_why(self):
        response = self.client.get("/victims/ali-rezaei/")
        self.assertContains(response, "Changes to this page")
        self.assertContains(response, "Last updated")  # the record's own date, above the changes
        self.assertContains(response, "corrected: occupation")
        self.assertContains(response, "published")
        self.assertNotContains(response, "reviewer")
        self.assertNotContains(response, "Internal note")

    def test_a_citation_added_later_is_listed_unless_its_source_is_restricted(self):
        self.cite(self.victim, self.make_source("Published report"), claim="occupation")
        self.assertContains(self.client.get("/victims/ali-rezaei/"), "Citation: added", count=1)
        testimony = self.make_source("Testimony of a relative", restricted=True)
        self.cite(self.victim, testimony, claim="death")
        self.assertContains(self.client.get("/victims/ali-rezaei/"), "Citation: added", count=1)

    def test_a_restricted_source_withdrawn_is_not_even_a_notice(self):
        self.make_source("Testimony", slug="testimony", restricted=True, status=Status.WITHDRAWN)
        self.assertEqual(self.client.get("/sources/testimony/").status_code, 404)

    def test_changes_made_before_publication_are_not_shown(self):
        response = self.client.get("/victims/ali-rezaei/")
        self.assertNotContains(response, "Citation: added")

    def test_the_persian_page_dates_the_changes_in_its_calendar(self):
        response = self.client.get("/fa/victims/ali-rezaei/")
        self.assertContains(response, "تغییرات این صفحه")

    def test_a_withdrawn_record_leaves_a_notice_with_the_date_and_reason(self):
        with recording(via="test", user=self.reviewer, reason="Two sources contradict the identity."):
            self.victim.status = Status.WITHDRAWN
            self.victim.save()
        for url in ("/victims/ali-rezaei/", "/fa/victims/ali-rezaei/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 410)
                self.assertContains(response, "Two sources contradict the identity.", status_code=410)
                self.assertNotContains(response, "Ali Rezaei", status_code=410)

    def test_a_draft_is_still_not_found(self):
        Victim.objects.create(name_en="Hidden", slug="hidden")
        self.assertEqual(self.client.get("/victims/hidden/").status_code, 404)
        self.assertEqual(self.client.get("/victims/nobody/").status_code, 404)
