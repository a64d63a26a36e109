"""What is kept of a submitter: no address, no browser, contact details encrypted, files private and
never public as sent."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from archive.derivatives import WEB, derivative_name
from submissions.models import Submission, SubmissionFile
from tests.files.images import jpeg, opened
from tests.privacy.test_logs import everything_logged

from .support import SubmissionTestCase, form_data, photo, upload

ADDRESS = "203.0.113.9"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 TorBrowser-Fingerprint-7781"


class PrivacyTests(SubmissionTestCase):
    def test_the_contact_details_are_ciphertext_in_the_database(self):
        self.send(form_data(contact="signal +98 912 000 0000"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT contact_encrypted FROM submissions_submission")
            (stored,) = cursor.fetchone()
        # Not a short piece such as "912", which base64 ciphertext holds by chance now and then.
        self.assertNotIn("signal +98", stored)
        self.assertNotIn("000 0000", stored)
        self.assertTrue(stored.startswith("gAAAAA"))  # a Fernet token
        self.assertEqual(Submission.objects.get().contact(), "signal +98 912 000 0000")

    def test_no_address_nor_browser_is_stored_anywhere(self):
        self.send(form_data(contact="me"), files=[photo()], REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)
        self.assertEqual(Submission.objects.count(), 1)
        fields = [f.name for model in (Submission, SubmissionFile) for f in model._meta.get_fields()]
        self.assertFalse([name for name in fields if "ip" in name.split("_") or "agent" in name])
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            dump = []
            for table in tables:
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                dump.extend(repr(row) for row in cursor.fetchall())
        dump = "\n".join(dump)
        self.assertIn("Parvaneh", dump)  # the dump holds the submission
        self.assertNotIn(ADDRESS, dump)
        self.assertNotIn("TorBrowser-Fingerprint-7781", dump)

    def test_no_address_nor_browser_reaches_the_logs_of_a_submission_taken_or_refused(self):
        with everything_logged() as (tape, output):
            self.send(form_data(contact="me"), files=[photo()], REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)
            self.send(form_data(website="spam"), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)
            self.client.post("/submit/status/", {"code": "AAAA-BBBB-CCCC-DDDD"}, REMOTE_ADDR=ADDRESS)
            # Refused without a CSRF token: Django logs this one, with the request attached to the record.
            refused = Client(enforce_csrf_checks=True).post(
                "/submit/", form_data(), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER
            )
        self.assertEqual((refused.status_code, Submission.objects.count()), (403, 1))
        self.assertTrue(any(getattr(record, "request", None) for record in tape.records))
        logged = output.getvalue() + tape.text.getvalue()
        self.assertNotIn(ADDRESS, logged)
        self.assertNotIn("TorBrowser-Fingerprint-7781", logged)

    def test_a_submission_is_invisible_to_the_public(self):
        self.send(form_data(name_en="Unpublished Witness Name"))
        for path in ("/victims/", "/search/?q=Unpublished", "/api/v1/victims/", "/sources/"):
            with self.subTest(path=path):
                self.assertNotContains(self.client.get(path), "Unpublished Witness")

    def test_files_are_kept_outside_the_public_media_and_have_no_url(self):
        self.send(files=[photo()])
        sent = SubmissionFile.objects.get()
        self.assertFalse(sent.file.path.startswith(str(settings.MEDIA_ROOT)))
        with self.assertRaises(ValueError):
            sent.file.url  # noqa: B018

    def test_a_jpeg_with_a_script_appended_becomes_public_only_as_a_clean_copy(self):
        payload = b"<script>alert('x')</script>"
        self.send(files=[upload("portrait.jpg", jpeg(orientation=1) + payload, "image/jpeg")])
        sent = SubmissionFile.objects.get()
        with sent.file.open("rb") as original:
            self.assertTrue(original.read().endswith(payload))  # kept as sent, in the private store
        copy = sent.public_copy()
        self.assertNotIn(b"<script", copy)
        self.assertTrue(copy.endswith(b"\xff\xd9"))
        image = opened(copy)
        self.assertEqual(image.format, "JPEG")
        self.assertFalse(image.getexif())
        self.assertNotIn("comment", image.info)
        self.assertTrue(sent.file.storage.exists(derivative_name(sent.sha256, WEB)))

    def test_nothing_of_a_submission_is_in_the_public_exports(self):
        self.send(form_data(name_en="Unpublished Witness Name"))
        directory = self.settings_dir()
        call_command("export_archive", str(directory), stdout=StringIO())
        text = "".join(p.read_text(encoding="utf-8") for p in directory.iterdir() if p.is_file())
        self.assertNotIn("Unpublished Witness", text)

    def settings_dir(self):
        import tempfile
        from pathlib import Path

        return Path(tempfile.mkdtemp()) / "export"


class KeyTests(SubmissionTestCase):
    def test_production_refuses_to_start_without_a_key(self):
        env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50}
        result = subprocess.run(
            [sys.executable, "-c", "import archive.settings"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured: SUBMISSION_KEY is not set", result.stderr)
        env["SUBMISSION_KEY"] = "a-key"
        ok = subprocess.run([sys.executable, "-c", "import archive.settings"], cwd=settings.BASE_DIR, env=env)
        self.assertEqual(ok.returncode, 0)
