"""export_archive: write the published archive as open data into a directory.

One CSV file and one JSON Lines file per record type (the same rows and columns, see
archive/exports.py), a README.txt describing them, and a manifest.json with the row count, size and
SHA-256 of every file. Rows are read in chunks and written as they come, so memory stays constant
however large the archive. The manifest is written last: a directory without one is an unfinished dump.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from archive import exports

PROGRESS_EVERY = 5000

# The licence, and where the documents are: this dump holds none of them.
LICENCE_NOTE = (
    exports.LICENCE
    + """ The source documents themselves are not part of this dump: each has its
own page and, where the archive holds a copy, a file_url.
"""
)

DESCRIPTIONS = {
    "victims": "people killed: names in both scripts, name variants, birth, arrest, prisons, death, burial, verification",
    "perpetrators": "officials whom sources name as responsible, with a summary of their public positions",
    "positions": "each post or commission seat a perpetrator held: organization, title, role, place, event, dates",
    "organizations": "death commissions, courts, ministries and other bodies",
    "sources": "source documents: kind, author, publisher, date, web address, stance, file hash and size",
    "citations": "each claim a source supports: which record and which claim, locator, quote, note, confidence",
    "events": "the 1988 massacre, the November 2019 protests and other events",
    "estimates": "competing counts of an event's victims, each with who makes it",
    "places": "provinces, cities, prisons, cemeteries, mass graves, courts; parent place and coordinates",
    "perpetrator_links": "a perpetrator or commission that a source names in a victim's case",
}

README = """\
Memorial archive: open data
===========================

The published records of the memorial archive of the 1988 prison massacre and the November 2019
(Aban 1398) killings in Iran, as of {generated} (UTC), from {site}.

Only published records are included. Related rows appear only when they are public too; a citation
only when its source is published and the record it supports is public.

Files (each table as CSV, UTF-8 with a byte-order mark, and as JSON Lines, one object per line;
manifest.json lists the rows and SHA-256 of every file):

{files}

Columns
- id: the record's number in the archive; *_id columns refer to the id column of another table
  (perpetrator_id to perpetrators.csv, source_id to sources.csv, ...). citations.record_type and
  citations.record_id name the record a citation supports (victim, perpetrator, position, ...).
- url: the record's public page. Addresses are stable: a renamed record keeps its old address working.
- *_en, *_fa: the same field in Latin and Persian script.
- variants, events, prisons, places, positions: several values; a list in JSON, joined with " | " in CSV.
- Dates are given five ways: *_text as the source wrote it, *_calendar (gregorian or solar_hijri), *_precision
  (day, month, season, year or unknown), and *_earliest / *_latest, the first and last Gregorian day
  (YYYY-MM-DD) the words can mean. The archive never adds a day or month the source did not give.
- Coded values (gender, verification, kind, stance, confidence, ...) are given as codes, e.g. confirmed,
  reported, unconfirmed.
- citations (a number): how many citations to published sources support the row; for sources,
  supports is how many public claims rest on the source.
- is_sample: true for fictional demonstration records, which a production archive never holds.
- Names of related places, events and organizations are given in Latin script where the archive has it.
  citations.record_type "perpetratorlink" refers to perpetrator_links.csv.
- In CSV files a cell that would start with = + - @, a tab or a carriage return is prefixed with ' so
  that spreadsheets do not run it as a formula.

{licence}"""


class Command(BaseCommand):
    help = "Write every published record as open data (CSV, JSON Lines, README, manifest) into a directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write the files; created if missing.")

    def handle(self, *args, directory, **options):
        target = Path(directory)
        started = time.monotonic()
        try:
            target.mkdir(parents=True, exist_ok=True)
            with translation.override(settings.LANGUAGE_CODE), exports.one_snapshot():
                files = [entry for table in exports.TABLES for entry in self.write_table(target, table)]
            generated = timezone.now().replace(microsecond=0)
            files.append(self.write_readme(target, generated))
            self.write_manifest(target, files, generated)
        except OSError as error:
            raise CommandError(f"Cannot write the export to {target}: {error}") from error
        rows = sum(entry["rows"] for entry in files if entry["name"].endswith(".csv"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(exports.TABLES)} tables ({rows:,} rows) in {len(files) + 1} files "
                f"to {target} in {time.monotonic() - started:.1f} s."
            )
        )

    def write_table(self, target: Path, table: exports.Table) -> list[dict]:
        csv_path, json_path = target / f"{table.name}.csv", target / f"{table.name}.jsonl"
        count = 0
        with csv_path.open("wb") as csv_handle, json_path.open("wb") as json_handle:
            csv_file, json_file = exports.HashingFile(csv_handle), exports.HashingFile(json_handle)
            csv_file.write(exports.csv_header(table.columns))
            for row in table.rows():
                csv_file.write(exports.csv_line(table.columns, row))
                json_file.write(exports.json_line(row))
                count += 1
                if count % PROGRESS_EVERY == 0:
                    self.stdout.write(f"  {table.name}: {count:,} rows…")
        self.stdout.write(f"{table.name}: {count:,} rows")
        return [
            self.entry(csv_path, table.name, count, csv_file),
            self.entry(json_path, table.name, count, json_file),
        ]

    def entry(self, path: Path, table: str, rows: int, written: exports.HashingFile) -> dict:
        return {
            "name": path.name,
            "table": table,
            "rows": rows,
            "bytes": written.size,
            "sha256": written.digest.hexdigest(),
        }

    def readme_entry(self, path: Path, written: exports.HashingFile) -> dict:
        return {"name": path.name, "bytes": written.size, "sha256": written.digest.hexdigest()}

    def write_readme(self, target: Path, generated) -> dict:
        listing = "\n".join(
            f"- {table.name}.csv, {table.name}.jsonl: {DESCRIPTIONS[table.name]}." for table in exports.TABLES
        )
        text = README.format(
            generated=generated.isoformat(), site=settings.SITE_URL, files=listing, licence=LICENCE_NOTE
        )
        path = target / "README.txt"
        with path.open("wb") as handle:
            readme = exports.HashingFile(handle)
            readme.write(text)
        return self.readme_entry(path, readme)

    def write_manifest(self, target: Path, files: list[dict], generated) -> None:
        manifest = {
            "title": "Memorial archive: open data",
            "site": settings.SITE_URL,
            "generated_at": generated.isoformat(),
            "licence": "CC-BY-4.0 (see README.txt)",
            "files": files,
        }
        (target / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
