"""Originals are named by the SHA-256 of their bytes: stored once, never overwritten, hash in the name."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.base import BaseTestCase
from tests.documents.pdf import pdf_with_pages
from tests.files.images import jpeg
from victims.models import Victim, VictimPhoto


def copies_of(name: str) -> list[str]:
    """The stored files of a directory whose names start with this file's hash (suffixed copies too)."""
    directory, filename = name.rsplit("/", 1)
    stem = filename.split(".")[0]
    return [f for f in default_storage.listdir(directory)[1] if f.startswith(stem)]


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def overwrite(name: str, data: bytes) -> None:
    """Change a stored file behind the archive's back, as damage or tampering would."""
    with open(default_storage.path(name), "wb") as stored:
        stored.write(data)


class SourceFilesStoredOnceTests(BaseTestCase):
    def test_the_same_file_uploaded_twice_is_stored_once(self):
        pdf = pdf_with_pages("Stored once: the list of ward 3")
        first = self.make_source("First", file=ContentFile(pdf, name="list.pdf"))
        second = self.make_source("Second", file=ContentFile(pdf, name="list (copy).pdf"))
        self.assertEqual(second.file.name, first.file.name)
        self.assertEqual(copies_of(first.file.name), [first.file.name.rsplit("/", 1)[1]])
        self.assertEqual((second.sha256, second.original_filename), (first.sha256, "list (copy).pdf"))

    def test_the_same_bytes_under_another_extension_are_the_same_file(self):
        image = jpeg(shade=1)
        first = self.make_source("Scan", file=ContentFile(image, name="scan.JPEG"))
        second = self.make_source("Scan again", file=ContentFile(image, name="scan.jpg"))
        self.assertEqual(first.file.name, f"sources/{first.sha256[:2]}/{first.sha256}.jpg")
        self.assertEqual(second.file.name, first.file.name)

    def test_a_different_file_does_not_overwrite_another(self):
        first_pdf = pdf_with_pages("Not overwritten: the first file")
        second_pdf = pdf_with_pages("Not overwritten: the second file")
        first = self.make_source("First", file=ContentFile(first_pdf, name="report.pdf"))
        second = self.make_source("Second", file=ContentFile(second_pdf, name="report.pdf"))
        self.assertNotEqual(second.file.name, first.file.name)
        self.assertEqual(stored_bytes(first.file.name), first_pdf)
        self.assertEqual(stored_bytes(second.file.name), second_pdf)

    def test_a_stored_copy_that_no_longer_matches_its_hash_is_not_reused(self):
        pdf = pdf_with_pages("Tampered copy")
        first = self.make_source("First", file=ContentFile(pdf, name="report.pdf"))
        overwrite(first.file.name, b"%PDF-1.4 altered")
        self.addCleanup(overwrite, first.file.name, pdf)
        with self.assertLogs("archive.files", "WARNING"):
            second = self.make_source("Second", file=ContentFile(pdf, name="report.pdf"))
        self.addCleanup(default_storage.delete, second.file.name)
        self.assertNotEqual(second.file.name, first.file.name)
        self.assertIn(second.sha256, second.file.name)
        self.assertEqual(stored_bytes(second.file.name), pdf)
        self.assertEqual(stored_bytes(first.file.name), b"%PDF-1.4 altered")


class PhotoFilesTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.victim = Victim.objects.create(name_en="Parvaneh Ahmadi")

    def test_a_photo_is_named_by_its_hash(self):
        image = jpeg(shade=2)
        photo = VictimPhoto.objects.create(
            victim=self.victim, image=ContentFile(image, name="Portrait 1988.JPEG")
        )
        digest = hashlib.sha256(image).hexdigest()
        self.assertEqual(photo.image.name, f"photos/{digest[:2]}/{digest}.jpg")
        self.assertEqual(photo.sha256, digest)
        self.assertEqual(stored_bytes(photo.image.name), image)

    def test_the_same_photo_uploaded_twice_is_stored_once(self):
        image = jpeg(shade=3)
        first = VictimPhoto.objects.create(victim=self.victim, image=ContentFile(image, name="a.jpg"))
        second = VictimPhoto.objects.create(victim=self.victim, image=ContentFile(image, name="b.jpg"))
        self.assertEqual(second.image.name, first.image.name)
        self.assertEqual(len(copies_of(first.image.name)), 1)

    def test_saving_a_photo_again_keeps_its_file(self):
        photo = VictimPhoto.objects.create(victim=self.victim, image=ContentFile(jpeg(shade=4), name="a.jpg"))
        name = photo.image.name
        photo.credit = "Family archive"
        photo.save()
        photo.refresh_from_db()
        self.assertEqual(photo.image.name, name)

    def test_a_file_named_before_names_were_hashes_has_no_hash(self):
        photo = VictimPhoto(victim=self.victim, image="portrait.jpg")
        self.assertIsNone(photo.sha256)
        self.assertEqual(photo.web_url, "")
