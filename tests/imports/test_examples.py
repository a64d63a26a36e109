"""The example files of the documented format import cleanly over the seed dataset, and a second run of
each changes nothing; the sample generator's files too, the same in CSV and in JSON."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from archive.models import Citation, Source
from editorial.models import HistoryEntry
from perpetrators.models import Perpetrator, Position
from tests.imports.support import ImportTestCase
from victims.models import Victim, VictimName

EXAMPLES = Path(settings.BASE_DIR) / "imports" / "examples"


class ExampleFileTests(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        # The examples name the seed's places, events and organizations: no test records here.
        call_command("load_seed", stdout=StringIO())

    def import_examples(self) -> list[str]:
        return [
            self.run_import("import_sources", EXAMPLES / "sources.csv").stdout,
            self.run_import("import_victims", EXAMPLES / "victims.csv").stdout,
            self.run_import("import_victims", EXAMPLES / "victims.json").stdout,
            self.run_import("import_perpetrators", EXAMPLES / "perpetrators.json").stdout,
            self.run_import(
                "import_perpetrators",
                EXAMPLES / "perpetrators.csv",
                "--positions",
                EXAMPLES / "positions.csv",
            ).stdout,
        ]

    def test_each_example_file_imports_cleanly(self):
        outputs = self.import_examples()
        self.assertFalse(any("skipped" in output for output in outputs))
        self.assertEqual(Source.objects.filter(title_en__contains="(fictional)").count(), 3)
        self.assertEqual(Victim.objects.count(), 6)
        self.assertEqual(Perpetrator.objects.filter(status="draft").count(), 3)
        self.assertEqual(Position.objects.filter(status="draft").count(), 5)
        # Both calendars, both scripts, and citations, as the format document promises.
        self.assertEqual(
            set(Victim.objects.values_list("death_calendar", flat=True)), {"gregorian", "solar_hijri"}
        )
        self.assertEqual(set(VictimName.objects.values_list("script", flat=True)), {"latin", "persian"})
        self.assertEqual(Citation.objects.filter(content_type__model="victim").count(), 9)

    def test_every_example_record_says_it_is_not_real(self):
        self.import_examples()
        for victim in Victim.objects.all():
            self.assertRegex(f"{victim.name_en} {victim.name_fa}", r"\(example\)|\(نمونه\)")
        for perpetrator in Perpetrator.objects.filter(status="draft"):
            self.assertRegex(f"{perpetrator.name_en} {perpetrator.name_fa}", r"fictional|ساختگی")

    def test_importing_the_examples_again_changes_nothing(self):
        self.import_examples()
        count = HistoryEntry.objects.count()
        outputs = self.import_examples()
        self.assertEqual(HistoryEntry.objects.count(), count)
        for output in outputs:
            self.assertIn(" 0 created, 0 updated,", output)


class SampleFileTests(ImportTestCase):
    def make_sample(self, format: str) -> Path:
        folder = self.directory / format
        call_command("make_import_sample", folder, "--victims", "40", "--format", format, stdout=StringIO())
        return folder

    def test_the_generated_files_import_cleanly(self):
        folder = self.make_sample("csv")
        self.run_import("import_sources", folder / "sources.csv")
        run = self.run_import("import_victims", folder / "victims.csv")
        self.assertIn("Victims: 40 created", run.stdout)
        self.assertEqual(Victim.objects.filter(biography_en__startswith="Fictional record").count(), 40)

    def test_the_json_sample_says_what_the_csv_sample_says(self):
        csv_folder, json_folder = self.make_sample("csv"), self.make_sample("json")
        self.run_import("import_sources", csv_folder / "sources.csv")
        self.run_import("import_victims", csv_folder / "victims.csv")
        self.assertIn("2 unchanged", self.run_import("import_sources", json_folder / "sources.json").stdout)
        self.assertIn("40 unchanged", self.run_import("import_victims", json_folder / "victims.json").stdout)
