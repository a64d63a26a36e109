"""import_perpetrators: perpetrators with their positions, nested in JSON or in a positions file beside a CSV."""

from __future__ import annotations

import datetime

from archive.dates import Precision
from archive.models import Citation, Status
from perpetrators.models import Perpetrator, PerpetratorName, Position
from tests.imports.support import ImportTestCase

PERPETRATORS = [
    {
        "external_id": "p1",
        "name_en": "Hamid Example-Nazari (fictional)",
        "name_fa": "حمید نظری نمونه",
        "variants": ["Hamid Nazari", "حميد نظري"],
        "birth_text": "1334",
        "birth_calendar": "solar_hijri",
        "citations": [{"source": "example-list", "claim": "name", "locator": "row 3"}],
        "positions": [
            {
                "external_id": "p1-commission",
                "organization": "death-commission-tehran",
                "title_en": "Prosecutor (fictional)",
                "commission_role": "prosecutor",
                "place": "tehran",
                "event": "1988-massacre",
                "during_text": "summer 1367",
                "during_calendar": "solar_hijri",
                "citations": [{"source": "example-list", "claim": "commission_role", "locator": "row 3"}],
            },
            {"external_id": "p1-judge", "title_en": "Judge (fictional)", "start_text": "2001"},
        ],
    }
]


