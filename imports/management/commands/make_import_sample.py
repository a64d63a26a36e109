"""make_import_sample DIRECTORY: fictional import files (sources and victims) of any size (imports/samples.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.samples import write_samples


class Command(BaseCommand):
    help = (
        "Write fictional sources and victims files of any size into a directory, to measure and test imports."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write sources.<format> and victims.<format>.")
        parser.add_argument("--victims", type=int, default=30000, help="How many victims (default 30000).")
        parser.add_argument(
            "--seed", type=int, default=1988, help="Random seed: the same seed, the same files."
        )
        parser.add_argument("--format", choices=["csv", "json"], default="csv", help="csv (default) or json.")

    def handle(self, *args, directory: str, victims: int, seed: int, format: str, **options):
        if victims < 0:
            raise CommandError("--victims cannot be negative.")
        paths = write_samples(Path(directory), victims=victims, seed=seed, format=format)
        self.stdout.write(
            f"Wrote {', '.join(str(path) for path in paths)}: {victims} fictional victims. Import the sources "
            "first (import_sources), then the victims (import_victims)."
        )
