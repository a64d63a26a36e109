"""The search engine shared by /search/, the lists' name box and the API.

A query is normalized like the stored names (archive/normalize.py). A record matches when:
- its name skeletons contain the query's skeleton (spelling variants, spacing, hyphens), or
- one of its names, or one word of a name, is within the query's typo allowance (`near_words()`), or
- its long text holds every word of the query (full-text search on PostgreSQL, substring on SQLite).
Results are ranked: the whole name, then a whole word of a name, then part of a name, then a
near miss, then a match in the text. `explain()` says, for one result, which name or passage matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Concat, Length, RowNumber
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from archive.models import NameWord, SourcePage
from archive.normalize import edit_distance, normalize, skeleton, typo_allowance, word_skeletons

MAX_QUERY_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# Rank of each kind of match, best first.
WHOLE_NAME, NAME_WORD, NAME_PART, NEAR_NAME, TEXT = 5, 4, 3, 2, 1

_WORDS = ArrayField(TextField())


class QueryError(ValueError):
    """A query the archive cannot search for; the message is for the reader."""


@dataclass(frozen=True)
class Query:
    text: str
    normalized: str
    skeleton: str
    words: tuple[str, ...]
    allowance: int
    # What near_words() found, kept for the other searches of the same request.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, raw: str) -> Query:
        text = _CONTROL.sub("", raw or "").strip()
        if len(text) > MAX_QUERY_LENGTH:
            raise QueryError(
                _("Search for at most %(limit)d characters; a name or a short phrase works best.")
                % {"limit": MAX_QUERY_LENGTH}
            )
        normalized = normalize(text)
        if not normalized:
            raise QueryError(_("Type a name, a place or a few words to search for."))
        key = skeleton(text)
        return cls(text, normalized, key, tuple(normalized.split()), typo_allowance(key))


def near_name(search_names: str, query_skeleton: str, allowance: int) -> bool:
    """True when a whole name or a word of the names is within `allowance` edits of the query."""
    if not search_names or not query_skeleton or allowance < 1:
        return False
    return any(_near(query_skeleton, token, allowance) for token in search_names.split())


def _near(key: str, token: str, allowance: int) -> bool:
    return abs(len(token) - len(key)) <= allowance and edit_distance(key, token, allowance) <= allowance


def near_words(query: Query) -> list[str]:
    """The whole names and words, among the stored names, that are within the query's typo allowance.

    With k typos, one of k + 1 pieces of the query is typed right (the pigeonhole principle), and it
    has moved by at most k letters. So only words of about the query's length holding a piece can be
    near: one query (the trigram index answers it on PostgreSQL) fetches those from the table of every
    name word; Python keeps the ones holding a piece in its place and measures them, the same on either
    database. `matching()` then looks for the records holding one of the words. The words are patterns
    to match with, never to be shown: they may come from drafts.
    """
    if not query.allowance:
        return []
    if "near" not in query.memo:
        key, allowance = query.skeleton, query.allowance
        pieces = _pieces(key, allowance)
        holds_a_piece = reduce(or_, (Q(word__contains=piece) for _, piece in pieces))
        words = (
            NameWord.objects.alias(length=Length("word"))
            .filter(holds_a_piece, length__range=(len(key) - allowance, len(key) + allowance))
            .values_list("word", flat=True)
        )
        query.memo["near"] = sorted(
            word
            for word in words
            if key not in word  # matching() finds these already
            and any(
                word.find(piece, max(0, at - allowance), at + len(piece) + allowance) >= 0
                for at, piece in pieces
            )
            and edit_distance(key, word, allowance) <= allowance
        )
    return query.memo["near"]


def _pieces(key: str, allowance: int) -> list[tuple[int, str]]:
    """The query's skeleton cut into allowance + 1 pieces, each with where it starts."""
    size = len(key) // (allowance + 1)
    return [
        (i * size, key[i * size : (i + 1) * size if i < allowance else None]) for i in range(allowance + 1)
    ]


def _holds_a_word(words: list[str]) -> Q:
    """Records whose search names hold one of `words` as a whole word."""
    if connection.vendor == "postgresql":
        # One lookup in the index of the names' words (archive/migrations/0004_name_words.py).
        return Q(search_name_words__overlap=words)
    return Q(search_padded__regex=" (" + "|".join(re.escape(word) for word in words) + ") ")


def _text_match(query: Query) -> Q:
    if connection.vendor == "postgresql":
        return Q(search_vector=SearchQuery(query.normalized, config="simple", search_type="plain"))
    condition = Q()
    for word in query.words:
        condition &= Q(search_text__contains=word)
    return condition


