"""verify_fixity: every stored original hashed again; a missing or altered file fails the command, named."""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from perpetrators.models import Perpetrator, PerpetratorPhoto
from tests.base import BaseTestCase
from tests.documents.pdf import pdf_with_pages
from tests.files.images import jpeg
from victims.models import Victim, VictimPhoto

PDF = pdf_with_pages("Fixity: the report as it was uploaded")
PHOTO = jpeg(shade=50)


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def overwrite(name: str, data: bytes) -> None:
    """Change a stored file behind the archive's back, as damage or tampering would."""
    with open(default_storage.path(name), "wb") as stored:
        stored.write(data)


def flip_a_byte(data: bytes, offset: int = 100) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


class VerifyFixityTests(BaseTestCase):
    def setUp(self):
        self.source = self.make_source("Blood-soaked secrets", file=ContentFile(PDF, name="report.pdf"))
        victim = Victim.objects.create(name_en="Parvaneh Ahmadi")
        self.photo = VictimPhoto.objects.create(victim=victim, image=ContentFile(PHOTO, name="portrait.jpg"))
        official = Perpetrator.objects.create(name_en="Official")
        PerpetratorPhoto.objects.create(perpetrator=official, image=ContentFile(jpeg(shade=51), name="o.jpg"))
        self.make_source("No file")

    def verify(self, *args) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("verify_fixity", *args, stdout=out, stderr=err)
        finally:
            self.out, self.err = out.getvalue(), err.getvalue()
        return self.out, self.err

    def test_intact_files_pass_with_a_summary_and_a_progress_bar(self):
        out, err = self.verify()
        total = len(PDF) + len(PHOTO) + len(jpeg(shade=51))
        self.assertIn(f"Checked 3 files ({total} bytes, ", out)
        self.assertIn("3 intact.", out)
        self.assertIn("[##############################] 3/3 files", err)

    def test_the_progress_bar_is_left_out_at_verbosity_0(self):
        _out, err = self.verify("--verbosity", "0")
        self.assertEqual(err, "")

    def test_one_changed_byte_in_a_source_file_fails_naming_it(self):
        overwrite(self.source.file.name, flip_a_byte(PDF))
        self.addCleanup(overwrite, self.source.file.name, PDF)
        with self.assertRaisesMessage(CommandError, "1 of 3 stored files failed the fixity check"):
            self.verify()
        self.assertIn(
            f"ALTERED: archive.source #{self.source.pk} (Blood-soaked secrets), field file", self.out
        )
        self.assertIn(self.source.file.name, self.out)
        self.assertIn(f"expected {self.source.sha256}", self.out)
        self.assertIn(f"actual   {hashlib.sha256(flip_a_byte(PDF)).hexdigest()}", self.out)
        self.assertIn("2 intact, 1 altered.", self.out)

    def test_a_changed_photo_fails_against_the_hash_in_its_name(self):
        overwrite(self.photo.image.name, flip_a_byte(PHOTO))
        self.addCleanup(overwrite, self.photo.image.name, PHOTO)
        with self.assertRaises(CommandError):
            self.verify()
        self.assertIn(f"ALTERED: victims.victimphoto #{self.photo.pk}", self.out)
        self.assertIn(f"field image: {self.photo.image.name}", self.out)

    def test_a_deleted_file_fails_as_missing(self):
        default_storage.delete(self.source.file.name)
        self.addCleanup(overwrite, self.source.file.name, PDF)
        with self.assertRaisesMessage(CommandError, "1 of 3 stored files failed"):
            self.verify()
        self.assertIn(f"MISSING: archive.source #{self.source.pk}", self.out)
        self.assertIn(self.source.file.name, self.out)
        self.assertIn("1 missing", self.out)

    def test_every_failure_is_listed(self):
        default_storage.delete(self.source.file.name)
        self.addCleanup(overwrite, self.source.file.name, PDF)
        overwrite(self.photo.image.name, b"")
        self.addCleanup(overwrite, self.photo.image.name, PHOTO)
        with self.assertRaisesMessage(CommandError, "2 of 3 stored files failed"):
            self.verify()
        self.assertIn("MISSING", self.out)
        self.assertIn("ALTERED", self.out)
        self.assertIn("1 intact, 1 altered, 1 missing.", self.out)

    def test_a_photo_named_before_names_were_hashes_cannot_be_verified(self):
        name = default_storage.save("portrait-legacy.jpg", ContentFile(PHOTO))
        self.addCleanup(default_storage.delete, name)
        VictimPhoto.objects.filter(pk=self.photo.pk).update(image=name)
        with self.assertRaises(CommandError):
            self.verify()
        self.assertIn(f"NO RECORDED HASH: victims.victimphoto #{self.photo.pk}", self.out)
        self.assertIn(name, self.out)
