"""extract_text: read the text of source documents' files into pages, for search (archive/documents.py)."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from archive.documents import extract_source_text
from archive.models import Source, TextStatus


class Command(BaseCommand):
    help = "Read the text of source files into searchable pages (default: files whose text was never read)."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="Read every source that has a file again.")
        which.add_argument(
            "--missing", action="store_true", help="Read files whose text was never read (the default)."
        )
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Read only these sources.")

    def handle(self, *args, slugs: list[str], **options):
        every = options["all"]
        if slugs and (every or options["missing"]):
            raise CommandError("Name sources, or use --all or --missing, not both.")
        sources = Source.objects.exclude(file="").order_by("pk")
        if slugs:
            sources = Source.objects.filter(slug__in=slugs).order_by("pk")
            unknown = sorted(set(slugs) - set(sources.values_list("slug", flat=True)))
            if unknown:
                raise CommandError(f"No source with the slug: {', '.join(unknown)}. Nothing was read.")
        elif not every:
            sources = sources.filter(text_status=TextStatus.NO_FILE)

        total = sources.count()
        outcomes: Counter[str] = Counter()
        for index, source in enumerate(sources.iterator(), start=1):
            status = extract_source_text(source)
            outcomes[status] += 1
            pages = source.pages.count()
            self.stdout.write(f"[{index}/{total}] {source.slug}: {TextStatus(status).label}, {pages} pages")
        counts = ", ".join(f"{outcomes[status]} {status.label}" for status in TextStatus if outcomes[status])
        summary = f"Text read from {total} source{'s' if total != 1 else ''}" + (
            f": {counts}." if counts else "."
        )
        self.stdout.write(self.style.SUCCESS(summary))
