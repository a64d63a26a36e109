"""The text of a document on its page, /sources/<slug>/: its status, and each page under its own anchor."""

from __future__ import annotations

from django.core.files.base import ContentFile

from archive.documents import extract_source_text
from archive.models import Status, TextStatus
from tests.base import BaseTestCase
from tests.documents.pdf import pdf_with_pages

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


class DocumentPageTests(BaseTestCase):
    def make_document(self, *pages, slug="leaked-list", status=Status.PUBLISHED):
        source = self.make_source(
            "Leaked list", slug=slug, status=status, file=ContentFile(pdf_with_pages(*pages), "list.pdf")
        )
        extract_source_text(source)
        return source

    def test_each_page_has_its_own_anchor_heading_and_text(self):
        self.make_document("Names of the prisoners", "Mustafa Pour-Mohammadi signed the list")
        response = self.client.get("/sources/leaked-list/")
        self.assertContains(response, "<dd>text extracted</dd>", html=True)
        self.assertContains(response, '<section id="page-2">')
        self.assertContains(response, "<h3>page 2</h3>", html=True)
        self.assertContains(response, "<p>Mustafa Pour-Mohammadi signed the list</p>", html=True)
        self.assertNotContains(response, '<details class="page-text">')

    def test_persian_pages_keep_ascii_anchors_and_number_the_headings_in_persian(self):
        self.make_document("One", "Two")
        response = self.client.get("/fa/sources/leaked-list/")
        self.assertContains(response, '<section id="page-2">')
        self.assertContains(response, "۲</h3>")

    def test_a_long_page_is_folded_away(self):
        self.make_document("Short page", "word " * 600)
        response = self.client.get("/sources/leaked-list/")
        self.assertContains(response, '<details class="page-text">', count=1)
        self.assertContains(response, "<summary>Show the text of this page</summary>", html=True)

    def test_a_file_whose_text_could_not_be_read_says_so(self):
        source = self.make_source(slug="broken", file=ContentFile(b"%PDF-1.4 broken", "broken.pdf"))
        with self.assertLogs("archive.documents", "WARNING"):
            extract_source_text(source)
        response = self.client.get("/sources/broken/")
        self.assertContains(response, "<dd>text not extracted</dd>", html=True)
        self.assertContains(response, "search does not find words inside it")
        self.assertNotContains(response, 'id="page-')

    def test_a_file_not_read_yet_says_so(self):
        self.make_source(slug="unread", file=ContentFile(pdf_with_pages("Evin"), "evin.pdf"))
        response = self.client.get("/sources/unread/")
        self.assertContains(response, "<dd>not read yet</dd>", html=True)
        self.assertNotContains(response, 'id="page-')

    def test_a_document_recognised_by_ocr_warns_to_check_quotes(self):
        source = self.make_document("Typed")
        source.__class__.objects.filter(pk=source.pk).update(text_status=TextStatus.OCR)
        response = self.client.get("/sources/leaked-list/")
        self.assertContains(response, "<dd>text recognised by OCR</dd>", html=True)
        self.assertContains(response, "check a quote against the file")
        self.assertContains(response, '<section id="page-1">')

    def test_a_source_without_a_file_has_no_text_section(self):
        self.make_source(slug="web-only")
        response = self.client.get("/sources/web-only/")
        self.assertNotContains(response, "Text of the document")

    def test_the_pages_of_unpublished_sources_are_never_shown_to_the_public(self):
        for status in UNPUBLISHED:
            with self.subTest(status=status):
                self.make_document(f"Secret {status} testimony", slug=f"hidden-{status}", status=status)
                for url in (f"/sources/hidden-{status}/", f"/fa/sources/hidden-{status}/"):
                    response = self.client.get(url)
                    # a withdrawn source leaves a notice (tests/editorial/test_public_history.py)
                    expected = 410 if status == Status.WITHDRAWN else 404
                    self.assertEqual(response.status_code, expected)
                    self.assertNotContains(response, "testimony", status_code=expected)

    def test_staff_preview_the_pages_of_a_draft(self):
        self.make_document("Draft testimony", slug="draft", status=Status.DRAFT)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/sources/draft/"), "<p>Draft testimony</p>", html=True)

    def test_its_query_count_does_not_grow_with_more_pages(self):
        self.make_document("One")
        self.make_document(*[f"Page {n}" for n in range(1, 41)], slug="long-list")
        for url in ("/sources/leaked-list/", "/sources/long-list/"):
            # the source, its pages, its citations; then its public changes (merges, then entries)
            with self.subTest(url=url), self.assertNumQueries(5):
                self.client.get(url)
