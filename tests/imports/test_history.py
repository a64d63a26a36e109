"""What an import leaves in the history: one entry per record created or changed, naming the file, its hash and
who ran it; none for what did not change; and each batch written whole or not at all."""

from __future__ import annotations

import json

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError

from archive.models import Citation
from editorial.history import snapshot
from editorial.models import Action, HistoryEntry
from imports.kinds import VICTIMS
from imports.models import ImportedRecord
from imports.planning import Planner
from imports.reading import read_file
from imports.writing import write_batch
from tests.imports.support import ImportTestCase, sha256_of, victims_csv
from victims.models import Victim

ROWS = victims_csv(
    "v1,Parviz Nikan (example),پرویز نیکان,Parviz Nikaan | پرويز نيكان,male,Mordad 1367,solar_hijri,tehran,"
    "1988-massacre,example-list,death,row 12,",
    "v2,Shirin Ahmadpour (example),,,female,August 1988,gregorian,,,example-list,general,,A quote (example).",
)


class ImportHistoryTests(ImportTestCase):
    def entries(self, model) -> list[HistoryEntry]:
        return list(HistoryEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)))

    def test_each_imported_record_has_one_entry_naming_the_file_its_hash_and_who_ran_it(self):
        path = self.write("victims.csv", ROWS)
        self.run_import("import_victims", path, "--user", "editor", "--reason", "The example list")
        victims = self.entries(Victim)
        self.assertEqual(len(victims), 2)
        self.assertEqual(
            {entry.object_id for entry in victims},
            {str(pk) for pk in Victim.objects.values_list("pk", flat=True)},
        )
        for entry in victims + self.entries(Citation):
            self.assertEqual(entry.action, Action.CREATE)
            self.assertIn("victims.csv", entry.via)
            self.assertIn(sha256_of(path), entry.via)
            self.assertIn("OS user", entry.via)
            self.assertEqual((entry.author, entry.reason), (self.editor, "The example list"))
        self.assertEqual(len(self.entries(Citation)), 2)

    def test_an_entry_holds_the_record_as_the_history_reads_it_back(self):
        self.run_import("import_victims", self.write("victims.csv", ROWS))
        self.run_import(
            "import_victims", self.write("again.csv", ROWS.replace("Parviz Nikaan |", "Parwiz Nikan |"))
        )
        for record in [*Victim.objects.all(), *Citation.objects.all()]:
            entry = HistoryEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk)
            ).first()
            self.assertEqual(json.loads(entry.data), snapshot(record), record)

    def test_a_change_is_one_entry_on_the_record_naming_what_changed(self):
        self.run_import("import_victims", self.write("victims.csv", ROWS))
        self.run_import(
            "import_victims", self.write("again.csv", ROWS.replace("Mordad 1367", "Shahrivar 1367"))
        )
        entry = HistoryEntry.objects.filter(action=Action.CHANGE).get()
        self.assertEqual(entry.object_repr, "Parviz Nikan (example)")
        self.assertIn("again.csv", entry.via)
        self.assertEqual(entry.changed_fields, ["death_earliest", "death_latest", "death_text"])

    def test_an_unchanged_run_writes_no_history(self):
        path = self.write("victims.csv", ROWS)
        self.run_import("import_victims", path)
        count = HistoryEntry.objects.count()
        self.run_import("import_victims", path)
        self.assertEqual(HistoryEntry.objects.count(), count)

    def test_a_dry_run_writes_no_history(self):
        self.run_import("import_victims", self.write("victims.csv", ROWS), "--dry-run")
        self.assertFalse(HistoryEntry.objects.filter(via__startswith="import").exists())

    def test_a_batch_is_written_whole_or_not_at_all(self):
        planner = Planner(VICTIMS, status="draft")
        plans = planner.plan(
            read_file(
                self.write("victims.csv", ROWS), columns=VICTIMS.columns, list_columns=VICTIMS.list_columns
            )
        )
        plans[1].record.age_at_death = 500  # past the planner's checks: the database refuses it
        with self.assertRaises(IntegrityError):
            write_batch(plans, via="import: test")
        self.assertFalse(Victim.objects.exists())
        self.assertFalse(ImportedRecord.objects.exists())
        self.assertFalse(HistoryEntry.objects.filter(via="import: test").exists())

    def test_batches_are_written_one_after_the_other(self):
        run = self.run_import("import_victims", self.write("victims.csv", ROWS), "--batch-size", "1")
        self.assertIn("imported 1/2\nimported 2/2", run.stderr)
        self.assertEqual(Victim.objects.count(), 2)
