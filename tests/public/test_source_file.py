"""Downloading a source's file: the same visibility as its page, always as an attachment."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from archive.models import Status
from tests.base import BaseTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SourceFileTests(BaseTestCase):
    def test_it_serves_the_stored_bytes_as_an_attachment_with_their_type(self):
        source = self.make_source(slug="report", file=ContentFile(PDF, name="report.pdf"))
        response = self.client.get("/sources/report/file/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn('attachment; filename="report.pdf"', response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(hashlib.sha256(b"".join(response.streaming_content)).hexdigest(), source.sha256)

    def test_the_document_page_links_to_the_download_and_shows_the_hash(self):
        source = self.make_source(slug="report", file=ContentFile(PDF, name="report.pdf"))
        response = self.client.get("/fa/sources/report/")
        self.assertContains(response, 'href="/fa/sources/report/file/"')
        self.assertContains(response, source.sha256)

    def test_a_draft_sources_file_is_not_found_by_the_public(self):
        self.make_source(slug="report", status=Status.DRAFT, file=ContentFile(PDF, name="report.pdf"))
        self.assertEqual(self.client.get("/sources/report/file/").status_code, 404)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/sources/report/file/").status_code, 200)

    def test_a_source_without_a_file_has_nothing_to_download(self):
        self.make_source(slug="report")
        self.assertEqual(self.client.get("/sources/report/file/").status_code, 404)

    def test_writes_are_refused(self):
        self.make_source(slug="report", file=ContentFile(PDF, name="report.pdf"))
        self.assertEqual(self.client.post("/sources/report/file/").status_code, 405)
