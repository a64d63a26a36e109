"""export_bag: write the published archive as a BagIt bag (RFC 8493), for deposit and offline keeping.

The bag holds the open-data tables, the public documents and photographs, SHA-256 manifests and a
bag-info.txt with counts and the licence; see archive/bag.py. Check one with `bagit.py --validate DIR`.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import bag

# How the summary names what the bag counts; "files" are the public files, listed in files.csv.
LABELS = {"perpetrator_links": "perpetrator links", "files": "public files"}


class Command(BaseCommand):
    help = "Write the published archive (tables, public files, checksums) as a BagIt bag (RFC 8493)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write the bag: a new or empty directory.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an earlier bag in that directory once the new one is complete.",
        )

    def handle(self, *args, directory, force, verbosity, **options):
        started = time.monotonic()
        progress = self.stderr.write if verbosity >= 2 else bag.ignore
        try:
            bagged = bag.write_bag(Path(directory), replace=force, progress=progress)
        except bag.BagError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Cannot write the bag to {directory}: {error}") from error
        counts = ", ".join(f"{count:,} {LABELS.get(name, name)}" for name, count in bagged.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Bagged {counts}: {bagged.files:,} payload files, {bagged.octets:,} bytes, "
                f"in {bagged.path} ({time.monotonic() - started:.1f} s)."
            )
        )
