"""manage.py extract_text: which sources it reads, what it prints, and how it fails."""

from __future__ import annotations

from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.documents import extract_source_text
from archive.models import Source, TextStatus
from tests.base import BaseTestCase
from tests.documents.pdf import pdf_with_pages


class ExtractTextCommandTests(BaseTestCase):
    def setUp(self):
        self.unread = self.make_source(
            "Unread report", slug="unread", file=ContentFile(pdf_with_pages("Evin", "Gohardasht"), "a.pdf")
        )
        self.read = self.make_source(
            "Read report", slug="read", file=ContentFile(pdf_with_pages("Khavaran"), "b.pdf")
        )
        extract_source_text(self.read)
        self.broken = self.make_source(
            "Broken scan", slug="broken", file=ContentFile(b"%PDF-1.4 broken", "c.pdf")
        )
        self.without_file = self.make_source("Article on the web", slug="web-only")

    def run_command(self, *args) -> str:
        out = StringIO()
        call_command("extract_text", *args, stdout=out)
        return out.getvalue()

    def status(self, source: Source) -> str:
        source.refresh_from_db()
        return source.text_status

    def test_by_default_it_reads_only_files_never_read(self):
        self.read.pages.all().delete()  # would come back if the command read this file again
        with self.assertLogs("archive.documents", "WARNING"):
            output = self.run_command()
        self.assertIn("[1/2] unread: text extracted, 2 pages", output)
        self.assertIn("[2/2] broken: text not extracted, 0 pages", output)
        self.assertIn("Text read from 2 sources: 1 text extracted, 1 text not extracted.", output)
        self.assertEqual(self.status(self.unread), TextStatus.EXTRACTED)
        self.assertEqual(self.read.pages.count(), 0)
        self.assertEqual(self.status(self.without_file), TextStatus.NO_FILE)

    def test_missing_is_the_default_said_out_loud(self):
        with self.assertLogs("archive.documents", "WARNING"):
            output = self.run_command("--missing")
        self.assertIn("Text read from 2 sources", output)
        self.assertNotIn(" read:", output)

    def test_all_reads_every_file_again(self):
        self.read.pages.all().delete()
        with self.assertLogs("archive.documents", "WARNING"):
            output = self.run_command("--all")
        self.assertIn("read: text extracted, 1 pages", output)
        self.assertIn("Text read from 3 sources: 2 text extracted, 1 text not extracted.", output)
        self.assertEqual(self.read.pages.get().text, "Khavaran")

    def test_it_reads_the_sources_it_is_given(self):
        output = self.run_command("read")
        self.assertIn("[1/1] read: text extracted, 1 pages", output)
        self.assertIn("Text read from 1 source: 1 text extracted.", output)
        self.assertEqual(self.status(self.unread), TextStatus.NO_FILE)

    def test_with_nothing_to_read_it_says_so(self):
        Source.objects.exclude(pk=self.read.pk).delete()
        self.assertIn("Text read from 0 sources.", self.run_command())

    def test_an_unknown_slug_fails_and_reads_nothing(self):
        # A CommandError is what makes manage.py print the message and exit with status 1.
        with self.assertRaisesMessage(CommandError, "No source with the slug: no-such-report."):
            self.run_command("unread", "no-such-report")
        self.assertEqual(self.status(self.unread), TextStatus.NO_FILE)

    def test_slugs_and_all_do_not_mix(self):
        with self.assertRaisesMessage(CommandError, "not both"):
            self.run_command("--all", "unread")
