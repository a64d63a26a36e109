"""`manage.py export_bag DIRECTORY`: the published archive as a BagIt bag, checked with bagit-python."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import bagit
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from PIL import Image

from archive import derivatives, exports
from archive.models import Event, Place, PlaceKind, Status
from perpetrators.models import PerpetratorPhoto, Position
from tests.base import BaseTestCase
from tests.exports.support import make_perpetrator, make_victim
from victims.models import LinkRole, PerpetratorLink, VictimName, VictimPhoto

# bagit 1.9.0 passes re.IGNORECASE to re.sub as its count, which Python 3.13 warns about on every path.
pytestmark = pytest.mark.filterwarnings("ignore:'count' is passed as positional argument:DeprecationWarning")

SITE = "https://archive.example.org"
PDF = b"%PDF-1.4\nThe report on the 1988 massacre.\n%%EOF\n"


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def jpeg(height: int = 8) -> ContentFile:
    """A small JPEG, different for each height, as a photograph's upload."""
    data = io.BytesIO()
    Image.new("RGB", (8, height), "darkred").save(data, "JPEG")
    return ContentFile(data.getvalue(), name="portrait.jpg")


def make_photo(model, **fields):
    """A photograph with its web copy made, as it is once its upload is committed."""
    photo = model.objects.create(**fields)
    photo.make_derivatives()
    return photo


def web_copy(photo) -> str:
    return derivatives.derivative_name(photo.sha256, derivatives.WEB)


