"""export_static: write the whole public site as plain files, a mirror to serve or carry where the site is blocked.

The work is done in archive/mirror.py; this command reads the options and reports.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.mirror import Mirror, MirrorError


class Command(BaseCommand):
    help = "Write the public site (every language, page, record and public file) as a static mirror."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The folder to write; created if missing.")
        parser.add_argument(
            "--languages",
            default=",".join(code for code, _name in settings.LANGUAGES),
            help="Languages to include, comma-separated (default: all of them).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the mirror the folder holds (never any other content).",
        )
        parser.add_argument(
            "--no-references",
            action="store_true",
            help="Leave out each record's citation files (cite.bib, .ris, .json): far fewer files.",
        )

    def handle(self, *args, output: str, languages: str, force: bool, no_references: bool, **options):
        log = self.stdout.write if options["verbosity"] > 0 else (lambda line: None)
        mirror = Mirror(
            Path(output),
            languages=[code.strip() for code in languages.split(",") if code.strip()],
            force=force,
            references=not no_references,
            log=log,
        )
        try:
            summary = mirror.write()
        except MirrorError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Cannot write the mirror to {output}: {error}") from error
        for reason, count in summary.dropped.most_common():
            log(f"  not in the mirror, kept as text: {reason} ({count:,} links)")
        if summary.missing:
            self.stderr.write(
                self.style.WARNING(
                    f"{summary.missing:,} linked files could not be written, e.g. "
                    f"{', '.join(summary.missing_examples)}. A missing derivative is made by "
                    "manage.py make_derivatives."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {summary.pages:,} pages, {summary.files:,} files ({summary.bytes / 1_000_000:,.1f} MB) "
                f"to {mirror.output} in {summary.seconds:.1f} s."
            )
        )
        if summary.missing:
            raise CommandError("Some linked files are missing from the mirror (see above).")
