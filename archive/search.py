"""The search engine shared by /search/, the lists' name box and the API.

A query is normalized like the stored names (archive/normalize.py). A record matches when:
- its name skeletons contain the query's skeleton (spelling variants, spacing, hyphens), or
- one of its names is within the query's typo allowance (trigram word similarity on PostgreSQL,
  edit distance in a Python function registered on SQLite), or
- its long text holds every word of the query (full-text search on PostgreSQL, substring on SQLite).
Results are ranked: the whole name, then a whole word of a name, then part of a name, then a
near miss, then a match in the text. `explain()` says, for one result, which name or passage matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from archive.normalize import edit_distance, normalize, skeleton, typo_allowance, word_skeletons

MAX_QUERY_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# Rank of each kind of match, best first.
WHOLE_NAME, NAME_WORD, NAME_PART, NEAR_NAME, TEXT = 5, 4, 3, 2, 1


class QueryError(ValueError):
    """A query the archive cannot search for; the message is for the reader."""


@dataclass(frozen=True)
class Query:
    text: str
    normalized: str
    skeleton: str
    words: tuple[str, ...]
    allowance: int

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


class NearName(Func):
    """Whether one of a record's name tokens is within the typo allowance of the query skeleton.

    PostgreSQL answers with the pg_trgm word-similarity operator (indexed); SQLite with a Python
    function registered on each connection (see archive/apps.py).
    """

    output_field = BooleanField()

    def __init__(self, search_names, query: Query):
        super().__init__(search_names, Value(query.skeleton), Value(query.allowance))

    def as_postgresql(self, compiler, conn, **extra):
        names, query, _allowance = (compiler.compile(e) for e in self.source_expressions)
        return f"({names[0]} %%> {query[0]})", [*names[1], *query[1]]

    def as_sqlite(self, compiler, conn, **extra):
        return self.as_sql(compiler, conn, function="archive_near_name", **extra)


def near_name(search_names: str, query_skeleton: str, allowance: int) -> bool:
    """True when a token of the names, or a stretch of one, is within `allowance` edits of the query."""
    if not search_names or not query_skeleton or allowance < 1:
        return False
    size = len(query_skeleton)
    for token in search_names.split():
        if edit_distance(query_skeleton, token, allowance) <= allowance:
            return True
        # The query may be part of a longer token ("pormohamdi" in "mostafapormohamadi").
        for width in range(max(1, size - allowance), size + allowance + 1):
            for start in range(0, len(token) - width + 1):
                if edit_distance(query_skeleton, token[start : start + width], allowance) <= allowance:
                    return True
    return False


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
    name_match = Q(search_names__contains=query.skeleton)
    if len(query.words) > 1:
        # Every word somewhere in the names, in any order: "Pourmohammadi Mostafa".
        every_word = Q()
        for word in word_skeletons(query.text):
            every_word &= Q(search_names__contains=word)
        name_match |= every_word
    if query.allowance:
        queryset = queryset.annotate(search_near=NearName(F("search_names"), query))
        name_match |= Q(search_near=True)
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