def flip_a_byte(path: Path, offset: int = -2) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@override_settings(SITE_URL=SITE)
class ExportBagTestCase(BaseTestCase):
    def setUp(self):
        self.parent = Path(tempfile.mkdtemp(prefix="archive-bag-test-"))
        self.addCleanup(shutil.rmtree, self.parent, ignore_errors=True)
        self.directory = self.parent / "bag"
        self.evin = Place.objects.create(
            name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED
        )
        self.massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        self.report = self.make_source("Blood-soaked secrets", file=ContentFile(PDF, name="report.pdf"))
        self.victim = make_victim("Ali Rezaei", "علی رضایی", death_place=self.evin)
        self.victim.events.add(self.massacre)
        self.photo = make_photo(
            VictimPhoto,
            victim=self.victim,
            image=jpeg(),
            caption_en="Ali Rezaei in 1980",
            credit="Family archive",
            source=self.report,
        )
        self.raisi = make_perpetrator("Ebrahim Raisi")
        self.official_photo = make_photo(PerpetratorPhoto, perpetrator=self.raisi, image=jpeg(9))
        PerpetratorLink.objects.create(victim=self.victim, perpetrator=self.raisi, role=LinkRole.SENTENCED)
        self.cite(self.victim, self.report, claim="death", locator="p. 3")

    def export(self, *args, directory=None) -> str:
        out = StringIO()
        call_command("export_bag", str(directory or self.directory), *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def payload_paths(self) -> set[str]:
        manifest = (self.directory / "manifest-sha256.txt").read_text(encoding="utf-8")
        return {line.split("  ", 1)[1] for line in manifest.splitlines()}

    def test_the_bag_passes_full_validation(self):
        self.export()
        bag = bagit.Bag(str(self.directory))
        self.assertTrue(bag.validate(fast=False))
        self.assertEqual(bag.version_info, (1, 0))
        self.assertEqual(bag.algorithms, ["sha256"])
        self.assertEqual(set(bag.tagfile_entries()), {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"})
        self.assertEqual(
            (self.directory / "bagit.txt").read_text(),
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        )

    def test_bagit_py_validates_it_on_the_command_line(self):
        self.export()
        checked = subprocess.run(
            [sys.executable, "-m", "bagit", "--validate", str(self.directory)],
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(checked.returncode, 0, checked.stderr)
        self.assertIn("is valid", checked.stderr)

    def test_the_payload_is_every_table_as_csv_and_json_lines_and_the_public_files(self):
        self.export()
        tables = {f"data/{t.name}.{ext}" for t in [*exports.TABLES] for ext in ("csv", "jsonl")}
        files = {"data/files.csv", "data/files.jsonl"}
        stored = {
            f"data/files/{name}"
            for name in (self.report.file.name, web_copy(self.photo), web_copy(self.official_photo))
        }
        self.assertEqual(len(tables), 20)
        self.assertTrue(self.payload_paths() >= tables | files)
        self.assertEqual({p for p in self.payload_paths() if p.startswith("data/files/")}, stored)
        self.assertEqual((self.directory / f"data/files/{self.report.file.name}").read_bytes(), PDF)
        [victim] = read_csv(self.directory / "data" / "victims.csv")
        self.assertEqual(victim["name_fa"], "علی رضایی")
        [victim] = read_jsonl(self.directory / "data" / "victims.jsonl")
        self.assertEqual(victim["url"], f"{SITE}/victims/ali-rezaei/")

    def test_files_csv_says_whose_each_file_is_and_its_credit(self):
        self.export()
        rows = {row["path"]: row for row in read_csv(self.directory / "data" / "files.csv")}
        photo = rows[f"data/files/{web_copy(self.photo)}"]
        self.assertEqual(photo["record_type"], "victim")
        self.assertEqual(photo["record_id"], str(self.victim.pk))
        self.assertEqual(photo["record_url"], f"{SITE}/victims/ali-rezaei/")
        self.assertEqual(photo["credit"], "Family archive")
        self.assertEqual(photo["source_id"], str(self.report.pk))
        document = rows[f"data/files/{self.report.file.name}"]
        self.assertEqual((document["record_type"], document["source_id"]), ("source", str(self.report.pk)))

    def test_a_photograph_is_bagged_as_its_web_copy_never_as_its_original(self):
        self.export()
        paths = self.payload_paths()
        self.assertNotIn(f"data/files/{self.photo.image.name}", paths)
        bagged = (self.directory / "data" / "files" / web_copy(self.photo)).read_bytes()
        self.assertEqual(bagged, self.photo.image.storage.open(web_copy(self.photo)).read())
        self.assertNotEqual(bagged, self.photo.image.storage.open(self.photo.image.name).read())

    def test_a_changed_byte_in_a_payload_file_fails_validation(self):
        self.export()
        flip_a_byte(self.directory / "data" / "victims.csv")
        with self.assertRaises(bagit.BagValidationError):
            bagit.Bag(str(self.directory)).validate(fast=False)

    def test_a_changed_byte_in_a_copied_document_fails_validation(self):
        self.export()
        flip_a_byte(self.directory / "data" / "files" / self.report.file.name, offset=10)
        with self.assertRaises(bagit.BagValidationError):
            bagit.Bag(str(self.directory)).validate(fast=False)

    def test_a_changed_byte_in_bag_info_fails_validation(self):
        self.export()
        info = self.directory / "bag-info.txt"
        info.write_text(info.read_text(encoding="utf-8").replace("prison", "prisom", 1), encoding="utf-8")
        with self.assertRaises(bagit.BagValidationError):
            bagit.Bag(str(self.directory)).validate(fast=False)

    def test_unpublished_records_and_their_files_are_never_in_the_bag(self):
        draft = make_victim("Hidden Victim", status=Status.DRAFT)
        VictimName.objects.create(victim=draft, name="Hidden Variant")
        hidden_photo = make_photo(VictimPhoto, victim=draft, image=jpeg(10), credit="Hidden")
        withdrawn = make_perpetrator("Withdrawn Official", status=Status.WITHDRAWN)
        withdrawn_photo = make_photo(PerpetratorPhoto, perpetrator=withdrawn, image=jpeg(11))
        Position.objects.create(perpetrator=withdrawn, title_en="Secret judge", status=Status.PUBLISHED)
        unreleased = self.make_source(
            "Unreleased report", status=Status.DRAFT, file=ContentFile(b"%PDF-1.4 unreleased", name="u.pdf")
        )
        self.cite(self.victim, unreleased, quote="A quote from the unreleased report.")
        # A published photograph may come from an unreleased document: the photograph is shown, the link is not.
        self.photo.source = unreleased
        self.photo.save()

        self.export()
        data = "".join(path.read_text(encoding="utf-8") for path in (self.directory / "data").glob("*.*")) + (
            self.directory / "bag-info.txt"
        ).read_text(encoding="utf-8")
        for leak in ("Hidden", "Withdrawn Official", "Secret judge", "nreleased report", unreleased.sha256):
            self.assertNotIn(leak, data)
        paths = self.payload_paths()
        for hidden in (hidden_photo.sha256, withdrawn_photo.sha256, unreleased.sha256):
            self.assertFalse(any(hidden in path for path in paths), hidden)
        bagged = {
            str(p.relative_to(self.directory / "data" / "files"))
            for p in (self.directory / "data" / "files").rglob("*")
            if p.is_file()
        }
        self.assertEqual(bagged, {self.report.file.name, web_copy(self.photo), web_copy(self.official_photo)})
        photo = next(
            r for r in read_csv(self.directory / "data" / "files.csv") if r["record_type"] == "victim"
        )
        self.assertEqual(photo["source_id"], "")

    def test_bag_info_says_who_when_how_much_and_the_licence(self):
        self.export()
        info = bagit.Bag(str(self.directory)).info
        self.assertEqual(info["Source-Organization"], "1988 and Aban 1398: a memorial archive")
        self.assertIn(SITE, info["External-Description"])
        self.assertRegex(info["Bagging-Date"], r"^\d{4}-\d{2}-\d{2}$")
        self.assertTrue(info["Bag-Software-Agent"].startswith("memorial-archive export_bag"))
        licence = " ".join(info["Licence"].split())
        self.assertIn(" ".join(exports.LICENCE.removeprefix("Licence:").split()), licence)
        self.assertIn("the licence above does not cover them", licence)
        for line in (self.directory / "bag-info.txt").read_text(encoding="utf-8").splitlines():
            self.assertLessEqual(len(line), 79, line)

    def test_bag_info_counts_the_rows_of_each_record_type(self):
        make_victim("Maryam Ahmadi")
        make_victim("Hidden Victim", status=Status.DRAFT)
        self.export()
        info = bagit.Bag(str(self.directory)).info
        self.assertEqual(info["Victims-Count"], "2")
        self.assertEqual(info["Perpetrator-Links-Count"], "1")
        self.assertEqual(info["Files-Count"], "3")
        for name in [table.name for table in exports.TABLES] + ["files"]:
            tag = "-".join(word.capitalize() for word in name.split("_")) + "-Count"
            rows = read_csv(self.directory / "data" / f"{name}.csv")
            self.assertEqual(info[tag], str(len(rows)), name)

    def test_payload_oxum_is_the_payloads_bytes_and_files(self):
        self.export()
        payload = [path for path in (self.directory / "data").rglob("*") if path.is_file()]
        octets = sum(path.stat().st_size for path in payload)
        self.assertEqual(bagit.Bag(str(self.directory)).info["Payload-Oxum"], f"{octets}.{len(payload)}")
        self.assertEqual(len(self.payload_paths()), len(payload))

    def test_it_refuses_a_non_empty_directory_and_changes_nothing(self):
        self.directory.mkdir()
        (self.directory / "notes.txt").write_text("my notes")
        with self.assertRaisesMessage(CommandError, "is not empty: name a new directory, or pass --force"):
            self.export()
        self.assertEqual([p.name for p in self.directory.iterdir()], ["notes.txt"])
        self.assertEqual((self.directory / "notes.txt").read_text(), "my notes")
        self.assertEqual([p.name for p in self.parent.iterdir()], ["bag"])

    def test_force_replaces_an_earlier_bag_but_not_any_directory(self):
        self.export()
        make_victim("Maryam Ahmadi")
        with self.assertRaisesMessage(CommandError, "is not empty"):
            self.export()
        self.export("--force")
        self.assertEqual(len(read_csv(self.directory / "data" / "victims.csv")), 2)
        bagit.Bag(str(self.directory)).validate()
        self.assertEqual([p.name for p in self.parent.iterdir()], ["bag"])

        other = self.parent / "other"
        other.mkdir()
        (other / "notes.txt").write_text("my notes")
        with self.assertRaisesMessage(CommandError, "holds no bag (bagit.txt): it is left as it is"):
            self.export("--force", directory=other)
        self.assertEqual([p.name for p in other.iterdir()], ["notes.txt"])

    def test_it_writes_into_an_empty_directory_and_creates_a_missing_one(self):
        self.directory.mkdir()
        self.export()
        bagit.Bag(str(self.directory)).validate()
        deeper = self.parent / "new" / "bag"
        self.export(directory=deeper)
        bagit.Bag(str(deeper)).validate()

    def test_a_failed_run_leaves_no_half_bag(self):
        self.report.file.storage.delete(self.report.file.name)
        with self.assertRaisesMessage(CommandError, f"The file of source {self.report.pk} is missing"):
            self.export()
        self.assertEqual(list(self.parent.iterdir()), [])

    def test_a_missing_web_copy_stops_the_bag_and_says_how_to_make_it(self):
        # As for a photograph attached before make_derivatives ran (the next upload makes it again).
        self.photo.image.storage.delete(web_copy(self.photo))
        with self.assertRaisesMessage(
            CommandError,
            f"The web copy of victimphoto {self.photo.pk}, made by manage.py make_derivatives, "
            f"is missing from storage: {web_copy(self.photo)}",
        ):
            self.export()
        self.assertEqual(list(self.parent.iterdir()), [])

    def test_a_document_altered_in_storage_stops_the_bag(self):
        # Removed afterwards, so that no later upload of the same bytes finds the altered copy.
        self.addCleanup(self.report.file.storage.delete, self.report.file.name)
        self.report.file.storage.delete(self.report.file.name)
        with self.report.file.storage.open(self.report.file.name, "wb") as stored:
            stored.write(PDF.replace(b"1988", b"1989"))
        with self.assertRaisesMessage(CommandError, "no longer matches the SHA-256 recorded"):
            self.export()
        self.assertEqual(list(self.parent.iterdir()), [])

    def test_it_prints_a_summary_and_progress_only_when_asked(self):
        out, err = StringIO(), StringIO()
        call_command("export_bag", str(self.directory), stdout=out, stderr=err)
        self.assertIn("Bagged 1 victims, 1 perpetrators, ", out.getvalue())
        self.assertIn(", 1 perpetrator links, 3 public files: 25 payload files, ", out.getvalue())
        self.assertIn(f" bytes, in {self.directory.resolve()} (", out.getvalue())
        self.assertEqual(err.getvalue(), "")
        err = StringIO()
        call_command("export_bag", str(self.parent / "again"), verbosity=2, stdout=StringIO(), stderr=err)
        self.assertIn("victims: 1 rows\n", err.getvalue())
        self.assertIn("files: 3 rows\n", err.getvalue())

    def test_it_reads_in_a_fixed_number_of_queries_however_many_rows_and_files(self):
        self.export()
        with CaptureQueriesContext(connection) as few:
            self.export("--force")
        for n in range(8):
            victim = make_victim(f"Victim {n}", death_place=self.evin)
            victim.events.add(self.massacre)
            VictimName.objects.create(victim=victim, name=f"Variant {n}")
            make_photo(VictimPhoto, victim=victim, image=jpeg(20 + n))
            self.cite(victim, self.report)
            official = make_perpetrator(f"Official {n}")
            make_photo(PerpetratorPhoto, perpetrator=official, image=jpeg(40 + n))
        with CaptureQueriesContext(connection) as many:
            self.export("--force")
        self.assertEqual(len(many), len(few))
        self.assertEqual(bagit.Bag(str(self.directory)).info["Files-Count"], "19")
