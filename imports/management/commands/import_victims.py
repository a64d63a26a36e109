"""import_victims FILE: victims from a CSV or JSON file (README, "Bulk import"; imports/examples/)."""

from __future__ import annotations

from imports.command import ImportCommand
from imports.kinds import VICTIMS


class Command(ImportCommand):
    help = "Import victims (names, variants, fuzzy dates, places, events, citations) from a CSV or JSON file."
    kind = VICTIMS
