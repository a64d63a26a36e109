"""Bad input changes nothing: a dry run reports every bad row with its line and reason, a real run with a bad
row stops before writing and says which, and --skip-invalid imports the others only when asked."""

from __future__ import annotations

from archive.models import Citation
from editorial.models import HistoryEntry
from imports.models import ImportedRecord
from tests.imports.support import ImportTestCase, victims_csv
from victims.models import Victim, VictimName

# Lines 2, 4 and 6 are good; 3, 5 and 7 are not (the header is line 1).
MIXED = victims_csv(
    "v1,Good One (example),,,male,Mordad 1367,solar_hijri,tehran,1988-massacre,example-list,death,row 1,",
    "v2,Bad Calendar (example),,,male,Mordad 1367,gregorian,,,,,,",
    "v3,Good Two (example),,,female,1988,gregorian,,,,,,",
    "v4,Bad Place (example),,,alien,,,atlantis,1988-massacre,example-list,death,,",
    "v5,Good Three (example),,,,,,,,,,,",
    "v1,Same Id (example),,,,,,,,,,,",
)


class BadInputTests(ImportTestCase):
    def counts(self) -> list[int]:
        return [
            model.objects.count() for model in (Victim, VictimName, Citation, ImportedRecord, HistoryEntry)
        ]

    def test_a_dry_run_changes_nothing_and_reports_every_bad_row(self):
        before = self.counts()
        report = self.directory / "report.csv"
        run = self.run_import(
            "import_victims", self.write("mixed.csv", MIXED), "--dry-run", "--report", report, fails=True
        )
        self.assertEqual(self.counts(), before)
        self.assertIn("3 of 6 rows have problems", run.error)
        self.assertIn("Nothing was written", run.error)
        rows = self.report(report)
        self.assertEqual(
            [(row["line"], row["external_id"], row["field"]) for row in rows],
            [
                ("3", "v2", "death_text"),
                ("5", "v4", "gender"),
                ("5", "v4", "death_place"),
                ("5", "v4", "citation_1_locator"),
                ("7", "v1", "external_id"),
            ],
        )
        messages = {(row["line"], row["field"]): row["message"] for row in rows}
        self.assertIn("Solar Hijri", messages["3", "death_text"])
        self.assertIn("“alien” is not one of: female, male", messages["5", "gender"])
        self.assertIn("No place has the address “atlantis”", messages["5", "death_place"])
        self.assertIn("locator", messages["5", "citation_1_locator"])
        self.assertIn("also on line 2", messages["7", "external_id"])
        # The same problems on the terminal, each with its line.
        self.assertIn("line 3 (v2, death_text):", run.stderr)
        self.assertIn("line 7 (v1, external_id):", run.stderr)

    def test_a_dry_run_of_a_good_file_says_what_it_would_do(self):
        path = self.write("good.csv", victims_csv("v1,Good (example),,,,,,,,,,,"))
        run = self.run_import("import_victims", path, "--dry-run")
        self.assertIn("Victims: 1 to create, 0 to update, 0 unchanged. Nothing was written.", run.stdout)
        self.assertFalse(Victim.objects.exists())

    def test_a_real_run_with_a_bad_row_writes_nothing_and_says_which(self):
        before = self.counts()
        run = self.run_import("import_victims", self.write("mixed.csv", MIXED), fails=True)
        self.assertEqual(self.counts(), before)
        self.assertIn("Nothing was written", run.error)
        self.assertIn("--skip-invalid", run.error)
        for line in ("line 3 (v2", "line 5 (v4", "line 7 (v1"):
            self.assertIn(line, run.stderr)

    def test_skip_invalid_imports_the_good_rows_and_reports_the_others(self):
        report = self.directory / "report.csv"
        run = self.run_import(
            "import_victims", self.write("mixed.csv", MIXED), "--skip-invalid", "--report", report
        )
        self.assertEqual(
            sorted(Victim.objects.values_list("name_en", flat=True)),
            ["Good One (example)", "Good Three (example)", "Good Two (example)"],
        )
        self.assertIn("3 skipped", run.stdout)
        self.assertEqual({row["line"] for row in self.report(report)}, {"3", "5", "7"})

    def test_a_report_of_a_clean_run_has_only_its_header(self):
        report = self.directory / "report.csv"
        self.run_import(
            "import_victims",
            self.write("good.csv", victims_csv("v1,Good (example),,,,,,,,,,,")),
            "--report",
            report,
        )
        self.assertEqual(
            report.read_bytes().decode("utf-8-sig").splitlines(), ["line,external_id,field,message"]
        )

    def test_csv_line_numbers_count_the_lines_a_quoted_cell_runs_over(self):
        text = (
            "external_id,name_en,biography_en,death_text,death_calendar\n"
            'v1,Long (example),"First line\nsecond line\nthird line",1988,gregorian\n'
            "v2,Bad (example),,13 Mordad 1367,gregorian\n"
        )
        report = self.directory / "report.csv"
        self.run_import(
            "import_victims", self.write("multiline.csv", text), "--dry-run", "--report", report, fails=True
        )
        self.assertEqual([row["line"] for row in self.report(report)], ["5"])

    def test_json_problems_give_the_line_the_item_starts_on(self):
        path = self.write(
            "victims.json",
            [
                {"external_id": "v1", "name_en": "Good (example)"},
                {"external_id": "v2", "name_en": "Bad (example)", "age_at_death": 200},
                {"external_id": "v3", "name_en": "Bad (example)", "favourite_colour": "blue"},
                "not an object",
            ],
        )
        report = self.directory / "report.csv"
        self.run_import("import_victims", path, "--dry-run", "--report", report, fails=True)
        rows = self.report(report)
        self.assertEqual(
            [(row["line"], row["external_id"], row["field"]) for row in rows],
            [("6", "v2", "age_at_death"), ("11", "v3", "favourite_colour"), ("16", "", "")],
        )
        self.assertIn("over 120", rows[0]["message"])

    def test_an_unknown_column_stops_the_whole_file(self):
        path = self.write("typo.csv", "external_id,name_en,deth_text\nv1,Typo (example),1988\n")
        report = self.directory / "report.csv"
        run = self.run_import("import_victims", path, "--skip-invalid", "--report", report, fails=True)
        self.assertIn("line 1", run.error)
        self.assertIn("Unknown column “deth_text”", run.error)
        self.assertEqual(self.report(report)[0]["field"], "deth_text")
        self.assertFalse(Victim.objects.exists())

    def test_a_file_without_external_ids_is_refused(self):
        run = self.run_import(
            "import_victims", self.write("no-ids.csv", "name_en\nNo Id (example)\n"), fails=True
        )
        self.assertIn("external_id", run.error)

    def test_broken_json_is_refused_with_its_line(self):
        run = self.run_import(
            "import_victims", self.write("broken.json", '[\n {"external_id": "v1",}\n]'), fails=True
        )
        self.assertIn("line 2", run.error)
        self.assertIn("Not valid JSON", run.error)

    def test_a_file_that_is_not_utf8_is_refused(self):
        path = self.directory / "latin1.csv"
        path.write_bytes("external_id,name_en\nv1,Fereydoun Gérard\n".encode("latin-1"))
        run = self.run_import("import_victims", path, fails=True)
        self.assertIn("not UTF-8", run.error)

    def test_a_file_of_another_kind_is_refused(self):
        run = self.run_import("import_victims", self.write("victims.xlsx", "?"), fails=True)
        self.assertIn("neither .csv nor .json", run.error)

    def test_each_citation_is_checked(self):
        path = self.write(
            "victims.json",
            [
                {
                    "external_id": "v1",
                    "name_en": "Cited (example)",
                    "citations": [
                        {"source": "no-such-source", "locator": "p. 1"},
                        {"source": "example-list", "claim": "favourite_colour", "quote": "Blue."},
                        {"source": "example-list", "confidence": "certain", "locator": "p. 2"},
                        {"source": "example-list"},
                    ],
                }
            ],
        )
        report = self.directory / "report.csv"
        self.run_import("import_victims", path, "--dry-run", "--report", report, fails=True)
        problems = {row["field"]: row["message"] for row in self.report(report)}
        self.assertIn(
            "No source has the address or external id “no-such-source”", problems["citations[1].source"]
        )
        self.assertIn("“favourite_colour” is not one of: general, name", problems["citations[2].claim"])
        self.assertIn("“certain” is not one of: low, medium, high", problems["citations[3].confidence"])
        self.assertIn("locator", problems["citations[4].locator"])

    def test_a_prison_must_be_a_prison(self):
        path = self.write(
            "victims.json", [{"external_id": "v1", "name_en": "Held (example)", "prisons": ["tehran"]}]
        )
        run = self.run_import("import_victims", path, fails=True)
        self.assertIn("“tehran” is not a prison", run.stderr)

    def test_a_row_needs_a_name(self):
        run = self.run_import(
            "import_victims", self.write("nameless.csv", victims_csv("v1,,,,male,,,,,,,,")), fails=True
        )
        self.assertIn("Give a name in Latin or in Persian script", run.stderr)

    def test_a_precision_the_text_does_not_support_is_refused(self):
        path = self.write(
            "victims.json",
            [
                {
                    "external_id": "v1",
                    "name_en": "Day (example)",
                    "death_text": "1988",
                    "death_precision": "day",
                }
            ],
        )
        run = self.run_import("import_victims", path, fails=True)
        self.assertIn("death_precision", run.stderr)

    def test_a_taken_address_is_refused(self):
        self.run_import(
            "import_victims", self.write("a.json", [{"external_id": "v1", "slug": "taken", "name_en": "A"}])
        )
        run = self.run_import(
            "import_victims",
            self.write("b.json", [{"external_id": "v2", "slug": "taken", "name_en": "B"}]),
            fails=True,
        )
        self.assertIn("The address “taken” is taken", run.stderr)

    def test_an_unknown_account_is_refused_before_anything_is_read(self):
        run = self.run_import(
            "import_victims",
            self.write("good.csv", victims_csv("v1,Good,,,,,,,,,,,")),
            "--user",
            "nobody",
            fails=True,
        )
        self.assertIn("No account is named “nobody”", run.error)
