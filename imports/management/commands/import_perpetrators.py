"""import_perpetrators FILE [--positions FILE]: perpetrators and the positions they held.

In JSON each perpetrator holds its positions in a `positions` list; a CSV file has one perpetrator a
row, and the positions come in a second file (CSV or JSON) given with --positions, each naming its
perpetrator by external id (or, for one already in the archive, by address).
"""

from __future__ import annotations

from imports.command import ImportCommand
from imports.kinds import PERPETRATORS, POSITIONS
from imports.reading import ImportFile


class Command(ImportCommand):
    help = "Import perpetrators with their positions (1988 roles and later posts) from a CSV or JSON file."
    kind = PERPETRATORS

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--positions",
            metavar="FILE",
            help="A CSV or JSON file of positions, each naming its perpetrator in a `perpetrator` column.",
        )

    def read(self, options) -> list[ImportFile]:
        files = super().read(options)
        if options["positions"]:
            files.append(self.read_one(options["positions"], options, kind=POSITIONS))
        return files
