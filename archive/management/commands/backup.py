"""backup: dump the database and every stored file, with checksums, into a folder (archive/backup.py).
`backup --verify DIR` checks an existing backup's checksums without restoring it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from archive.backup import BackupError, make_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Write a backup (database as Django JSONL, public and private files, MANIFEST.json, SHA256SUMS) "
        "into a new folder, or check one with --verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="A new or empty folder to write the backup into.")
        parser.add_argument("--verify", metavar="DIR", help="Check this backup's checksums; restore nothing.")
        parser.add_argument(
            "--pg-dump",
            action="store_true",
            help="On PostgreSQL, also write pg_dump -Fc output (the faster native path to restore).",
        )

    def handle(self, *args, output=None, verify=None, pg_dump=False, verbosity=1, **options):
        if bool(output) == bool(verify):
            raise CommandError("Give either --output DIR (make a backup) or --verify DIR (check one).")
        if verify:
            check = verify_backup(Path(verify))
            for problem in check.problems:
                self.stdout.write(self.style.ERROR(problem))
            if not check.ok:
                raise CommandError(
                    f"The backup in {verify} failed its checks ({len(check.problems)} problems)."
                )
            self.stdout.write(self.style.SUCCESS(f"Backup intact: {check.checked} files match SHA256SUMS."))
            return
        say = (lambda message: self.stderr.write(message)) if verbosity > 1 else (lambda message: None)
        try:
            manifest = make_backup(Path(output), pg_dump=pg_dump, progress=say)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = manifest["database"]["size"] + sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {sum(manifest['rows'].values())} rows, "
                f"{len(manifest['files'])} files, {filesizeformat(size)}."
            )
        )
