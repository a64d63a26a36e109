"""The figures of the statistics page: published victims counted by date, province, age, gender,
manner of death and event.

One function per chart. Each returns a `Chart`: the sentence that says exactly what it counts, the heading
of its label column, and rows of (label, count, key), the key being what a spreadsheet can match on (a
year, a province's slug, a choice's value). Counting happens in the database, grouped by a column; what
needs the place hierarchy or a calendar is then folded in Python over the grouped rows, which are few
(one per place of death, one per distinct date of death), never one per victim.

Labels are in the active language and dates in its calendar (Gregorian in English, Solar Hijri in
Persian), so `figures()` computes every chart for the active language and keeps the result in the cache
for CACHE_SECONDS under a key that names the language: the page says when its figures were computed, and
a change published since then shows within that time.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import jdatetime
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from archive.dates import GREGORIAN_MONTHS, JALALI_MONTHS_FA, Precision, persian_digits
from archive.models import Event, Place, PlaceKind, Status
from victims.models import Gender, MannerOfDeath, Victim

CACHE_SECONDS = 300

# Precisions that name at least a year (a season or a month lies within one, in its own calendar).
DATED = (Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR)
TO_THE_MONTH = (Precision.DAY, Precision.MONTH)

# Age at death: (youngest, oldest) of each group, None for open ends; the first are children.
AGE_GROUPS = [(None, 17), (18, 24), (25, 34), (35, 44), (45, 59), (60, None)]
ADULT_AGE = 18


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    key: str = ""  # stable across languages, for the CSV: "1988", "tehran-province", "female"
    url: str = ""  # the record the row is about, when it has a page
    marked: bool = False  # children
    unknown: bool = False  # the "not known" row
    lang: str = ""  # the label's language when it is not the page's: a record named in the other script only


@dataclass(frozen=True)
class Chart:
    name: str  # its address: /statistics/<name>.csv
    title: str
    counts: str  # the sentence saying exactly what is counted
    label_heading: str
    rows: list[Row]


@dataclass(frozen=True)
class Figures:
    language: str
    computed_at: datetime.datetime
    total: int  # published victims
    charts: list[Chart] = field(default_factory=list)

    def chart(self, name: str) -> Chart | None:
        return next((chart for chart in self.charts if chart.name == name), None)


def _persian() -> bool:
    return (get_language() or "en").startswith("fa")


def _digits(value) -> str:
    return persian_digits(str(value)) if _persian() else str(value)


def _name_language(record) -> str:
    """ "en" for a record named in Latin script only, on a Persian page (and "fa" the other way round), else ""."""
    own, other = (record.name_fa, record.name_en) if _persian() else (record.name_en, record.name_fa)
    if own or not other:
        return ""
    return "en" if _persian() else "fa"


def _number(value: int) -> str:
    return persian_digits(f"{value:,}".replace(",", "٬")) if _persian() else f"{value:,}"


# Dates of death, in the page's calendar.


def death_dates(victims: QuerySet) -> list[tuple[str, datetime.date | None, datetime.date | None, int]]:
    """(precision, earliest, latest, victims) for every distinct date of death: one row per date, not per victim."""
    return list(
        victims.order_by()
        .values_list("death_precision", "death_earliest", "death_latest")
        .annotate(n=Count("pk"))
    )


def _year_and_month(day: datetime.date) -> tuple[int, int]:
    if _persian():
        j = jdatetime.date.fromgregorian(date=day)
        return j.year, j.month
    return day.year, day.month


def by_year(victims: QuerySet, dates: list | None = None) -> Chart:
    """Published victims by year of death, for the dates that fall within one year of the page's calendar."""
    dates = death_dates(victims) if dates is None else dates
    years, unknown = Counter(), 0
    for precision, earliest, latest, n in dates:
        if (
            precision in DATED
            and earliest
            and latest
            and _year_and_month(earliest)[0] == _year_and_month(latest)[0]
        ):
            years[_year_and_month(earliest)[0]] += n
        else:
            unknown += n
    if _persian():
        counts = gettext(
            "Published victims by year of death, in the Solar Hijri calendar. Years in which no death is "
            "recorded are not listed. Victims whose date of death is not known to a single Solar Hijri year "
            "(a Gregorian year spans two) are counted separately: %(unknown)s."
        )
        heading = gettext("Year of death (Solar Hijri)")
    else:
        counts = gettext(
            "Published victims by year of death, in the Gregorian calendar. Years in which no death is "
            "recorded are not listed. Victims whose date of death is not known to a single Gregorian year "
            "(a Solar Hijri year spans two) are counted separately: %(unknown)s."
        )
        heading = gettext("Year of death (Gregorian)")
    rows = [Row(_digits(year), n, key=str(year)) for year, n in sorted(years.items())]
    rows.append(Row(gettext("year not known"), unknown, unknown=True))
    return Chart(
        "year", gettext("Victims by year of death"), counts % {"unknown": _number(unknown)}, heading, rows
    )


