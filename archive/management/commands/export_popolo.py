"""export_popolo: write the published perpetrators, organizations and positions as one Popolo JSON file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from archive import popolo


class Command(BaseCommand):
    help = "Write published perpetrators, organizations and positions as a Popolo JSON document to a file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to write (replaced if it exists).")

    def handle(self, *args, file, **options):
        path = Path(file)
        tally = Counter()
        try:
            with translation.override(settings.LANGUAGE_CODE), path.open("w", encoding="utf-8") as handle:
                for chunk in popolo.document(tally):
                    handle.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from error
        counts = ", ".join(f"{tally[section]:,} {section}" for section in popolo.SECTIONS)
        self.stdout.write(self.style.SUCCESS(f"Wrote {counts} to {path}."))
