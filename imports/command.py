"""What the import commands share: their options, the run (check every row, report, write in batches),
and the error report. Each command (`import_victims`, `import_sources`, `import_perpetrators`) names its
kind of record; the format of each is described in the README, "Bulk import".
"""

from __future__ import annotations

import csv
import getpass
import time
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from archive.exports import FORMULA_STARTS
from archive.models import Status

from .kinds import Kind
from .planning import Plan, Planner, RowError
from .reading import FileProblem, ImportFile, read_file
from .writing import batches, write_batch

ERRORS_SHOWN = 100  # on the terminal; the report (--report) has every one
IMPORTABLE_STATES = (Status.DRAFT, Status.IN_REVIEW)


class ImportCommand(BaseCommand):
    kind: Kind

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .json file; the extension says which.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and report the problems; write nothing."
        )
        parser.add_argument(
            "--report",
            metavar="PATH",
            help="Write every problem to this CSV file: line, external_id, field, message.",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the good rows and skip the bad ones (reported), instead of stopping before writing.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Rows written per transaction (default 1000)."
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="The account the history names as the author of the changes."
        )
        parser.add_argument(
            "--status",
            default=Status.DRAFT,
            help="Publication state of the records the import creates: draft (default) or in_review.",
        )
        parser.add_argument(
            "--reason",
            default="",
            help="Why the records are imported or changed, kept in their history; needed to change a published one.",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.verbosity = options["verbosity"]
        user = self.find_user(options["user"])
        status = self.check_status(options["status"])
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        files = self.read(options)
        plans, bad_rows = self.check_rows(files, options, status=status, user=user)
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run of {describe(files)}: {rows_in(files)} rows checked, {bad_rows} with problems"
                f"{' (would be skipped)' if bad_rows else ''}. {outcomes(plans, self.kind, done=False)} "
                "Nothing was written."
            )
            return
        tally = self.write_rows(plans, files, options, user=user)
        skipped = f", {bad_rows} skipped (problems above)" if bad_rows else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {describe(files)}: {rows_in(files)} rows{skipped}. "
                f"{outcomes(plans, self.kind, done=True)} {added(tally)} ({time.monotonic() - started:.1f} s)"
            )
        )

    def check_rows(self, files: list[ImportFile], options, *, status: str, user) -> tuple[list[Plan], int]:
        """Every row checked and the good ones planned; stops here, before any write, on a bad row unless
        told to skip them. The plans, and how many rows are bad."""
        planner = Planner(self.kind, status=status, user=user, reason=options["reason"])
        rows = rows_in(files)
        checked = Progress(
            self.stderr, "checked", rows, every=options["batch_size"], shown=self.verbosity > 0
        )
        plans = planner.plan(*files, on_row=checked.advance)
        if options["report"]:
            write_report(options["report"], planner.errors)
        self.show_errors(planner.errors, options["report"])
        bad_rows = len({(error.file, error.line) for error in planner.errors})
        if bad_rows and not options["skip_invalid"]:
            raise CommandError(
                f"{bad_rows} of {rows} rows have problems{' (listed above)' if self.verbosity else ''}. "
                "Nothing was written. Correct them and run the import again, or add --skip-invalid to "
                "import the other rows."
            )
        return plans, bad_rows

    def write_rows(self, plans: list[Plan], files: list[ImportFile], options, *, user) -> Counter:
        """The plans written in batches, each one transaction with its history entries."""
        via, size = via_text(files), options["batch_size"]
        imported = Progress(self.stderr, "imported", len(plans), every=size, shown=self.verbosity > 0)
        tally: Counter = Counter()
        for number, batch in enumerate(batches(plans, size), start=1):
            try:
                tally += write_batch(batch, via=via, user=user, reason=options["reason"])
            except DatabaseError as error:
                raise CommandError(
                    f"Batch {number} (lines {batch[0].line}–{batch[-1].line}) could not be written: {error}. "
                    f"The {(number - 1) * size} rows before it were written, nothing of this batch. Run the "
                    "import again once the cause is fixed: rows imported already are updated, never duplicated."
                ) from error
            imported.advance(len(batch))
        return tally

    def read(self, options) -> list[ImportFile]:
        return [self.read_one(options["file"], options)]

    def read_one(self, path: str, options, *, kind: Kind | None = None) -> ImportFile:
        kind = kind or self.kind
        try:
            return read_file(path, columns=kind.columns, list_columns=kind.list_columns)
        except FileProblem as problem:
            error = RowError(problem.line, "", problem.field, str(problem), Path(path).name)
            if options["report"]:
                write_report(options["report"], [error])
            raise CommandError(
                f"{Path(path).name}, line {problem.line}: {problem} Nothing was written."
            ) from None

    def find_user(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account is named “{username}” (--user).") from None

    def check_status(self, status: str) -> str:
        if status in (Status.PUBLISHED, Status.WITHDRAWN):
            raise CommandError(
                f"An import cannot make records {status}: a record is published by a reviewer, once every fact "
                "it shows is cited. Import as draft (the default) or in_review, then publish in the admin."
            )
        if status not in IMPORTABLE_STATES:
            raise CommandError(f"--status is draft or in_review, not “{status}”.")
        return status

    def show_errors(self, errors: list[RowError], report: str | None) -> None:
        if not errors or self.verbosity == 0:
            return
        for error in errors[:ERRORS_SHOWN]:
            where = f"{error.file + ', ' if error.file else ''}line {error.line}"
            field = error.field.removeprefix(f"{error.file}: ") if error.file else error.field
            about = ", ".join(part for part in (error.external_id, field) if part)
            self.stderr.write(f"{where}{' (' + about + ')' if about else ''}: {error.message}")
        if len(errors) > ERRORS_SHOWN:
            rest = f"see {report}" if report else "write them all with --report PATH"
            self.stderr.write(f"… and {len(errors) - ERRORS_SHOWN} more problems: {rest}.")


class Progress:
    """`imported 5000/30000` on standard error, every `every` rows and at the end; silent at verbosity 0.

    Lines rather than a redrawn bar: an import of any size prints a few dozen, and they read the same
    in a terminal and in a log."""

    def __init__(self, stream, verb: str, total: int, *, every: int, shown: bool):
        self.stream, self.verb, self.total, self.every = stream, verb, total, every
        # Checking a file of one batch or less is quick: only its writing is worth following.
        self.shown = shown and (verb != "checked" or total > every)
        self.done = 0

    def advance(self, count: int = 1) -> None:
        before, self.done = self.done, self.done + count
        if self.shown and (self.done // self.every > before // self.every or self.done == self.total):
            self.stream.write(f"{self.verb} {self.done}/{self.total}")


def write_report(path: str, errors: list[RowError]) -> None:
    """Every problem, one a line, as CSV (UTF-8 with a byte-order mark, so that spreadsheets read Persian)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "external_id", "field", "message"])
        for error in errors:
            writer.writerow(
                [error.line, *(safe_cell(v) for v in (error.external_id, error.field, error.message))]
            )


def safe_cell(value: str) -> str:
    # A spreadsheet reads a cell starting with "=" … as a formula; the report quotes what rows said.
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def rows_in(files: list[ImportFile]) -> int:
    return sum(len(file.rows) for file in files)


def describe(files: list[ImportFile]) -> str:
    return " and ".join(f"{file.name} (sha256 {file.sha256[:12]}…)" for file in files)


def via_text(files: list[ImportFile]) -> str:
    """What the history says made the changes: the files with their hashes, and who ran the command."""
    try:
        os_user = getpass.getuser()
    except (OSError, KeyError):
        os_user = "unknown"
    named = " with ".join(f"{file.name[:80]} (sha256 {file.sha256})" for file in files)
    return f"import: {named}, run by OS user {os_user}"


def outcomes(plans: list[Plan], kind: Kind, *, done: bool) -> str:
    """What the run did (or, dry, would do) to each kind of record, in words."""
    counts = Counter()
    positions = [position for plan in plans for position in plan.positions]
    for plan in plans + positions:
        outcome = "created" if plan.created else "updated" if plan.changed else "unchanged"
        counts[plan.kind.name, outcome] += 1
    created, updated = ("created", "updated") if done else ("to create", "to update")
    return " ".join(
        f"{name.capitalize()}: {counts[name, 'created']} {created}, {counts[name, 'updated']} {updated}, "
        f"{counts[name, 'unchanged']} unchanged."
        for name in dict.fromkeys([kind.name, *(name for name, _outcome in counts)])
    )


def added(tally: Counter) -> str:
    """The name variants and citations written with the records."""
    parts = [
        f"{tally[what]} {what}" for what in ("name variants added", "citations added", "citations updated")
    ]
    return ", ".join(parts).capitalize() + "."