def by_month(victims: QuerySet, dates: list | None = None) -> Chart:
    """Published victims by month of death, for the dates known to one month of the page's calendar."""
    dates = death_dates(victims) if dates is None else dates
    months, unknown = Counter(), 0
    for precision, earliest, latest, n in dates:
        if (
            precision in TO_THE_MONTH
            and earliest
            and latest
            and _year_and_month(earliest) == _year_and_month(latest)
        ):
            months[_year_and_month(earliest)] += n
        else:
            unknown += n
    if _persian():
        counts = gettext(
            "Published victims by month of death, in the Solar Hijri calendar. Only months in which at least "
            "one death is recorded are listed. Victims whose date of death is not known to a single Solar "
            "Hijri month are counted separately: %(unknown)s."
        )
        heading = gettext("Month of death (Solar Hijri)")
    else:
        counts = gettext(
            "Published victims by month of death, in the Gregorian calendar. Only months in which at least "
            "one death is recorded are listed. Victims whose date of death is not known to a single "
            "Gregorian month are counted separately: %(unknown)s."
        )
        heading = gettext("Month of death (Gregorian)")
    names = JALALI_MONTHS_FA if _persian() else GREGORIAN_MONTHS
    rows = [
        Row(f"{names[month - 1]} {_digits(year)}", n, key=f"{year}-{month:02d}")
        for (year, month), n in sorted(months.items())
    ]
    rows.append(Row(gettext("month not known"), unknown, unknown=True))
    return Chart(
        "month", gettext("Victims by month of death"), counts % {"unknown": _number(unknown)}, heading, rows
    )


# Places.


def province_of(place_id: int | None, places: dict[int, Place]) -> Place | None:
    """The published province that contains a place (or is it), walking up through published places only."""
    seen = set()
    while place_id is not None and place_id in places and place_id not in seen:
        place = places[place_id]
        if place.kind == PlaceKind.PROVINCE:
            return place
        seen.add(place_id)
        place_id = place.parent_id
    return None


def by_province(victims: QuerySet) -> Chart:
    """Published victims by the province of their place of death: two queries, whatever the numbers."""
    deaths = victims.order_by().values_list("death_place_id").annotate(n=Count("pk"))
    places = {
        place.pk: place
        for place in Place.objects.published().only("pk", "parent_id", "kind", "slug", "name_en", "name_fa")
    }
    provinces, counts, unknown = {}, Counter(), 0
    for place_id, n in deaths:
        province = province_of(place_id, places)
        if province is None:
            unknown += n
        else:
            provinces[province.pk] = province
            counts[province.pk] += n
    rows = [
        Row(
            provinces[pk].name,
            n,
            key=provinces[pk].slug,
            url=provinces[pk].get_absolute_url(),
            lang=_name_language(provinces[pk]),
        )
        for pk, n in sorted(counts.items(), key=lambda item: (-item[1], provinces[item[0]].name))
    ]
    rows.append(Row(gettext("province not known"), unknown, unknown=True))
    counts_text = gettext(
        "Published victims by the province of their place of death: a victim who died in a city or a prison "
        "is counted under the province that contains it. Provinces in which no death is recorded are not "
        "listed. Victims whose place of death is not known, or not yet placed within a published province, "
        "are counted separately: %(unknown)s."
    ) % {"unknown": _number(unknown)}
    return Chart("province", gettext("Victims by province"), counts_text, gettext("Province"), rows)


# Age, gender, manner of death: counted together, one row per combination (a few hundred at most).


def profiles(victims: QuerySet) -> list[tuple[int | None, str, str, int]]:
    """(age at death, gender, manner of death, victims) for every combination that occurs."""
    return list(
        victims.order_by().values_list("age_at_death", "gender", "manner_of_death").annotate(n=Count("pk"))
    )


def _age_label(youngest: int | None, oldest: int | None) -> str:
    if youngest is None:
        return gettext("under %(age)s (children)") % {"age": _digits(oldest + 1)}
    if oldest is None:
        return gettext("%(age)s and over") % {"age": _digits(youngest)}
    return gettext("%(youngest)s to %(oldest)s") % {"youngest": _digits(youngest), "oldest": _digits(oldest)}


def age_group(age: int) -> tuple[int | None, int | None]:
    for youngest, oldest in AGE_GROUPS:
        if (youngest is None or age >= youngest) and (oldest is None or age <= oldest):
            return youngest, oldest
    raise ValueError(age)  # AGE_GROUPS covers every age


