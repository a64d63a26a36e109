"""rebuild_search_index: recompute every record's search columns (after a change to normalization).

The table of name words is made again from the new columns, which also drops the words of old names.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.models import NameWord, Source, SourcePage
from archive.normalize import normalize
from perpetrators.models import Perpetrator
from victims.models import Victim

BATCH = 2000


class Command(BaseCommand):
    help = "Recompute the normalized search names and text of every victim, perpetrator, source and page."

    @transaction.atomic  # all or nothing: a half-made table of name words would miss typos
    def handle(self, *args, **options):
        NameWord.objects.all().delete()
        for model in (Victim, Perpetrator, Source):
            count = 0
            records = model.objects.order_by("pk")
            if hasattr(model, "variants"):
                records = records.prefetch_related("variants")
            batch = []
            for record in records.iterator(chunk_size=BATCH):
                record.fill_search_fields()
                batch.append(record)
                if len(batch) >= BATCH:
                    count += self._save(model, batch)
                    batch = []
            count += self._save(model, batch)
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count}")
        pages = list(SourcePage.objects.all())
        for page in pages:
            page.search_text = normalize(page.text)
        SourcePage.objects.bulk_update(pages, ["search_text"], batch_size=BATCH)
        words = NameWord.objects.count()
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt ({len(pages)} document pages, {words} name words).")
        )

    @staticmethod
    def _save(model, batch) -> int:
        model.objects.bulk_update(batch, ["search_names", "search_text"])
        NameWord.remember(record.search_names for record in batch)
        return len(batch)
