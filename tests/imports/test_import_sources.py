"""import_sources: source documents described (not their files), for citations to name by external id."""

from __future__ import annotations

from archive.dates import Precision
from archive.models import Source, SourceKind, Stance
from tests.imports.support import ImportTestCase

SOURCES = (
    "external_id,title_en,title_fa,kind,author,published_text,published_calendar,language,url,stance\n"
    "s1,Example report (fictional),گزارش نمونه,report,Example Group,December 2020,gregorian,en,https://example.org/r,international\n"
    "s2,,شهادت نمونه,testimony,,Shahrivar 1397,solar_hijri,fa,,\n"
)


class ImportSourcesTests(ImportTestCase):
    def test_it_imports_sources_with_their_publication_dates(self):
        self.run_import("import_sources", self.write("sources.csv", SOURCES))
        report = Source.objects.get(title_en="Example report (fictional)")
        self.assertEqual(
            (report.kind, report.stance, report.url),
            (SourceKind.REPORT, Stance.INTERNATIONAL, "https://example.org/r"),
        )
        self.assertEqual(report.published_precision, Precision.MONTH)
        testimony = Source.objects.get(title_fa="شهادت نمونه")
        self.assertEqual(
            (testimony.published_calendar, testimony.published_precision), ("solar_hijri", Precision.MONTH)
        )
        self.assertEqual(testimony.stance, Stance.UNKNOWN)  # an empty cell: the model's default
        self.assertTrue(testimony.slug)

    def test_a_reimport_updates_a_source(self):
        self.run_import("import_sources", self.write("sources.csv", SOURCES))
        self.run_import(
            "import_sources", self.write("again.csv", SOURCES.replace("Example Group", "Example Group (2)"))
        )
        self.assertEqual(Source.objects.filter(author="Example Group (2)").count(), 1)
        self.assertEqual(Source.objects.count(), 3)  # the two imported and the one made for the tests

    def test_a_source_needs_a_kind_a_title_and_a_real_address(self):
        bad = (
            "external_id,title_en,kind,url\n"
            "s1,No kind (fictional),,\n"
            "s2,,report,\n"
            "s3,Bad address (fictional),report,not a url\n"
            "s4,Bad kind (fictional),rumour,\n"
        )
        report = self.directory / "report.csv"
        self.run_import(
            "import_sources", self.write("bad.csv", bad), "--dry-run", "--report", report, fails=True
        )
        self.assertEqual(
            [(row["line"], row["field"]) for row in self.report(report)],
            [("2", "kind"), ("3", "title_en"), ("4", "url"), ("5", "kind")],
        )
