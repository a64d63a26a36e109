"""What every searchable record stores for search: its names' skeletons and its long text, normalized.

The columns are derived (never edited): `save()` fills them, and `refresh_search()` rewrites them
after related rows (name variants, document pages) change. On PostgreSQL they carry trigram and
full-text indexes (see the migration `archive/migrations/0002_search_indexes.py`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.normalize import normalize, search_key


class Searchable(models.Model):
    search_names = models.TextField(_("search names"), blank=True, editable=False)
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_search_fields()
        super().save(*args, **kwargs)

    def names_for_search(self) -> list[str]:
        """Every name the record is known by: its own in both scripts and, once saved, its variants."""
        names = [getattr(self, "name_en", ""), getattr(self, "name_fa", "")]
        if self.pk and hasattr(self, "variants"):
            names += [variant.name for variant in self.variants.all()]
        return names

    def text_for_search(self) -> list[str]:
        """Long text worth finding words in (biographies, summaries); records override this."""
        return []

    def fill_search_fields(self) -> None:
        self.search_names = search_key(self.names_for_search())
        self.search_text = normalize(" ".join(t for t in self.text_for_search() if t))

    def refresh_search(self) -> None:
        """Recompute and store the search columns, e.g. after name variants were saved."""
        self.fill_search_fields()
        type(self)._default_manager.filter(pk=self.pk).update(
            search_names=self.search_names, search_text=self.search_text
        )
