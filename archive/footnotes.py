"""Numbered footnotes for a page: every claim shown points to the citations that support it.

A view collects the citations of every record the page shows (one query) into a Footnotes
object; the `{% cite record "claim" %}` tag numbers them in the order the page first mentions
them, and the footnote list at the end of the page shows them all, unmentioned ones last.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from archive.models import Citation


class Footnotes:
    def __init__(self, citations):
        self._by_claim = defaultdict(list)
        self._all = list(citations)
        for citation in self._all:
            self._by_claim[(citation.content_type_id, citation.object_id, citation.claim)].append(citation)
        self._numbers: dict[int, int] = {}

    @classmethod
    def for_records(cls, records) -> Footnotes:
        """Public footnotes (citations of published sources) of the given records."""
        # The content type is read for each footnote's claim label: join it, or each footnote costs a query.
        return cls(Citation.objects.for_records(records).with_public_sources().select_related("content_type"))

    def _number(self, citation) -> int:
        if citation.pk not in self._numbers:
            self._numbers[citation.pk] = len(self._numbers) + 1
        return self._numbers[citation.pk]

    def cite(self, record, claim: str) -> list[tuple[int, Citation]]:
        content_type_id = ContentType.objects.get_for_model(record).pk
        return [(self._number(c), c) for c in self._by_claim[(content_type_id, record.pk, claim)]]

    def has(self, record, claim: str) -> bool:
        return bool(self._by_claim[(ContentType.objects.get_for_model(record).pk, record.pk, claim)])

    def notes(self) -> list[tuple[int, Citation]]:
        """Every footnote in number order; citations no claim on the page mentioned come last."""
        for citation in self._all:
            self._number(citation)
        by_pk = {c.pk: c for c in self._all}
        return sorted(((n, by_pk[pk]) for pk, n in self._numbers.items()), key=lambda pair: pair[0])

    def __len__(self) -> int:
        return len(self._all)