def by_age(victims: QuerySet, counted: list | None = None) -> Chart:
    """Published victims by age group at death; children (under 18) are marked."""
    counted = profiles(victims) if counted is None else counted
    groups, unknown = Counter(), 0
    for age, _gender, _manner, n in counted:
        if age is None:
            unknown += n
        else:
            groups[age_group(age)] += n
    rows = [
        Row(
            _age_label(youngest, oldest),
            groups[(youngest, oldest)],
            key=f"{youngest or 0}-{oldest if oldest is not None else ''}",
            marked=youngest is None,
        )
        for youngest, oldest in AGE_GROUPS
    ]
    rows.append(Row(gettext("age not known"), unknown, unknown=True))
    children = groups[AGE_GROUPS[0]]
    counts_text = ngettext(
        "Published victims by their age at death in years, as the sources give it. Children (under "
        "%(adult)s) are marked: %(children)s child. Victims whose age at death is not known are counted "
        "separately: %(unknown)s.",
        "Published victims by their age at death in years, as the sources give it. Children (under "
        "%(adult)s) are marked: %(children)s children. Victims whose age at death is not known are counted "
        "separately: %(unknown)s.",
        children,
    ) % {"adult": _digits(ADULT_AGE), "children": _number(children), "unknown": _number(unknown)}
    return Chart("age", gettext("Victims by age at death"), counts_text, gettext("Age at death"), rows)


def _by_choice(counted: list, position: int, choices, not_known: str) -> tuple[list[Row], int]:
    """One row per choice in the model's order, the blank ("not known") choice last."""
    counts = Counter()
    for combination in counted:
        counts[combination[position]] += combination[-1]
    rows = [Row(str(label), counts[value], key=value) for value, label in choices if value]
    rows.append(Row(not_known, counts[""], unknown=True))
    return rows, counts[""]


def by_gender(victims: QuerySet, counted: list | None = None) -> Chart:
    counted = profiles(victims) if counted is None else counted
    rows, unknown = _by_choice(counted, 1, Gender.choices, gettext("gender not known"))
    counts_text = gettext(
        "Published victims by gender, as the sources give it. Victims whose gender is not recorded are "
        "counted separately: %(unknown)s."
    ) % {"unknown": _number(unknown)}
    return Chart("gender", gettext("Victims by gender"), counts_text, gettext("Gender"), rows)


def by_manner_of_death(victims: QuerySet, counted: list | None = None) -> Chart:
    counted = profiles(victims) if counted is None else counted
    rows, unknown = _by_choice(counted, 2, MannerOfDeath.choices, gettext("manner of death not known"))
    counts_text = gettext(
        "Published victims by how they were killed or died, as the sources give it. Victims whose manner "
        "of death is not recorded are counted separately: %(unknown)s."
    ) % {"unknown": _number(unknown)}
    return Chart(
        "manner-of-death",
        gettext("Victims by manner of death"),
        counts_text,
        gettext("Manner of death"),
        rows,
    )


# Events.


def by_event(victims: QuerySet) -> Chart:
    """Published victims by published event: two queries (the events with their counts, and the rest)."""
    published = Q(victims__status=Status.PUBLISHED)
    events = (
        Event.objects.published()
        .annotate(n=Count("victims", filter=published))
        .only("pk", "slug", "name_en", "name_fa")
        .order_by("start_earliest", "name_en", "pk")
    )
    in_an_event = Victim.events.through.objects.filter(victim=OuterRef("pk"), event__status=Status.PUBLISHED)
    unknown = victims.filter(~Exists(in_an_event)).count()
    rows = [
        Row(event.name, event.n, key=event.slug, url=event.get_absolute_url(), lang=_name_language(event))
        for event in events
    ]
    rows.append(Row(gettext("no published event"), unknown, unknown=True))
    counts_text = gettext(
        "Published victims by the published event they are linked to. A victim linked to more than one "
        "event is counted under each, so the counts can add up to more than the number of victims. Victims "
        "linked to no published event are counted separately: %(unknown)s."
    ) % {"unknown": _number(unknown)}
    return Chart("event", gettext("Victims by event"), counts_text, gettext("Event"), rows)


# Each chart by its address; called with the published victims alone, it makes its own queries.
CHARTS: dict[str, Callable[..., Chart]] = {
    "year": by_year,
    "month": by_month,
    "province": by_province,
    "age": by_age,
    "gender": by_gender,
    "manner-of-death": by_manner_of_death,
    "event": by_event,
}


def compute() -> Figures:
    """Every chart, for the active language: six queries, whatever the number of victims."""
    victims = Victim.objects.published()
    dates = death_dates(victims)  # shared by the year and the month
    counted = profiles(victims)  # shared by age, gender and manner of death
    return Figures(
        language=get_language() or "en",
        computed_at=timezone.now(),
        total=sum(n for _precision, _earliest, _latest, n in dates),
        charts=[
            by_year(victims, dates),
            by_month(victims, dates),
            by_province(victims),
            by_age(victims, counted),
            by_gender(victims, counted),
            by_manner_of_death(victims, counted),
            by_event(victims),
        ],
    )


def cache_key(language: str) -> str:
    return f"statistics:v1:{language}"


def figures() -> Figures:
    """The figures for the active language, as computed at most CACHE_SECONDS ago."""
    key = cache_key(get_language() or "en")
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found
