"""Reading a source's file into pages: PDF text layers, OCR of scans and images, plain text, bad files."""

from __future__ import annotations

import io
import unittest
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader, PdfWriter

from archive.documents import extract_source_text, pdftoppm_path, tesseract_path
from archive.models import Source, SourcePage, TextStatus
from tests.admin.support import form_data
from tests.base import BaseTestCase
from tests.documents.pdf import CAN_DRAW_PERSIAN, pdf_with_pages, persian_scan_of, scan_of

OCR_MISSING = "needs tesseract with Persian (tesseract-ocr, tesseract-ocr-fas) and pdftoppm (poppler-utils)"


def ocr_available() -> bool:
    return tesseract_path() is not None and pdftoppm_path() is not None


def no_tesseract():
    """Run as on a machine without Tesseract, whatever this one has."""
    return mock.patch("archive.documents.tesseract_path", return_value=None)


class ExtractionTestCase(BaseTestCase):
    def source_with_file(self, content: bytes, name: str = "report.pdf") -> Source:
        return self.make_source(file=ContentFile(content, name=name))

    def page_texts(self, source: Source) -> dict[int, str]:
        return dict(source.pages.values_list("number", "text"))


class PdfTextLayerTests(ExtractionTestCase):
    def test_each_page_of_a_pdf_is_stored_under_its_own_number(self):
        source = self.source_with_file(
            pdf_with_pages(
                "Report of the commission", "Executions at Gohardasht (1988)", "Burial at Khavaran"
            )
        )
        self.assertEqual(extract_source_text(source), TextStatus.EXTRACTED)
        self.assertEqual(
            self.page_texts(source),
            {1: "Report of the commission", 2: "Executions at Gohardasht (1988)", 3: "Burial at Khavaran"},
        )

    def test_a_phrase_on_page_two_is_found_on_page_two(self):
        source = self.source_with_file(pdf_with_pages("Introduction", "Mustafa Pour-Mohammadi was present"))
        extract_source_text(source)
        page = SourcePage.objects.get(search_text__contains="pour mohammadi")
        self.assertEqual((page.source, page.number), (source, 2))
        self.assertEqual(page.search_text, "mustafa pour mohammadi was present")
        with translation.override("en"):
            self.assertEqual(page.get_absolute_url(), f"/sources/{source.slug}/#page-2")

    def test_the_source_keeps_the_whole_text_and_its_status(self):
        source = self.source_with_file(pdf_with_pages("First page", "Second page"))
        extract_source_text(source)
        source.refresh_from_db()
        self.assertEqual(source.extracted_text, "First page\n\nSecond page")
        self.assertEqual(source.text_status, TextStatus.EXTRACTED)

    def test_reading_again_replaces_the_old_pages(self):
        source = self.source_with_file(pdf_with_pages("Only page"))
        SourcePage.objects.create(source=source, number=7, text="left over from an old reading")
        extract_source_text(source)
        extract_source_text(source)
        self.assertEqual(self.page_texts(source), {1: "Only page"})

    def test_it_does_not_touch_the_file_or_the_last_update(self):
        source = self.source_with_file(pdf_with_pages("Only page"))
        before = Source.objects.values("file", "sha256", "updated_at").get(pk=source.pk)
        extract_source_text(source)
        self.assertEqual(Source.objects.values("file", "sha256", "updated_at").get(pk=source.pk), before)

    @override_settings(EXTRACT_MAX_PAGES=2)
    def test_it_reads_no_more_than_the_page_limit(self):
        source = self.source_with_file(pdf_with_pages("One", "Two", "Three"))
        with self.assertLogs("archive.documents", "WARNING") as logs:
            extract_source_text(source)
        self.assertEqual(self.page_texts(source), {1: "One", 2: "Two"})
        self.assertIn("has 3 pages; reading the first 2", logs.output[0])