def matching(queryset, query: Query, *, text: bool = True):
    """The records of `queryset` that match, annotated with `search_rank` and ordered best first."""
    padded = Concat(Value(" "), F("search_names"), Value(" "), output_field=TextField())
    queryset = queryset.annotate(search_padded=padded)
    if connection.vendor == "postgresql":
        words = Func(F("search_names"), Value(" "), function="string_to_array", output_field=_WORDS)
        queryset = queryset.alias(search_name_words=words)
    name_match = Q(search_names__contains=query.skeleton)
    if len(query.words) > 1:
        # Every word somewhere in the names, in any order: "Pourmohammadi Mostafa".
        every_word = Q()
        for word in word_skeletons(query.text):
            every_word &= Q(search_names__contains=word)
        name_match |= every_word
    if near := near_words(query):
        name_match |= _holds_a_word(near)
    condition = name_match
    if text:
        if connection.vendor == "postgresql":
            queryset = queryset.annotate(search_vector=SearchVector("search_text", config="simple"))
        condition |= _text_match(query)
    rank = Case(
        # The record's own name comes first in its search names; its variants and words follow.
        When(
            Q(search_names__startswith=f"{query.skeleton} ") | Q(search_names=query.skeleton),
            then=Value(WHOLE_NAME),
        ),
        When(search_padded__contains=f" {query.skeleton} ", then=Value(NAME_WORD)),
        When(search_names__contains=query.skeleton, then=Value(NAME_PART)),
        When(name_match, then=Value(NEAR_NAME)),
        default=Value(TEXT),
        output_field=IntegerField(),
    )
    return queryset.filter(condition).annotate(search_rank=rank)


@dataclass(frozen=True)
class Explanation:
    """Why a result matched: the name or the passage, with the matching part marked."""

    kind: str  # "name", "near", or "text"
    html: SafeString


def _mark_words(text: str, query: Query) -> SafeString:
    """The text with the words that match the query wrapped in <mark>."""
    wanted = set(word_skeletons(query.text)) | {query.skeleton}
    pieces = []
    for piece in re.split(r"(\s+)", text):
        piece_key = skeleton(piece)
        hit = piece_key and any(w and (w in piece_key or piece_key in w) for w in wanted if len(w) > 1)
        pieces.append(format_html("<mark>{}</mark>", piece) if hit else escape(piece))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def snippet(text: str, query: Query, width: int = 12) -> SafeString | None:
    """A few words around the first place the query's words occur in `text`, marked; None if absent."""
    words = text.split()
    wanted = [w for w in query.words if w]
    for index, word in enumerate(words):
        if any(w in normalize(word) for w in wanted):
            start, end = max(0, index - width), min(len(words), index + width + 1)
            passage = " ".join(words[start:end])
            prefix = "… " if start else ""
            suffix = " …" if end < len(words) else ""
            return format_html("{}{}{}", prefix, _mark_words(passage, query), suffix)
    return None


def explain(names: list[str], texts: list[str], query: Query) -> Explanation | None:
    """Which of a record's names (or which passage of its text) the query matched."""
    for name in names:
        key = skeleton(name) if name else ""
        if key and (query.skeleton in key or all(word in key for word in word_skeletons(query.text))):
            return Explanation("name", _mark_words(name, query))
    for name in names:
        if name and near_name(
            " ".join([skeleton(name), *word_skeletons(name)]), query.skeleton, query.allowance
        ):
            return Explanation("near", format_html("<mark>{}</mark>", name))
    for text in texts:
        if text and (passage := snippet(text, query)):
            return Explanation("text", passage)
    return None


def without_control_characters(text: str) -> str:
    """The text without the control characters and broken Unicode a query may not hold: safe to show back."""
    return _CONTROL.sub("", text or "")


def best_first(queryset):
    """Matches ordered by `search_rank`, best first, then in the queryset's own order (name, date)."""
    own = [*(queryset.query.order_by or queryset.model._meta.ordering)]
    return queryset.order_by("-search_rank", *own, *([] if "pk" in own else ["pk"]))


def matching_pages(query: Query):
    """The pages of documents whose text holds every word of the query, of any source: callers narrow it."""
    pages = SourcePage.objects.all()
    if connection.vendor == "postgresql":
        pages = pages.annotate(search_vector=SearchVector("search_text", config="simple"))
    return pages.filter(_text_match(query))


def matching_with_pages(sources, query: Query):
    """Sources that match by their own fields, ranked as `matching()` ranks them, or by a page of their
    document, ranked with the other matches in text."""
    by_fields = matching(sources, query)
    rank = Subquery(by_fields.filter(pk=OuterRef("pk")).values("search_rank")[:1])
    # One list of ids from the two indexes (names and text, pages' text), not an OR of two subqueries:
    # with the OR, PostgreSQL tests every source against both, which at 100,000 sources took most of a second.
    found = by_fields.values("pk").union(matching_pages(query).values("source"))
    return sources.filter(pk__in=found).annotate(search_rank=Coalesce(rank, Value(TEXT)))


def document_hits(sources, query: Query, per_source: int = 3) -> dict[int, list[tuple[int, SafeString]]]:
    """For each source, the first pages of its document that hold the query: {source id: [(page number,
    snippet)]}, at most `per_source` pages a source, in one query for all the sources."""
    ids = [source.pk for source in sources]
    if not ids:
        return {}
    first_pages = Window(RowNumber(), partition_by=F("source"), order_by=F("number").asc())
    pages = (
        matching_pages(query)
        .filter(source__in=ids)
        .annotate(nth=first_pages)
        .filter(nth__lte=per_source)
        .order_by("source", "number")
        .only("source_id", "number", "text")
    )
    hits: dict[int, list[tuple[int, SafeString]]] = {}
    for page in pages:
        passage = snippet(page.text, query) or escape(" ".join(page.text.split()[:24]))
        hits.setdefault(page.source_id, []).append((page.number, passage))
    return hits
