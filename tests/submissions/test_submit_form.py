"""/submit/: the form, what it takes in, and every way it refuses bad input without storing anything."""

from __future__ import annotations

import io
import time
from unittest import mock

from django.test import Client, override_settings
from PIL import Image

from archive.models import Status
from submissions.models import Submission, SubmissionFile
from submissions.receipts import code_hash
from tests.files.images import decompression_bomb, jpeg
from victims.models import Victim

from .support import SubmissionTestCase, form_data, pdf, photo, png, stamp, upload


class SubmissionFormTests(SubmissionTestCase):
    def assertNothingStored(self):
        self.assertEqual(Submission.objects.count(), 0)
        self.assertEqual(SubmissionFile.objects.count(), 0)

    def test_it_shows_the_form_and_says_what_is_kept_and_who_sees_it(self):
        response = self.client.get("/submit/")
        self.assertContains(response, "What is kept, and who sees it")
        self.assertContains(response, "does not keep your IP address")
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, 'type="file" name="files" multiple')
        self.assertContains(response, 'name="started"')
        self.assertNotContains(response, "<script")

    def test_it_takes_a_submission_and_shows_the_receipt_once(self):
        response = self.send(files=[photo(), upload("letter.pdf", pdf(), "application/pdf")])
        self.assertContains(response, "your submission was received")
        code = response.context["code"]
        self.assertRegex(code, r"^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$")
        submission = Submission.objects.get()
        self.assertEqual(submission.receipt_hash, code_hash(code))
        self.assertEqual(submission.name_fa, "پروانه احمدی")
        self.assertEqual(submission.state, "new")
        self.assertEqual(
            sorted(submission.files.values_list("media_type", flat=True)), ["application/pdf", "image/jpeg"]
        )
        for sent in submission.files.all():
            self.assertTrue(sent.file.name.startswith(f"submissions/{sent.sha256[:2]}/{sent.sha256}"))
            self.assertTrue(sent.file.path.startswith(str(self.settings_private_root())))

    def settings_private_root(self):
        from django.conf import settings

        return settings.PRIVATE_MEDIA_ROOT

    def test_the_same_file_sent_twice_is_stored_once(self):
        self.send(files=[photo()])
        self.send(files=[photo()])
        names = set(SubmissionFile.objects.values_list("file", flat=True))
        self.assertEqual(SubmissionFile.objects.count(), 2)
        self.assertEqual(len(names), 1)

    def test_the_receipt_code_is_not_stored(self):
        code = self.send().context["code"]
        self.assertFalse(Submission.objects.filter(receipt_hash__icontains=code.replace("-", "")).exists())
        self.assertNotIn(code, str(Submission.objects.values().get()))

    def test_an_empty_submission_is_refused(self):
        data = {"how_known": "family", "started": stamp(), "website": ""}
        response = self.send(data)
        self.assertContains(response, "Nothing was sent")
        self.assertContains(response, "Give the person&#x27;s name")
        self.assertNothingStored()

    def test_an_oversized_file_is_refused(self):
        with override_settings(SUBMISSION_MAX_FILE_BYTES=1000):
            response = self.send(files=[photo("big.jpg")])
        self.assertContains(response, "“big.jpg” is too large: a file may have at most 1000")
        self.assertNothingStored()

    def test_an_html_page_named_like_a_photograph_is_refused(self):
        page = upload("portrait.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
        response = self.send(files=[page])
        self.assertContains(response, "“portrait.jpg” is not a file the archive takes from the public")
        self.assertNothingStored()

    def test_an_svg_is_refused(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        response = self.send(files=[upload("drawing.svg", svg, "image/svg+xml")])
        self.assertContains(response, "“drawing.svg” is not a file the archive takes from the public")
        self.assertNothingStored()

    def test_a_gif_is_refused(self):

        buffer = io.BytesIO()
        Image.new("P", (5, 5)).save(buffer, "GIF")
        response = self.send(files=[upload("a.gif", buffer.getvalue(), "image/gif")])
        self.assertContains(response, "not a file the archive takes from the public")
        self.assertNothingStored()

    def test_a_decompression_bomb_is_refused(self):
        bomb = decompression_bomb()
        self.assertLess(len(bomb), 20 * 1024)
        response = self.send(files=[upload("bomb.png", bomb, "image/png")])
        self.assertContains(response, "more pixels than the archive decodes safely")
        self.assertNothingStored()

    def test_a_damaged_image_is_refused(self):
        response = self.send(files=[upload("cut.jpg", jpeg()[:400], "image/jpeg")])
        self.assertContains(response, "cannot be read to the end")
        self.assertNothingStored()

    def test_too_many_files_are_refused(self):
        with override_settings(SUBMISSION_MAX_FILES=2):
            files = [upload(f"{n}.png", png(20 + n, 20), "image/png") for n in range(3)]
            response = self.send(files=files)
        self.assertContains(response, "At most 2 files can be sent at once; you chose 3.")
        self.assertNothingStored()

    def test_a_filled_honeypot_is_refused(self):
        response = self.send(form_data(website="http://spam.example"))
        self.assertContains(response, "looks automated and was not accepted")
        self.assertNothingStored()

    def test_a_form_sent_too_fast_is_refused(self):
        response = self.send(form_data(started=stamp(seconds_ago=1)))
        self.assertContains(response, "sent faster than a person can fill it in")
        self.assertNothingStored()

    def test_a_forged_or_missing_stamp_is_refused(self):
        for started in ("1700000000.0", stamp()[:-3] + "abc", ""):
            with self.subTest(started=started):
                response = self.send(form_data(started=started))
                self.assertContains(response, "This form could not be checked")
        self.assertNothingStored()

    def test_an_expired_stamp_is_refused(self):
        long_ago = time.time() - 3600
        with mock.patch("django.core.signing.time.time", return_value=long_ago):
            old = stamp(seconds_ago=0)
        with override_settings(SUBMISSION_FORM_MAX_AGE=600):
            response = self.send(form_data(started=old))
        self.assertContains(response, "This form was opened too long ago")
        self.assertNothingStored()
        self.assertNotContains(response, old)  # the form comes back with a stamp that can be sent

    def test_a_post_without_a_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/submit/", form_data())
        self.assertEqual(response.status_code, 403)
        self.assertNothingStored()

    def test_other_methods_are_not_allowed(self):
        self.assertEqual(self.client.put("/submit/").status_code, 405)
        self.assertEqual(self.client.delete("/submit/status/").status_code, 405)


class PrefilledForAVictimTests(SubmissionTestCase):
    def setUp(self):
        self.victim = Victim.objects.create(
            name_en="Ali Rezaei", name_fa="علی رضایی", status=Status.PUBLISHED
        )

    def test_every_published_profile_links_to_the_form_for_it(self):
        response = self.client.get("/victims/ali-rezaei/")
        self.assertContains(response, 'href="/submit/?victim=ali-rezaei"')
        self.assertContains(response, "Correct or complete this entry")

    def test_the_form_names_the_entry_and_the_submission_is_tied_to_it(self):
        response = self.client.get("/submit/?victim=ali-rezaei")
        self.assertContains(response, "You are correcting or completing the entry for Ali Rezaei.")
        self.send(form_data(name_en="", name_fa=""), path="/submit/?victim=ali-rezaei")
        self.assertEqual(Submission.objects.get().victim, self.victim)

    def test_a_draft_victim_is_not_named_nor_tied(self):
        Victim.objects.create(name_en="Secret Draft", status=Status.DRAFT)
        response = self.client.get("/submit/?victim=secret-draft")
        self.assertNotContains(response, "Secret Draft")
        self.send(form_data(), path="/submit/?victim=secret-draft")
        self.assertIsNone(Submission.objects.get().victim)

    def test_a_draft_profile_has_no_link_for_the_staff_previewing_it(self):
        Victim.objects.create(name_en="Draft Person", status=Status.DRAFT)
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get("/victims/draft-person/"), "/submit/?victim=")


class PersianFormTests(SubmissionTestCase):
    def test_the_persian_form_is_in_persian_and_right_to_left(self):
        response = self.client.get("/fa/submit/")
        self.assertContains(response, 'dir="rtl"')
        self.assertContains(response, "فرستادن آگاهی")
        self.assertContains(response, "نشانی IP")

    def test_a_bad_submission_is_refused_in_persian(self):
        response = self.send({"how_known": "family", "started": stamp()}, path="/fa/submit/")
        self.assertContains(response, "چیزی فرستاده نشد")
        self.assertEqual(Submission.objects.count(), 0)

    def test_a_disguised_file_is_refused_in_persian(self):
        page = upload("عکس.jpg", b"<html></html>", "image/jpeg")
        response = self.send(files=[page], path="/fa/submit/")
        self.assertContains(response, "«عکس.jpg» پرونده‌ای نیست که بایگانی از مردم بپذیرد")
        self.assertEqual(Submission.objects.count(), 0)

    def test_the_receipt_is_shown_in_persian_and_the_language_kept(self):
        response = self.send(path="/fa/submit/")
        self.assertContains(response, "سپاس")
        self.assertEqual(Submission.objects.get().language, "fa")