class ImportPerpetratorsTests(ImportTestCase):
    def test_positions_nested_in_json_are_imported_with_their_perpetrator(self):
        run = self.run_import("import_perpetrators", self.write("perpetrators.json", PERPETRATORS))
        perpetrator = Perpetrator.objects.get()
        self.assertEqual(perpetrator.birth_precision, Precision.YEAR)
        self.assertEqual(sorted(perpetrator.variants.values_list("script", flat=True)), ["latin", "persian"])
        judge, commission = perpetrator.positions.order_by("title_en")
        self.assertEqual(
            (commission.organization, commission.commission_role), (self.commission, "prosecutor")
        )
        self.assertEqual((commission.place, commission.event), (self.tehran, self.massacre))
        self.assertEqual(commission.during_precision, Precision.SEASON)
        self.assertEqual(commission.during_earliest, datetime.date(1988, 6, 22))
        self.assertEqual(judge.start_earliest, datetime.date(2001, 1, 1))
        self.assertEqual({commission.status, judge.status, perpetrator.status}, {Status.DRAFT})
        self.assertEqual(Citation.objects.for_records([commission]).get().claim, "commission_role")
        self.assertIn("Perpetrators: 1 created", run.stdout)
        self.assertIn("Positions: 2 created", run.stdout)

    def test_a_reimport_updates_positions_by_their_external_id(self):
        path = self.write("perpetrators.json", PERPETRATORS)
        self.run_import("import_perpetrators", path)
        changed = [
            {**PERPETRATORS[0], "positions": [{**PERPETRATORS[0]["positions"][1], "end_text": "2005"}]}
        ]
        run = self.run_import("import_perpetrators", self.write("changed.json", changed))
        self.assertEqual(Position.objects.count(), 2)  # a position left out of the file stays
        self.assertEqual(Position.objects.get(title_en="Judge (fictional)").end_text, "2005")
        self.assertIn("Positions: 0 created, 1 updated, 0 unchanged.", run.stdout)
        # The first file says nothing of the end (it stays); an empty end empties it.
        self.run_import("import_perpetrators", path)
        self.assertEqual(Position.objects.get(title_en="Judge (fictional)").end_text, "2005")
        emptied = [{**PERPETRATORS[0], "positions": [{**PERPETRATORS[0]["positions"][1], "end_text": ""}]}]
        self.run_import("import_perpetrators", self.write("emptied.json", emptied))
        self.assertEqual(Position.objects.get(title_en="Judge (fictional)").end_text, "")
        run = self.run_import("import_perpetrators", path)
        self.assertIn(
            "Perpetrators: 0 created, 0 updated, 1 unchanged. Positions: 0 created, 0 updated, 2 unchanged.",
            run.stdout,
        )
        self.assertEqual((Perpetrator.objects.count(), PerpetratorName.objects.count()), (1, 2))

    def test_a_bad_position_makes_its_perpetrators_row_bad(self):
        bad = [
            {
                **PERPETRATORS[0],
                "positions": [{"external_id": "p1-x", "commission_role": "executioner", "place": "mars"}],
            }
        ]
        report = self.directory / "report.csv"
        self.run_import("import_perpetrators", self.write("bad.json", bad), "--report", report, fails=True)
        fields = [(row["line"], row["external_id"], row["field"]) for row in self.report(report)]
        self.assertEqual(
            fields, [("2", "p1", "positions[1].commission_role"), ("2", "p1", "positions[1].place")]
        )
        self.assertFalse(Perpetrator.objects.exists())
        self.run_import("import_perpetrators", self.write("bad.json", bad), "--skip-invalid")
        self.assertFalse(Perpetrator.objects.exists())

    def test_a_csv_file_takes_its_positions_from_a_file_of_their_own(self):
        perpetrators = self.write(
            "perpetrators.csv",
            "external_id,name_en,variants,birth_text,birth_calendar\n"
            "p1,Javad Example-Rahimi (fictional),Javad Rahimi,1330,solar_hijri\n",
        )
        positions = self.write(
            "positions.csv",
            "external_id,perpetrator,organization,title_en,commission_role,during_text,during_calendar,"
            "citation_1_source,citation_1_claim,citation_1_locator\n"
            "p1-commission,p1,death-commission-tehran,Member (fictional),member,Mordad 1367,solar_hijri,"
            "example-list,general,row 9\n",
        )
        self.run_import("import_perpetrators", perpetrators, "--positions", positions)
        position = Position.objects.get()
        self.assertEqual(position.perpetrator, Perpetrator.objects.get())
        self.assertEqual((position.during_text, position.during_precision), ("Mordad 1367", Precision.MONTH))

    def test_a_positions_file_may_add_posts_to_a_perpetrator_already_in_the_archive(self):
        known = Perpetrator.objects.create(slug="known-official", name_en="Known Official (fictional)")
        perpetrators = self.write("perpetrators.csv", "external_id,name_en\n")
        positions = self.write(
            "positions.csv",
            "external_id,perpetrator,title_en,start_text\n"
            "k1,known-official,Minister (fictional),2013\n"
            "k2,nobody-we-know,Minister (fictional),2013\n",
        )
        report = self.directory / "report.csv"
        self.run_import(
            "import_perpetrators",
            perpetrators,
            "--positions",
            positions,
            "--skip-invalid",
            "--report",
            report,
        )
        self.assertEqual(list(Position.objects.values_list("perpetrator", flat=True)), [known.pk])
        row = self.report(report)[0]
        self.assertEqual(
            (row["line"], row["external_id"], row["field"]), ("3", "k2", "positions.csv: perpetrator")
        )
        self.assertIn("“nobody-we-know”", row["message"])

    def test_a_positions_file_row_whose_perpetrator_is_bad_is_bad_too(self):
        perpetrators = self.write("perpetrators.csv", "external_id,name_en\np1,\n")
        positions = self.write("positions.csv", "external_id,perpetrator,title_en\nx1,p1,Judge (fictional)\n")
        run = self.run_import("import_perpetrators", perpetrators, "--positions", positions, fails=True)
        self.assertIn("line 2 (p1, name_en)", run.stderr)
        self.assertIn(
            "positions.csv, line 2 (x1, perpetrator): Its perpetrator “p1” is on a row with problems.",
            run.stderr,
        )

    def test_positions_are_not_a_csv_column(self):
        path = self.write("perpetrators.csv", "external_id,name_en,positions\np1,Someone (fictional),judge\n")
        run = self.run_import("import_perpetrators", path, fails=True)
        self.assertIn("--positions FILE", run.stderr)
