"""The moderation queue in the admin: reading a submission, and turning it into a draft, attaching it to a
record as restricted testimony, or rejecting it, each step in the history."""

from __future__ import annotations

from django.contrib.auth.models import Permission

from archive.models import Citation, Source, Status
from editorial.models import HistoryEntry
from submissions.models import Submission, SubmissionFile, SubmissionStatus
from victims.models import Victim

from .support import SubmissionTestCase, form_data, pdf, photo, upload

CHANGELIST = "/admin/submissions/submission/"


class ModerationTests(SubmissionTestCase):
    def setUp(self):
        self.send(
            form_data(contact="signal 0912"), files=[photo(), upload("l.pdf", pdf(), "application/pdf")]
        )
        self.submission = Submission.objects.get()
        moderate = Permission.objects.filter(
            content_type__app_label="submissions", codename__in=["view_submission", "change_submission"]
        )
        self.editor.user_permissions.add(*moderate)
        self.reviewer.user_permissions.add(*moderate, Permission.objects.get(codename="view_contact"))

    def act(self, action, **fields):
        data = {"action": action, "_selected_action": [self.submission.pk], "index": 0, **fields}
        return self.client.post(CHANGELIST, data)

    def test_the_queue_lists_and_filters_submissions(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(CHANGELIST), "Parvaneh Ahmadi")
        self.assertNotContains(self.client.get(CHANGELIST + "?state__exact=rejected"), "Parvaneh Ahmadi")

    def test_the_contact_details_need_the_permission(self):
        url = f"{CHANGELIST}{self.submission.pk}/change/"
        self.client.force_login(self.editor)
        response = self.client.get(url)
        self.assertContains(response, "She was taken from her cell")
        self.assertNotContains(response, "signal 0912")
        self.assertContains(response, "Given, and hidden")
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get(url), "signal 0912")

    def test_the_public_and_staff_without_permission_cannot_open_the_queue_or_files(self):
        sent = SubmissionFile.objects.first()
        file_url = f"{CHANGELIST}{self.submission.pk}/file/{sent.pk}/"
        self.assertEqual(self.client.get(CHANGELIST).status_code, 302)
        self.assertEqual(self.client.get(file_url).status_code, 302)
        self.editor.user_permissions.remove(*Permission.objects.filter(content_type__app_label="submissions"))
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(CHANGELIST).status_code, 403)
        self.assertEqual(self.client.get(file_url).status_code, 404)

    def test_an_editor_downloads_an_original_never_rendered_inline(self):
        self.client.force_login(self.editor)
        sent = SubmissionFile.objects.get(media_type="application/pdf")
        response = self.client.get(f"{CHANGELIST}{self.submission.pk}/file/{sent.pk}/")
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-"))

    def test_turning_it_into_a_draft_victim(self):
        self.client.force_login(self.editor)
        page = self.act("make_victim")
        self.assertContains(page, "Reason for this change")
        self.act("make_victim", reason="A new name for the list.")
        victim = Victim.objects.get(name_en="Parvaneh Ahmadi")
        self.assertEqual(victim.status, Status.DRAFT)
        self.assertEqual(victim.death_precision, "month")
        self.assertEqual(victim.birth_precision, "year")
        source = Source.objects.get()
        self.assertTrue(source.restricted)
        self.assertEqual(
            set(Citation.objects.filter(source=source).values_list("claim", flat=True)),
            {"general", "name", "birth", "death"},
        )
        self.assertEqual(victim.photos.count(), 1)
        with victim.photos.get().image.open("rb") as copy:
            self.assertNotIn(b"Camera", copy.read())  # the public copy has no EXIF
        self.submission.refresh_from_db()
        self.assertEqual(
            (self.submission.state, self.submission.new_victim), (SubmissionStatus.ACCEPTED, victim)
        )
        entries = HistoryEntry.objects.filter(via=f"admin: submission #{self.submission.pk}")
        self.assertEqual({e.reason for e in entries}, {"A new name for the list."})
        self.assertEqual({e.author for e in entries}, {self.editor})
        self.assertTrue(entries.filter(content_type__model="victim").exists())
        self.assertTrue(entries.filter(content_type__model="submission").exists())
        # Still nothing public.
        self.assertEqual(
            self.client.get(f"/sources/{source.slug}/").status_code, 200
        )  # staff with permission
        self.client.logout()
        self.assertEqual(self.client.get(f"/sources/{source.slug}/").status_code, 404)

    def test_attaching_it_to_an_existing_victim(self):
        victim = Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED)
        self.client.force_login(self.editor)
        self.act("attach", reason="Same person.", victim="nobody-here")
        self.assertEqual(Source.objects.count(), 0)
        self.act("attach", reason="Same person.", victim="ali-rezaei")
        source = Source.objects.get()
        self.assertTrue(source.restricted)
        self.assertTrue(Citation.objects.filter(source=source, object_id=victim.pk, claim="general").exists())
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.state, SubmissionStatus.ATTACHED)
        self.assertNotContains(self.client.get("/victims/ali-rezaei/"), "submission #")

    def test_rejecting_it_with_a_reason_the_submitter_sees(self):
        self.client.force_login(self.editor)
        self.act("reject", reason="Duplicate.", public_reason="This person is already in the archive.")
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.state, SubmissionStatus.REJECTED)
        self.assertEqual(self.submission.public_reason, "This person is already in the archive.")
        entry = HistoryEntry.objects.filter(via=f"admin: submission #{self.submission.pk}").get()
        self.assertEqual(entry.reason, "Duplicate.")