class BadFileTests(ExtractionTestCase):
    def test_a_corrupt_pdf_is_marked_not_extracted_without_raising(self):
        source = self.source_with_file(b"%PDF-1.4 this is not really a PDF")
        with self.assertLogs("archive.documents", "WARNING") as logs:
            self.assertEqual(extract_source_text(source), TextStatus.NOT_EXTRACTED)
        self.assertIn(source.slug, logs.output[0])
        self.assertEqual(source.pages.count(), 0)
        source.refresh_from_db()
        self.assertEqual((source.text_status, source.extracted_text), (TextStatus.NOT_EXTRACTED, ""))

    def test_a_truncated_pdf_does_not_raise(self):
        source = self.source_with_file(pdf_with_pages("Whole page", "Another")[:200])
        with self.assertLogs("archive.documents", "WARNING"):
            self.assertEqual(extract_source_text(source), TextStatus.NOT_EXTRACTED)

    def test_a_page_that_cannot_be_read_does_not_lose_the_others(self):
        pdf = pdf_with_pages("Good page", "Bad page")
        broken = pdf.replace(b"Td (Bad page)", b"Td [Bad page)")  # same length: offsets still hold
        source = self.source_with_file(broken)
        with no_tesseract(), self.assertLogs("archive.documents", "WARNING") as logs:
            self.assertEqual(extract_source_text(source), TextStatus.EXTRACTED)
        self.assertEqual(self.page_texts(source), {1: "Good page"})
        self.assertIn("Cannot read page 2", logs.output[0])

    def test_a_password_protected_pdf_is_marked_not_extracted(self):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_pages("Secret testimony"))))
        writer.encrypt(user_password="witness", algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        source = self.source_with_file(buffer.getvalue())
        with self.assertLogs("archive.documents", "WARNING") as logs:
            self.assertEqual(extract_source_text(source), TextStatus.NOT_EXTRACTED)
        self.assertIn("encrypted", logs.output[0])
        self.assertEqual(source.pages.count(), 0)

    def test_a_file_missing_from_storage_is_marked_not_extracted(self):
        source = self.source_with_file(pdf_with_pages("Gone"))
        source.file.storage.delete(source.file.name)
        with self.assertLogs("archive.documents", "WARNING"):
            self.assertEqual(extract_source_text(source), TextStatus.NOT_EXTRACTED)

    def test_a_file_of_another_kind_is_marked_not_extracted(self):
        source = self.source_with_file(b"ID3\x03\x00 an audio recording", name="testimony.mp3")
        self.assertEqual(extract_source_text(source), TextStatus.NOT_EXTRACTED)

    def test_a_source_without_a_file_has_no_pages_and_no_status(self):
        source = self.make_source()
        self.assertEqual(extract_source_text(source), TextStatus.NO_FILE)
        self.assertEqual(source.pages.count(), 0)


class PlainTextTests(ExtractionTestCase):
    def test_a_text_file_is_one_page(self):
        text = "گزارش کشتار ۶۷\r\nThe Death Commission met in Evin.\r\n"
        source = self.source_with_file(text.encode("utf-8"), name="statement.txt")
        self.assertEqual(source.media_type, "text/plain")
        self.assertEqual(extract_source_text(source), TextStatus.EXTRACTED)
        page = source.pages.get()
        self.assertEqual((page.number, page.text), (1, "گزارش کشتار ۶۷\nThe Death Commission met in Evin.\n"))
        self.assertEqual(page.search_text, "گزارش کشتار 67 the death commission met in evin")


class StorableTextTests(ExtractionTestCase):
    def test_nul_characters_are_dropped_so_postgresql_can_store_the_text(self):
        source = self.source_with_file(b"Evin\x00 prison", name="note.txt")
        self.assertEqual(extract_source_text(source), TextStatus.EXTRACTED)
        self.assertEqual(source.pages.get().text, "Evin prison")


class WithoutOcrTests(ExtractionTestCase):
    def test_a_scanned_page_is_not_extracted_when_tesseract_is_absent(self):
        source = self.source_with_file(pdf_with_pages(scan_of("GOHARDASHT PRISON")))
        with no_tesseract():
            self.assertEqual(extract_source_text(source), TextStatus.NOT_EXTRACTED)
        self.assertEqual(source.pages.count(), 0)

    def test_the_text_layer_is_kept_when_other_pages_are_scans(self):
        source = self.source_with_file(pdf_with_pages(scan_of("GOHARDASHT PRISON"), "Typed second page"))
        with no_tesseract():
            self.assertEqual(extract_source_text(source), TextStatus.EXTRACTED)
        self.assertEqual(self.page_texts(source), {2: "Typed second page"})

    def test_an_image_is_not_extracted_when_tesseract_is_absent(self):
        buffer = io.BytesIO()
        scan_of("Death commission").save(buffer, "PNG")
        source = self.source_with_file(buffer.getvalue(), name="letter.png")
        with no_tesseract():
            self.assertEqual(extract_source_text(source), TextStatus.NOT_EXTRACTED)


@unittest.skipUnless(ocr_available(), OCR_MISSING)
class OcrTests(ExtractionTestCase):
    def test_a_scanned_pdf_page_is_read_by_ocr(self):
        source = self.source_with_file(pdf_with_pages("Typed first page", scan_of("GOHARDASHT PRISON")))
        self.assertEqual(extract_source_text(source), TextStatus.OCR)
        pages = self.page_texts(source)
        self.assertEqual(pages[1], "Typed first page")
        self.assertIn("GOHARDASHT PRISON", pages[2])

    @unittest.skipUnless(CAN_DRAW_PERSIAN, "needs the DejaVu Sans font and Pillow with Raqm to draw Persian")
    def test_a_persian_scan_is_read_in_persian(self):
        source = self.source_with_file(pdf_with_pages(persian_scan_of("کشتار زندانیان سیاسی")))
        self.assertEqual(extract_source_text(source), TextStatus.OCR)
        self.assertIn("کشتار زندانیان سیاسی", source.pages.get(number=1).search_text)

    def test_images_are_read_by_ocr(self):
        for kind, name in (("PNG", "letter.png"), ("JPEG", "letter.jpg"), ("WEBP", "letter.webp")):
            with self.subTest(kind=kind):
                buffer = io.BytesIO()
                scan_of("Death commission").save(buffer, kind)
                source = self.source_with_file(buffer.getvalue(), name=name)
                self.assertEqual(extract_source_text(source), TextStatus.OCR)
                self.assertIn("death commission", source.pages.get(number=1).search_text)

    @override_settings(EXTRACT_TIMEOUT=0.001)
    def test_ocr_that_runs_too_long_is_stopped(self):
        source = self.source_with_file(pdf_with_pages(scan_of("GOHARDASHT PRISON")))
        with self.assertLogs("archive.documents", "WARNING") as logs:
            self.assertEqual(extract_source_text(source), TextStatus.NOT_EXTRACTED)
        self.assertIn("ran past", logs.output[0])


class AdminUploadTests(ExtractionTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def test_a_file_uploaded_in_the_admin_is_read_once_it_is_saved(self):
        data = form_data(self.client.get("/admin/archive/source/add/"))
        data.update(title_en="Leaked list", kind="report")
        data["file"] = SimpleUploadedFile("list.pdf", pdf_with_pages("Names", "Prisoners of ward 3"))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/admin/archive/source/add/", data)
        self.assertEqual(response.status_code, 302)
        source = Source.objects.get()
        self.assertEqual(source.text_status, TextStatus.EXTRACTED)
        self.assertEqual(self.page_texts(source), {1: "Names", 2: "Prisoners of ward 3"})

    def test_saving_a_source_again_does_not_read_its_file_again(self):
        source = self.source_with_file(pdf_with_pages("Names"))
        url = f"/admin/archive/source/{source.pk}/change/"
        self.client.force_login(self.reviewer)  # the source is published
        data = form_data(self.client.get(url))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                url, {**data, "author": "Amnesty International", "change_reason": "Author named."}
            )
        self.assertEqual(response.status_code, 302)
        source.refresh_from_db()
        self.assertEqual((source.author, source.text_status), ("Amnesty International", TextStatus.NO_FILE))
        self.assertEqual(source.pages.count(), 0)
