"""Text normalization for search: the one place where spellings are made comparable.

Stored names and queries go through the same functions, so "Pour-Mohammadi" meets
"Pourmohammadi", "Mustafa" meets "Mostafa", and a Persian query typed with Arabic letter forms
(ي ك) meets the Persian name (ی ک).

Three levels, each coarser than the last:
- `normalize()`: Persian letter forms unified, diacritics, tatweel and accents removed, digits
  made ASCII, Latin lowercased, punctuation to spaces. Used for long text and for highlighting.
- `compact()`: the normalized text without spaces or ZWNJ ("حسین‌زاده" = "حسین زاده" = "حسینزاده").
- `skeleton()`: the compact form with Latin transliteration variants folded (vowels o/u and a/e,
  doubled letters, gh/q, kh/x, zh/j, ou/u, ee/i, y/i, w/v, ph/f, and the silent final h of -eh/-ah:
  Fatemeh = Fateme). Names are matched on skeletons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Arabic letter forms and their Persian equivalents; alef variants fold to bare alef.
_PERSIAN_LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ھ": "ه",  # heh doachashmee, from Urdu and Arabic keyboards
        "ء": None,  # a lone hamza is written or left out: ضیاء = ضیا
        "ـ": None,  # tatweel
        "\u200c": " ",  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u200f": None,  # right-to-left mark
        "\u200e": None,  # left-to-right mark
        "\u00a0": " ",  # no-break space
        "\u202f": " ",
    }
)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Arabic harakat, tanwin, shadda, sukun, superscript alef, and Quranic marks.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_APOSTROPHES = re.compile("[\u0027\u2018\u2019\u02bc\u02bb\u02be\u02bf\u0060\u00b4]")
_SEPARATORS = re.compile(r"[^\w]+|_")

# Latin transliteration variants, applied in order to a compact lowercase form.
_LATIN_VARIANTS = [
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("gh", "q"),
    ("kh", "x"),
    ("zh", "j"),  # ژ: Bizhan = Bijan, Mozhgan = Mojgan
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
    ("u", "o"),
    ("e", "a"),
]
_DOUBLED = re.compile(r"(.)\1+")
# A Persian word-final ه is silent and written -eh, -ah, -e or -a (Khadijeh, Khadija). Per word, before
# the words are joined: in "Fatemeh Rahimi" the h ends a word, in "Fatemehrahimi" it would not.
_FINAL_H = re.compile(r"(?<=[ae])h\b")


def normalize(text: str) -> str:
    """Comparable text: letter forms, digits and case unified; marks and punctuation gone."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_PERSIAN_LETTERS).translate(_DIGITS)
    text = _ARABIC_MARKS.sub("", text)
    text = _APOSTROPHES.sub("", text)
    # Strip Latin accents (é, â, ū) but keep Persian letters whole.
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text).translate(_PERSIAN_LETTERS)
    text = _SEPARATORS.sub(" ", text.casefold())
    return " ".join(text.split())


def compact(text: str) -> str:
    """The normalized text with no spaces: spacing and hyphenation no longer matter."""
    return normalize(text).replace(" ", "")


def _latin_skeleton(word: str) -> str:
    for old, new in _LATIN_VARIANTS:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)


def skeleton(text: str) -> str:
    """The compact form with transliteration variants folded; what names are matched on."""
    return _latin_skeleton(_FINAL_H.sub("", normalize(text)).replace(" ", ""))


def word_skeletons(text: str) -> list[str]:
    """The skeleton of each word, for matching a query word anywhere in a name."""
    return [_latin_skeleton(word) for word in _FINAL_H.sub("", normalize(text)).split()]


def search_key(names: Iterable[str]) -> str:
    """What a record's search column holds: for every name, the skeleton of the whole name and of
    each word, space-separated and without repeats.

    A query matches when its skeleton is part of one of these tokens, or close to one (typos).
    """
    tokens: list[str] = []
    for name in names:
        if not name:
            continue
        for token in [skeleton(name), *word_skeletons(name)]:
            if token and token not in tokens:
                tokens.append(token)
    return " ".join(tokens)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def typo_allowance(query_skeleton: str) -> int:
    """How many typos a query may carry: none in short names, one from 6 letters, two from 10."""
    length = len(query_skeleton)
    if length >= 10:
        return 2
    if length >= 6:
        return 1
    return 0
