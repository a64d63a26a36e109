"""`manage.py export_archive DIRECTORY`: the open-data dump of the published archive."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from archive import exports
from archive.models import Estimate, Event, Organization, OrganizationKind, Place, PlaceKind, Status
from perpetrators.models import CommissionRole, Position
from tests.base import BaseTestCase
from tests.exports.support import make_perpetrator, make_victim
from victims.models import LinkRole, PerpetratorLink, VictimName

SITE = "https://archive.example.org"
TABLES = [
    "victims",
    "perpetrators",
    "positions",
    "organizations",
    "sources",
    "citations",
    "events",
    "estimates",
    "places",
    "perpetrator_links",
]


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@override_settings(SITE_URL=SITE)
class ExportArchiveTestCase(BaseTestCase):
    def setUp(self):
        self.directory = Path(tempfile.mkdtemp(prefix="archive-export-test-"))
        self.addCleanup(shutil.rmtree, self.directory, ignore_errors=True)
        self.tehran = Place.objects.create(
            name_en="Tehran", name_fa="تهران", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED
        )
        self.evin = Place.objects.create(
            name_en="Evin Prison", kind=PlaceKind.PRISON, parent=self.tehran, status=Status.PUBLISHED
        )
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre", status=Status.PUBLISHED, start_text="July 1988"
        )
        Estimate.objects.create(
            event=self.massacre,
            counted_en="executed",
            count_text="about 5,000",
            count_low=5000,
            estimated_by="X",
        )
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission", kind=OrganizationKind.COMMISSION, status=Status.PUBLISHED
        )
        self.report = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")
        self.victim = make_victim(
            "Ali Rezaei", "علی رضایی", death_place=self.evin, death_text="1367", death_calendar="solar_hijri"
        )
        self.victim.events.add(self.massacre)
        VictimName.objects.create(victim=self.victim, name="Ali Rezai")
        self.raisi = make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی")
        self.seat = Position.objects.create(
            perpetrator=self.raisi,
            organization=self.commission,
            commission_role=CommissionRole.PROSECUTOR,
            title_en="Deputy prosecutor",
            status=Status.PUBLISHED,
        )
        self.link = PerpetratorLink.objects.create(
            victim=self.victim, perpetrator=self.raisi, role=LinkRole.SENTENCED
        )
        self.cite(self.victim, self.report, claim="death", locator="p. 3")
        self.cite(self.seat, self.report, claim="title")
        self.cite(self.link, self.report)

    def export(self, *args) -> str:
        out = StringIO()
        call_command("export_archive", str(self.directory), *args, stdout=out)
        return out.getvalue()

    def test_it_writes_a_csv_and_a_json_lines_file_per_table_a_readme_and_a_manifest(self):
        self.export()
        expected = {f"{t}.{ext}" for t in TABLES for ext in ("csv", "jsonl")} | {
            "README.txt",
            "manifest.json",
        }
        self.assertEqual({p.name for p in self.directory.iterdir()}, expected)
        self.assertEqual([t.name for t in exports.TABLES], TABLES)

    def test_the_manifest_gives_each_files_rows_size_and_sha256(self):
        self.export()
        manifest = json.loads((self.directory / "manifest.json").read_text(encoding="utf-8"))
        self.assertEqual(manifest["site"], SITE)
        files = {entry["name"]: entry for entry in manifest["files"]}
        self.assertEqual(len(files), 21)
        for name, entry in files.items():
            data = (self.directory / name).read_bytes()
            self.assertEqual(entry["sha256"], hashlib.sha256(data).hexdigest(), name)
            self.assertEqual(entry["bytes"], len(data), name)
        self.assertEqual(files["victims.csv"]["rows"], 1)
        self.assertEqual(files["victims.jsonl"]["rows"], 1)
        self.assertEqual(files["citations.csv"]["rows"], 3)
        self.assertEqual(files["estimates.jsonl"]["rows"], 1)

    def test_the_csv_and_json_lines_files_hold_the_same_rows(self):
        self.export()
        for table in exports.TABLES:
            with self.subTest(table=table.name):
                rows = read_csv(self.directory / f"{table.name}.csv")
                lines = read_jsonl(self.directory / f"{table.name}.jsonl")
                self.assertEqual(list(rows[0]) if rows else table.columns, table.columns)
                self.assertEqual([r["id"] for r in rows], [str(line["id"]) for line in lines])
                for line in lines:
                    self.assertEqual(list(line), table.columns)

    def test_the_rows_refer_to_each_other_by_id(self):
        self.export()
        [victim] = read_jsonl(self.directory / "victims.jsonl")
        self.assertEqual(victim["url"], f"{SITE}/victims/ali-rezaei/")
        self.assertEqual(victim["variants"], ["Ali Rezai"])
        self.assertEqual(victim["death_text"], "1367")
        self.assertEqual(victim["death_earliest"], "1988-03-21")
        self.assertEqual(victim["death_latest"], "1989-03-20")
        [position] = read_jsonl(self.directory / "positions.jsonl")
        self.assertEqual(position["perpetrator_id"], self.raisi.pk)
        self.assertEqual(position["organization_id"], self.commission.pk)
        self.assertEqual(position["commission_role"], "prosecutor")
        citations = read_jsonl(self.directory / "citations.jsonl")
        self.assertEqual(
            [(c["record_type"], c["record_id"]) for c in citations],
            [("victim", self.victim.pk), ("position", self.seat.pk), ("perpetratorlink", self.link.pk)],
        )
        self.assertEqual({c["source_id"] for c in citations}, {self.report.pk})
        [place] = [p for p in read_jsonl(self.directory / "places.jsonl") if p["slug"] == "evin-prison"]
        self.assertEqual(place["parent_id"], self.tehran.pk)
        [link] = read_jsonl(self.directory / "perpetrator_links.jsonl")
        self.assertEqual((link["victim_id"], link["perpetrator_id"]), (self.victim.pk, self.raisi.pk))

    def test_nothing_unpublished_is_in_any_file(self):
        draft_victim = make_victim("Hidden Victim", status=Status.DRAFT)
        self.cite(draft_victim, self.report)
        hidden = make_perpetrator("Hidden Official", status=Status.IN_REVIEW)
        self.cite(
            Position.objects.create(perpetrator=hidden, title_en="Secret judge", status=Status.PUBLISHED),
            self.report,
        )
        Position.objects.create(perpetrator=self.raisi, title_en="Unconfirmed post", status=Status.DRAFT)
        secret_org = Organization.objects.create(name_en="Secret Office", kind=OrganizationKind.OTHER)
        Organization.objects.filter(pk=self.commission.pk).update(parent=secret_org)
        draft_event = Event.objects.create(name_en="Withdrawn Event", status=Status.WITHDRAWN)
        Estimate.objects.create(
            event=draft_event, counted_en="hidden count", count_text="7", count_low=7, estimated_by="Y"
        )
        Place.objects.create(name_en="Unlisted Site", kind=PlaceKind.PRISON)
        unreleased = self.make_source("Unreleased report", status=Status.DRAFT)
        self.cite(self.victim, unreleased, quote="A quote from the unreleased report.")
        PerpetratorLink.objects.create(victim=self.victim, perpetrator=hidden, role=LinkRole.INTERROGATED)
        self.export()
        everything = "".join(p.read_text(encoding="utf-8") for p in self.directory.iterdir())
        for leak in (
            "Hidden Victim",
            "Hidden Official",
            "Secret judge",
            "Unconfirmed post",
            "Secret Office",
            "Withdrawn Event",
            "hidden count",
            "Unlisted Site",
            "Unreleased report",
            "unreleased report",
            "interrogated",
        ):
            self.assertNotIn(leak, everything)
        [victim] = read_csv(self.directory / "victims.csv")
        self.assertEqual(victim["citations"], "1")

    def test_the_readme_describes_the_files_and_the_licence(self):
        self.export()
        readme = (self.directory / "README.txt").read_text(encoding="utf-8")
        for table in TABLES:
            self.assertIn(f"{table}.csv, {table}.jsonl:", readme)
        self.assertIn("Licence:", readme)
        self.assertIn("CC BY 4.0", readme)
        self.assertIn(SITE, readme)

    def test_csv_cells_are_neutralised_and_json_lines_are_not(self):
        VictimName.objects.create(victim=self.victim, name="=cmd|' /C calc'!A0")
        self.export()
        [victim] = read_csv(self.directory / "victims.csv")
        self.assertTrue(victim["variants"].startswith("'="))
        [victim] = read_jsonl(self.directory / "victims.jsonl")
        self.assertIn("=cmd|' /C calc'!A0", victim["variants"])

    def test_it_prints_progress_and_a_summary(self):
        output = self.export()
        self.assertIn("victims: 1 rows\n", output)
        self.assertIn("citations: 3 rows\n", output)
        self.assertIn("Wrote 10 tables (", output)
        self.assertIn(f"in 22 files to {self.directory}", output)

    def test_it_creates_the_directory_and_replaces_an_earlier_export(self):
        self.directory = self.directory / "new" / "dump"
        self.export()
        make_victim("Maryam Ahmadi")
        self.export()
        self.assertEqual(len(read_csv(self.directory / "victims.csv")), 2)

    def test_it_reads_in_a_fixed_number_of_queries_however_many_rows(self):
        self.export()
        with CaptureQueriesContext(connection) as few:
            self.export()
        for n in range(8):
            victim = make_victim(f"Victim {n}", death_place=self.evin)
            victim.events.add(self.massacre)
            victim.prisons.add(self.evin)
            VictimName.objects.create(victim=victim, name=f"Variant {n}")
            self.cite(victim, self.report)
            official = make_perpetrator(f"Official {n}")
            position = Position.objects.create(
                perpetrator=official, organization=self.commission, title_en="Member", status=Status.PUBLISHED
            )
            self.cite(position, self.report)
        with CaptureQueriesContext(connection) as many:
            self.export()
        self.assertEqual(len(many), len(few))
        self.assertEqual(len(read_csv(self.directory / "citations.csv")), 19)

    def test_it_fails_with_a_non_zero_exit_when_it_cannot_write(self):
        blocker = self.directory / "not-a-directory"
        blocker.write_text("a file where the directory should be")
        with self.assertRaisesMessage(CommandError, "Cannot write the export to") as failure:
            call_command("export_archive", str(blocker / "dump"), stdout=StringIO())
        # manage.py exits with the error's return code (and prints its message).
        self.assertEqual(failure.exception.returncode, 1)
        self.assertFalse((blocker.parent / "manifest.json").exists())
