"""import_sources FILE: source documents (their description, not their files) from a CSV or JSON file."""

from __future__ import annotations

from imports.command import ImportCommand
from imports.kinds import SOURCES


class Command(ImportCommand):
    help = (
        "Import source documents (titles, kind, author, publication date, addresses) from a CSV or JSON file."
    )
    kind = SOURCES
