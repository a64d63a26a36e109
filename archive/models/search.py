"""What every searchable record stores for search: its names' skeletons and its long text, normalized.

The columns are derived (never edited): `save()` fills them, and `refresh_search()` rewrites them
after related rows (name variants, document pages) change. On PostgreSQL they carry trigram and
full-text indexes (see the migrations `*/migrations/0003_search_indexes.py`).

`NameWord` keeps every distinct word of every record's search names, so that a search with a typo looks
for near words in a short table instead of in every record (archive/search.py, `near_words()`).
"""

from __future__ import annotations

from collections.abc import Iterable

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
        NameWord.remember([self.search_names])

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
        NameWord.remember([self.search_names])


class NameWord(models.Model):
    """A word of some record's search names, once, whatever the record and its state.

    Words are only added (a renamed record leaves its old words behind until `rebuild_search_index`):
    a word no record holds any more matches nothing, so it costs a little time and never a wrong result.
    They come from drafts as well, so they are patterns to search with and never shown.
    """

    word = models.TextField(_("word"), unique=True)

    class Meta:
        verbose_name = _("name word")
        verbose_name_plural = _("name words")

    def __str__(self):
        return self.word

    @classmethod
    def remember(cls, search_names: Iterable[str]) -> None:
        """Add the words of these search-name columns that the table does not hold yet."""
        words = {word for names in search_names for word in names.split()}
        if words:
            cls.objects.bulk_create(
                [cls(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=2000
            )
