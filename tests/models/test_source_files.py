"""A source's file is hashed, measured and typed from its bytes when it is attached."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from tests.base import BaseTestCase

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SourceFileTests(BaseTestCase):
    def test_it_records_the_sha256_size_and_type_of_an_upload(self):
        source = self.make_source(file=ContentFile(PDF, name="report.pdf"))
        self.assertEqual(source.sha256, hashlib.sha256(PDF).hexdigest())
        self.assertEqual(source.size, len(PDF))
        self.assertEqual(source.media_type, "application/pdf")
        self.assertEqual(source.original_filename, "report.pdf")

    def test_the_type_comes_from_the_content_not_the_name(self):
        source = self.make_source(file=ContentFile(PDF, name="innocent.jpg"))
        self.assertEqual(source.media_type, "application/pdf")

    def test_the_stored_name_is_derived_from_the_hash(self):
        source = self.make_source(file=ContentFile(PDF, name="report.pdf"))
        self.assertIn(source.sha256, source.file.name)
        with source.file.open("rb") as stored:
            self.assertEqual(hashlib.sha256(stored.read()).hexdigest(), source.sha256)

    def test_saving_again_does_not_rehash_or_move_the_file(self):
        source = self.make_source(file=ContentFile(PDF, name="report.pdf"))
        name = source.file.name
        source.title_en = "Renamed"
        source.save()
        self.assertEqual(source.file.name, name)
