"""Damaged uploads are refused in the admin with a message, and nothing is saved or stored."""

from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Source
from tests.admin.support import form_data
from tests.base import BaseTestCase
from tests.documents.pdf import pdf_with_pages
from tests.files.images import bmp, decompression_bomb, jpeg, truncated
from victims.models import Victim, VictimPhoto

DAMAGED_IMAGE = "This image cannot be read to the end: the file is damaged or cut short."
DAMAGED_PDF = "This PDF cannot be opened: the file is damaged or cut short."
TOO_LARGE = "This image has more pixels than the archive decodes safely (89 million)."


def stored_anywhere(data: bytes, directory: str) -> bool:
    digest = hashlib.sha256(data).hexdigest()
    folder = f"{directory}/{digest[:2]}"
    return default_storage.exists(folder) and any(
        name.startswith(digest) for name in default_storage.listdir(folder)[1]
    )


class SourceUploadCheckTests(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def add_source(self, filename: str, data: bytes):
        form = form_data(self.client.get("/admin/archive/source/add/"))
        form.update(title_en="Leaked list", kind="report", file=SimpleUploadedFile(filename, data))
        return self.client.post("/admin/archive/source/add/", form)

    def test_a_truncated_pdf_is_refused_and_nothing_is_saved(self):
        data = truncated(pdf_with_pages("Cut short"))
        response = self.add_source("list.pdf", data)
        self.assertContains(response, DAMAGED_PDF)
        self.assertFalse(Source.objects.exists())
        self.assertFalse(stored_anywhere(data, "sources"))

    def test_a_truncated_jpeg_is_refused_and_nothing_is_saved(self):
        data = truncated(jpeg(800, 600, shade=40))
        response = self.add_source("scan.jpg", data)
        self.assertContains(response, DAMAGED_IMAGE)
        self.assertFalse(Source.objects.exists())
        self.assertFalse(stored_anywhere(data, "sources"))

    def test_a_decompression_bomb_is_refused(self):
        response = self.add_source("scan.png", decompression_bomb())
        self.assertContains(response, TOO_LARGE)
        self.assertFalse(Source.objects.exists())

    def test_the_check_goes_by_the_bytes_not_the_name(self):
        response = self.add_source("innocent.txt", truncated(pdf_with_pages("Hidden PDF")))
        self.assertContains(response, DAMAGED_PDF)

    def test_a_whole_pdf_and_a_whole_image_are_accepted(self):
        for name, data in (("list.pdf", pdf_with_pages("Whole")), ("scan.jpg", jpeg(shade=41))):
            with self.subTest(file=name):
                self.assertEqual(self.add_source(name, data).status_code, 302)
        self.assertEqual(Source.objects.count(), 2)

    def test_anything_but_jpeg_png_webp_and_pdf_is_refused_by_its_bytes(self):
        cases = [
            ("notes.txt", b"Plain words"),
            ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            ("page.html", b"<!doctype html><script>alert(1)</script>"),
            ("page.jpg", b"<!doctype html><script>alert(1)</script>"),  # HTML named as a photograph
        ]
        for filename, data in cases:
            with self.subTest(filename=filename):
                response = self.add_source(filename, data)
                self.assertContains(response, "is not a file the archive takes")
        self.assertFalse(Source.objects.filter(original_filename__in=[name for name, _ in cases]).exists())


class PhotoUploadCheckTests(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.victim = Victim.objects.create(name_en="Parvaneh Ahmadi")
        self.url = f"/admin/victims/victim/{self.victim.pk}/change/"

    def add_photo(self, filename: str, data: bytes):
        form = form_data(self.client.get(self.url))
        form.update(
            {
                "photos-TOTAL_FORMS": "1",
                "photos-0-order": "0",
                "photos-0-image": SimpleUploadedFile(filename, data),
            }
        )
        return self.client.post(self.url, form)

    def test_a_truncated_photo_is_refused_and_nothing_is_saved(self):
        data = truncated(jpeg(800, 600, shade=42))
        response = self.add_photo("portrait.jpg", data)
        self.assertContains(response, DAMAGED_IMAGE)
        self.assertFalse(VictimPhoto.objects.exists())
        self.assertFalse(stored_anywhere(data, "photos"))

    def test_a_decompression_bomb_is_refused(self):
        response = self.add_photo("portrait.png", decompression_bomb())
        self.assertContains(response, TOO_LARGE)
        self.assertFalse(VictimPhoto.objects.exists())

    def test_a_format_the_archive_does_not_take_is_refused(self):
        response = self.add_photo("portrait.bmp", bmp())
        self.assertContains(response, "is not a file the archive takes")
        self.assertFalse(VictimPhoto.objects.exists())

    def test_a_whole_photo_is_saved_under_its_hash_and_gets_its_derivatives(self):
        data = jpeg(shade=43)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.add_photo("portrait.jpg", data)
        self.assertEqual(response.status_code, 302)
        photo = VictimPhoto.objects.get()
        self.assertEqual(photo.sha256, hashlib.sha256(data).hexdigest())
        self.assertTrue(default_storage.exists(f"derivatives/{photo.sha256[:2]}/{photo.sha256}/thumb.jpg"))
