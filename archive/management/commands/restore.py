"""restore: load a backup made by `backup` into an empty database and empty file stores, then check the
row counts, every file's hash and the history's hash chain against the backup (archive/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup into an EMPTY database (migrated here) and empty media folders; refuses, "
        "changing nothing, if anything is already there. Exits non-zero listing any mismatch."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder (with MANIFEST.json and SHA256SUMS).")

    def handle(self, *args, folder, verbosity=1, **options):
        say = (lambda message: self.stderr.write(message)) if verbosity > 1 else (lambda message: None)
        try:
            result = restore_backup(Path(folder), progress=say)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for mismatch in result.mismatches:
            self.stdout.write(self.style.ERROR(mismatch))
        if result.mismatches:
            raise CommandError(
                f"The restore does not match the backup ({len(result.mismatches)} mismatches)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(result.rows.values())} rows and {result.files} files; row counts and file "
                f"hashes match the backup. {result.history}"
            )
        )
