"""Likely duplicate victims: pairs of records that may be one person, most likely first, each with a score
out of 100 and the reasons for it.

Two records are compared only when their names meet on a key (blocking), so the work grows with the
number of namesakes, not with the square of the number of records. Keys, strongest evidence first:
- the same name skeleton (archive/normalize.py) in either script, variants included;
- the same words in another order ("Ahmadi Ali" and "Ali Ahmadi");
- skeletons one typo apart (two from 10 letters, as search allows), found through shared one-letter
  deletions of the distinct skeletons;
- across scripts, a sound key: the letters both Latin and Persian script write ("Mostafa Rahimi" and
  "مصطفی رحیمی" are both "mstfrhimi"). Persian leaves short vowels unwritten, so this key is coarse:
  Zahra and Zohreh meet;
- one name is the other without one of its words ("Mohammad Hossein Ahmadi" and "Mohammad Ahmadi").
A name shared by more than MAX_BLOCK records is compared within each year of death only; a part still
larger is left out and counted, rather than compare thousands of namesakes with each other.

A pair is compared once, on the strongest key its names share. The score starts from that and adds or
takes away for what else the records say: death and birth dates that overlap or cannot both be true,
the same place of death, prison or event, different genders or ages. A fictional sample record is never
paired with a real one.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from operator import itemgetter
from time import monotonic

from django.utils.translation import gettext as _

from archive.models import Event, Place
from archive.normalize import edit_distance, normalize, skeleton, typo_allowance, word_skeletons
from victims.models import Victim, VictimName

MIN_SCORE = 50
MAX_BLOCK = 60
# Skeletons shorter than this have no typo allowance (normalize.typo_allowance).
_NEAR_MIN_LENGTH = 6

# Name evidence, strongest first, and what it is worth.
SAME, REORDERED, NEAR, SOUND, SHORTER, NEAR_TWO = "same", "reordered", "near", "sound", "shorter", "near2"
NAME_POINTS = {SAME: 50, REORDERED: 45, NEAR: 35, SOUND: 35, SHORTER: 30, NEAR_TWO: 30}
BOTH_SCRIPTS = 10  # the same name in Latin and in Persian script


@dataclass(frozen=True)
class Reason:
    points: int
    text: str

    def __str__(self) -> str:
        return f"{self.points:+d} {self.text}"


@dataclass(frozen=True)
class Summary:
    """What a list of pairs shows of one record."""

    pk: int
    slug: str
    name: str


@dataclass(frozen=True)
class DuplicatePair:
    first: Summary
    second: Summary
    score: int
    reasons: list[Reason]


@dataclass
class Findings:
    pairs: list[DuplicatePair]  # most likely first, at most the limit asked for
    found: int = 0  # pairs at or above the minimum score, shown or not
    victims: int = 0
    compared: int = 0  # candidate pairs scored
    too_common: int = 0  # groups of namesakes too large to compare, left out
    seconds: float = 0.0


# Records as the comparison needs them ------------------------------------------------------------


@dataclass(slots=True)
class _Record:
    pk: int
    slug: str
    name_en: str
    name_fa: str
    gender: str
    age: int | None
    birth: tuple
    death: tuple
    death_place: int | None
    is_sample: bool
    names: list[str] = field(default_factory=list)
    prisons: set[int] = field(default_factory=set)
    events: set[int] = field(default_factory=set)
    # The skeletons of its names by script, filled by _blocks().
    latin: set[str] = field(default_factory=set)
    persian: set[str] = field(default_factory=set)

    @property
    def display_name(self) -> str:
        return self.name_en or self.name_fa


_FIELDS = [
    "pk",
    "slug",
    "name_en",
    "name_fa",
    "gender",
    "age_at_death",
    "birth_earliest",
    "birth_latest",
    "death_earliest",
    "death_latest",
    "death_place_id",
    "is_sample",
]


def _record(row) -> _Record:
    pk, slug, name_en, name_fa, gender, age, b0, b1, d0, d1, place, sample = row
    return _Record(
        pk, slug, name_en, name_fa, gender, age, (b0, b1), (d0, d1), place, sample, [name_en, name_fa]
    )


def _load(victims) -> list[_Record]:
    """The victims with their names, prisons and events, in four queries whatever their number."""
    records = {row[0]: _record(row) for row in victims.values_list(*_FIELDS).order_by("pk").iterator(5000)}
    variants = VictimName.objects.filter(victim__in=victims).values_list("victim_id", "name")
    for victim_id, name in variants.iterator(5000):
        records[victim_id].names.append(name)
    for relation, column in ((Victim.prisons, "place_id"), (Victim.events, "event_id")):
        rows = relation.through.objects.filter(victim__in=victims).values_list("victim_id", column)
        for victim_id, other_id in rows.iterator(5000):
            getattr(records[victim_id], "prisons" if column == "place_id" else "events").add(other_id)
    return list(records.values())


def _record_of(victim: Victim) -> _Record:
    record = _record([getattr(victim, name) for name in _FIELDS])
    record.names += [variant.name for variant in victim.variants.all()]
    record.prisons = set(victim.prisons.values_list("pk", flat=True))
    record.events = set(victim.events.values_list("pk", flat=True))
    return record


# Sound keys: what Latin and Persian script both write ---------------------------------------------

_PERSIAN_SOUNDS = str.maketrans(
    {
        "ا": "", "ع": "", "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s",
        "ج": "j", "ژ": "j", "چ": "ch", "ح": "h", "ه": "h", "خ": "x", "د": "d", "ذ": "z", "ز": "z",
        "ض": "z", "ظ": "z", "ر": "r", "ش": "sh", "غ": "q", "ق": "q", "ف": "f", "ک": "k", "گ": "g",
        "ل": "l", "م": "m", "ن": "n", "و": "u", "ی": "i",
    }
)  # fmt: skip
# Latin, in order: digraphs to the one letter Persian writes, long vowels to و (U) and ی (i); then the
# short vowels, which Persian does not write, are dropped.
_LATIN_SOUNDS = [
    ("kh", "x"), ("gh", "q"), ("zh", "j"), ("ph", "f"), ("ou", "U"), ("oo", "U"), ("ee", "i"), ("ei", "i"),
    ("ey", "i"), ("ay", "i"), ("y", "i"), ("w", "U"), ("v", "U"),
]  # fmt: skip
# Names whose final ی is read "a" (Mostafa, مصطفی).
_FINAL_YEH_READ_A = {"مصطفی", "مرتضی", "مجتبی", "موسی", "عیسی", "یحیی", "کبری", "صغری", "هدی"}
_SILENT_H = re.compile(r"(?<=[ae])h$")
_SHORT_VOWELS = re.compile("[aeo]")
_DOUBLED = re.compile(r"(.)\1+")
_PERSIAN_LETTER = re.compile("[\u0600-\u06ff]")


def _latin_sounds(word: str) -> list[str]:
    word = _SILENT_H.sub("", word)
    for old, new in _LATIN_SOUNDS:
        word = word.replace(old, new)
    forms = [_SHORT_VOWELS.sub("", word)]
    # A single "u" is long in Mahmud (محمود) and short in Hussein (حسین); an "o" is short in Mostafa
    # (مصطفی) and long in Kourosh (کوروش) and Abolfazl (ابوالفضل): such words are read both ways.
    if "u" in word:
        forms.append(_SHORT_VOWELS.sub("", word.replace("u", "")))
    if "o" in word:
        forms.append(_SHORT_VOWELS.sub("", word.replace("o", "U")))
    return [form.replace("U", "u") for form in forms]


def _persian_sounds(word: str) -> list[str]:
    if (word.endswith("ه") and len(word) > 2) or word in _FINAL_YEH_READ_A:  # silent final ه: فاطمه
        word = word[:-1]
    return [word.translate(_PERSIAN_SOUNDS)]


def sound_keys(name: str, most: int = 8) -> list[str]:
    """The letters of a name that both scripts write, as a few keys (a word read two ways gives two)."""
    keys = [""]
    for word in normalize(name).split():
        forms = _persian_sounds(word) if _PERSIAN_LETTER.search(word) else _latin_sounds(word)
        keys = [key + form for key in keys for form in dict.fromkeys(forms)][:most]
    return [key for key in dict.fromkeys(_DOUBLED.sub(r"\1", key) for key in keys) if len(key) > 1]


# Blocks of records whose names meet on a key -------------------------------------------------------


def _name_keys(name: str) -> tuple[str, str, list[str], list[str]]:
    """The skeleton, the sorted words, the skeletons with one word left out, and the sound keys."""
    words = word_skeletons(name)
    ordered = " ".join(sorted(words)) if len(words) > 1 else ""
    shortened = ["".join(words[:i] + words[i + 1 :]) for i in range(len(words))] if len(words) > 2 else []
    return skeleton(name), ordered, shortened, sound_keys(name)


@dataclass
class _Blocks:
    """Each kind of key to the records holding it, as lists of (record index, the name giving the key)."""

    same: defaultdict = field(default_factory=lambda: defaultdict(list))
    shortened: defaultdict = field(default_factory=lambda: defaultdict(list))
    reordered: defaultdict = field(default_factory=lambda: defaultdict(list))
    sounds: defaultdict = field(default_factory=lambda: defaultdict(list))


def _blocks(records: list[_Record]) -> _Blocks:
    blocks = _Blocks()
    keys: dict[str, tuple] = {}  # a common name recurs in thousands of records: work its keys out once
    for index, record in enumerate(records):
        for name in dict.fromkeys(record.names):
            if name not in keys:
                keys[name] = _name_keys(name)
            whole, ordered, shortened, sounded = keys[name]
            if not whole:
                continue
            blocks.same[whole].append((index, name))
            (record.persian if _PERSIAN_LETTER.search(whole) else record.latin).add(whole)
            if ordered:
                blocks.reordered[ordered].append((index, name))
            for key in shortened:
                blocks.shortened[key].append((index, name))
            for key in sounded:
                blocks.sounds[key].append((index, name))
    return blocks


def _near_skeletons(skeletons: Iterable[str]) -> list[tuple[str, str, int]]:
    """Pairs of distinct skeletons within their typo allowance, found through shared one-letter deletions.

    Taken one length at a time, so that only the deletions of one length are held in memory.
    """
    by_length = defaultdict(list)
    for key in skeletons:
        if len(key) >= _NEAR_MIN_LENGTH:
            by_length[len(key)].append(key)
    near = []
    for length, keys in by_length.items():
        shorter = set(by_length.get(length - 1, ()))
        deletions = defaultdict(set)
        for key in keys:
            for position in range(length):
                deletions[key[:position] + key[position + 1 :]].add(key)
        pairs = set()
        for deleted, longer in deletions.items():
            if len(longer) > MAX_BLOCK:
                continue
            if deleted in shorter:
                pairs.update((deleted, key) for key in longer)
            pairs.update(combinations(sorted(longer), 2))
        for first, second in pairs:
            limit = typo_allowance(min(first, second, key=len))
            distance = edit_distance(first, second, limit)
            if 0 < distance <= limit:
                near.append((first, second, distance))
    return near


def _unique(members: list[tuple]) -> list[tuple]:
    """One entry per record: several names of a record may share a key."""
    seen, unique = set(), []
    for member in members:
        if member[0] not in seen:
            seen.add(member[0])
            unique.append(member)
    return unique


class _Comparison:
    """Scores each candidate pair once, and keeps the best `limit` of those reaching the minimum."""

    def __init__(self, records: list[_Record], min_score: int, limit: int | None):
        self.records, self.min_score, self.limit = records, min_score, limit
        self.seen: set[int] = set()
        self.kept: list[tuple] = []  # a heap when there is a limit
        self.found = 0
        self.too_common = 0

    def block(self, kind: str, members: list[tuple], others: list[tuple] | None = None) -> None:
        """Compare the records of one block with each other, or (others given) with those of another."""
        for group in self._groups(_unique(members + (others or []))):
            if others is None:
                pairs = combinations(group, 2)
            else:
                firsts = {index for index, _name in members}
                ones = [member for member in group if member[0] in firsts]
                pairs = [(one, other) for one in ones for other in group if other[0] not in firsts]
            seen, width = self.seen, len(self.records)
            for (i, name_i), (j, name_j) in pairs:
                # Most pairs met on a stronger key already: this test is the inner loop.
                key = i * width + j if i < j else j * width + i
                if key not in seen:
                    seen.add(key)
                    if i < j:
                        self.pair(kind, i, j, name_i, name_j)
                    else:
                        self.pair(kind, j, i, name_j, name_i)

    def pair(self, kind: str, i: int, j: int, name_i: str, name_j: str) -> None:
        a, b = self.records[i], self.records[j]
        if a.is_sample != b.is_sample:
            return
        score, _parts = _assess(a, b, kind, name_i, name_j)
        if score < self.min_score:
            return
        self.found += 1
        # Ordered so that the least likely is smallest: lower score, weaker names, newer records.
        item = (score, NAME_POINTS[kind], -a.pk, -b.pk, kind, name_i, name_j, i, j)
        if self.limit is None:
            self.kept.append(item)
        elif len(self.kept) < self.limit:
            heapq.heappush(self.kept, item)
        elif item > self.kept[0]:
            heapq.heapreplace(self.kept, item)

    def _groups(self, members: list[tuple]) -> Iterable[list[tuple]]:
        """The block, or for a very common name its parts by year of death; too large a part is left out."""
        if len(members) <= MAX_BLOCK:
            yield members
            return
        by_year = defaultdict(list)
        for member in members:
            earliest = self.records[member[0]].death[0]
            by_year[earliest.year if earliest else None].append(member)
        for part in by_year.values():
            if len(part) <= MAX_BLOCK:
                yield part
            else:
                self.too_common += 1

    def ranked(self) -> list[DuplicatePair]:
        assessed = []
        for *_order, kind, name_i, name_j, i, j in sorted(self.kept, reverse=True):
            a, b = self.records[i], self.records[j]
            score, parts = _assess(a, b, kind, name_i, name_j)
            assessed.append((score, a, b, parts))
        return _described(assessed)


def _compare_all(records: list[_Record], min_score: int, limit: int | None) -> _Comparison:
    blocks = _blocks(records)
    near = _near_skeletons(blocks.same)
    comparison = _Comparison(records, min_score, limit)
    for members in blocks.same.values():
        comparison.block(SAME, members)
    for members in blocks.reordered.values():
        comparison.block(REORDERED, members)
    for first, second, distance in near:
        if distance == 1:
            comparison.block(NEAR, blocks.same[first], blocks.same[second])
    for members in blocks.sounds.values():
        comparison.block(SOUND, members)
    for key, members in blocks.shortened.items():
        if key in blocks.same:
            comparison.block(SHORTER, members, blocks.same[key])
    for first, second, distance in near:
        if distance == 2:
            comparison.block(NEAR_TWO, blocks.same[first], blocks.same[second])
    return comparison


# Scoring ----------------------------------------------------------------------------------------


def _overlap(a: tuple, b: tuple) -> bool | None:
    """Whether two date ranges can both be true; None when either is not known."""
    if a[0] is None or b[0] is None:
        return None
    return a[0] <= b[1] and b[0] <= a[1]


def _assess(a: _Record, b: _Record, kind: str, name_a: str, name_b: str) -> tuple[int, list[tuple]]:
    """The score, and what it is made of as (points, what, details) for _describe()."""
    parts = [(NAME_POINTS[kind], kind, (name_a, name_b))]
    if kind == SAME and a.latin & b.latin and a.persian & b.persian:
        parts.append((BOTH_SCRIPTS, "both_scripts", ()))
    death = _overlap(a.death, b.death)
    if death is not None:
        if not death:
            parts.append((-30, "death_apart", ()))
        elif a.death[0] == a.death[1] == b.death[0] == b.death[1]:
            parts.append((25, "death_same_day", ()))
        else:
            parts.append((15, "death_overlap", ()))
    birth = _overlap(a.birth, b.birth)
    if birth is not None:
        parts.append((10, "birth_overlap", ()) if birth else (-20, "birth_apart", ()))
    if a.death_place is not None and a.death_place == b.death_place:
        parts.append((10, "death_place", (a.death_place,)))
    if prisons := a.prisons & b.prisons:
        parts.append((10, "prison", (min(prisons),)))
    if a.events and b.events:
        shared = a.events & b.events
        parts.append((5, "event", (min(shared),)) if shared else (-25, "events_apart", ()))
    if a.gender and b.gender and a.gender != b.gender:
        parts.append((-40, "genders_apart", ()))
    if a.age is not None and b.age is not None:
        if abs(a.age - b.age) <= 1:
            parts.append((5, "same_age", ()))
        elif abs(a.age - b.age) > 3:
            parts.append((-15, "ages_apart", (abs(a.age - b.age),)))
    return max(0, min(100, sum(map(itemgetter(0), parts)))), parts


def _name_reason(what: str, first: str, second: str) -> str:
    names = {"first": first, "second": second}
    if what == SAME:
        if first == second:
            return _("same name: “%(first)s”") % names
        return _("same name: “%(first)s” and “%(second)s”") % names
    return {
        REORDERED: _("the same names in another order: “%(first)s” and “%(second)s”"),
        NEAR: _("names one letter apart: “%(first)s” and “%(second)s”"),
        NEAR_TWO: _("names two letters apart: “%(first)s” and “%(second)s”"),
        SHORTER: _("one name is the other without a word: “%(first)s” and “%(second)s”"),
        SOUND: _("the names sound alike across scripts: “%(first)s” and “%(second)s”"),
    }[what] % names


def _describe(part: tuple, places: dict[int, str], events: dict[int, str]) -> Reason:
    points, what, details = part
    if what in NAME_POINTS:
        return Reason(points, _name_reason(what, *details))
    if what == "death_place":
        return Reason(
            points, _("the same place of death: %(place)s") % {"place": places.get(details[0], "?")}
        )
    if what == "prison":
        return Reason(
            points, _("held in the same prison: %(place)s") % {"place": places.get(details[0], "?")}
        )
    if what == "event":
        return Reason(points, _("the same event: %(event)s") % {"event": events.get(details[0], "?")})
    if what == "ages_apart":
        return Reason(points, _("ages at death %(years)d years apart") % {"years": details[0]})
    return Reason(
        points,
        {
            "both_scripts": _("the names agree in both scripts"),
            "death_same_day": _("died on the same day"),
            "death_overlap": _("the dates of death overlap"),
            "death_apart": _("the dates of death cannot both be true"),
            "birth_overlap": _("the dates of birth overlap"),
            "birth_apart": _("the dates of birth cannot both be true"),
            "events_apart": _("different events"),
            "genders_apart": _("different genders"),
            "same_age": _("the same age at death, within a year"),
        }[what],
    )


def _described(assessed: list[tuple[int, _Record, _Record, list]]) -> list[DuplicatePair]:
    """Pairs with their reasons in words, the places and events named in two queries."""
    place_ids = {p[2][0] for *_, parts in assessed for p in parts if p[1] in ("death_place", "prison")}
    event_ids = {p[2][0] for *_, parts in assessed for p in parts if p[1] == "event"}
    places = {place.pk: place.name for place in Place.objects.filter(pk__in=place_ids)} if place_ids else {}
    events = {event.pk: event.name for event in Event.objects.filter(pk__in=event_ids)} if event_ids else {}
    return [
        DuplicatePair(
            Summary(a.pk, a.slug, a.display_name),
            Summary(b.pk, b.slug, b.display_name),
            score,
            [_describe(part, places, events) for part in parts],
        )
        for score, a, b, parts in assessed
    ]


# The two ways in --------------------------------------------------------------------------------


def likely_duplicates(*, min_score: int = MIN_SCORE, limit: int | None = None, victims=None) -> Findings:
    """Pairs of victims that may be one person, most likely first (on equal scores: stronger name
    evidence, then the older records). `victims` narrows the search to a queryset."""
    started = monotonic()
    records = _load(victims if victims is not None else Victim.objects.all())
    comparison = _compare_all(records, min_score, limit)
    return Findings(
        pairs=comparison.ranked(),
        found=comparison.found,
        victims=len(records),
        compared=len(comparison.seen),
        too_common=comparison.too_common,
        seconds=monotonic() - started,
    )


def compare(first: Victim, second: Victim) -> DuplicatePair | None:
    """The score and reasons for two victims, or None when their names meet on no key."""
    comparison = _compare_all([_record_of(first), _record_of(second)], min_score=0, limit=None)
    pairs = comparison.ranked()
    return pairs[0] if pairs else None
