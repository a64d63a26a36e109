"""Import files written for a test, the import commands run as an editor would run them, and their report."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Event, Organization, OrganizationKind, Place, PlaceKind, Source, SourceKind, Status
from tests.base import BaseTestCase

VICTIM_HEADER = (
    "external_id,name_en,name_fa,variants,gender,death_text,death_calendar,death_place,events,"
    "citation_1_source,citation_1_claim,citation_1_locator,citation_1_quote"
)


@dataclass
class Run:
    stdout: str
    stderr: str
    error: str = ""  # the CommandError's message, when the command failed


class ImportTestCase(BaseTestCase):
    """A few places, events, organizations and sources for rows to name; a folder for the files."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        published = Status.PUBLISHED
        cls.iran = Place.objects.create(slug="iran", name_en="Iran", kind=PlaceKind.COUNTRY, status=published)
        cls.tehran = Place.objects.create(
            slug="tehran",
            name_en="Tehran",
            name_fa="تهران",
            kind=PlaceKind.CITY,
            parent=cls.iran,
            status=published,
        )
        cls.khuzestan = Place.objects.create(
            slug="khuzestan", name_en="Khuzestan", kind=PlaceKind.PROVINCE, parent=cls.iran, status=published
        )
        cls.evin = Place.objects.create(
            slug="evin-prison",
            name_en="Evin Prison",
            kind=PlaceKind.PRISON,
            parent=cls.tehran,
            status=published,
        )
        cls.massacre = Event.objects.create(
            slug="1988-massacre", name_en="The 1988 massacre", status=published
        )
        cls.protests = Event.objects.create(
            slug="november-2019-protests", name_en="The November 2019 protests", status=published
        )
        cls.commission = Organization.objects.create(
            slug="death-commission-tehran",
            name_en="Death Commission (Tehran)",
            kind=OrganizationKind.COMMISSION,
            status=published,
        )
        cls.source = Source.objects.create(
            slug="example-list",
            title_en="Example list (fictional)",
            kind=SourceKind.DATASET,
            status=published,
        )

    def setUp(self):
        self.directory = Path(tempfile.mkdtemp(prefix="archive-import-test-"))
        self.addCleanup(shutil.rmtree, self.directory)

    def write(self, name: str, content) -> Path:
        """A file in the test's folder: text as it is, or a list of items as JSON."""
        path = self.directory / name
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, indent=2)
        path.write_text(text, encoding="utf-8")
        return path

    def run_import(self, command: str, *args, fails: bool = False) -> Run:
        """Run the command; a failure is an error unless `fails` says it is expected."""
        stdout, stderr = StringIO(), StringIO()
        try:
            call_command(command, *[str(arg) for arg in args], stdout=stdout, stderr=stderr)
        except CommandError as error:
            if not fails:
                raise AssertionError(f"{command} failed: {error}\n{stderr.getvalue()}") from error
            return Run(stdout.getvalue(), stderr.getvalue(), str(error))
        if fails:
            raise AssertionError(f"{command} should have failed:\n{stdout.getvalue()}")
        return Run(stdout.getvalue(), stderr.getvalue())

    def report(self, path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def victims_csv(*rows: str) -> str:
    return "\n".join([VICTIM_HEADER, *rows]) + "\n"
