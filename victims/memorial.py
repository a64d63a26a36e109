"""Memorial pages: the wall of names, grouped by event, place or date of death, and anniversaries.

The wall never loads every name. Its index counts the names in each group in the database and
prints the small groups in full; a group's own page lists its names a page at a time, each page
continuing after the last name of the one before (keyset pagination on the sort name and the id,
so a page deep into a large group costs what the first one does, with no OFFSET to walk).

Anniversaries list the Gregorian days that share a day and month in the page's calendar (Solar
Hijri on Persian pages) and look them up with an indexed `__in`; only dates known to the day count.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import re
from dataclasses import dataclass, field

import jdatetime
from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from archive.dates import (
    GREGORIAN_MONTHS,
    GREGORIAN_MONTHS_FA,
    JALALI_MONTHS,
    JALALI_MONTHS_FA,
    Precision,
    persian_digits,
    render_day,
)
from archive.models import Event, Place, PlaceKind, Status

from .models import Victim

NOT_KNOWN = "not-known"
PAGE_SIZE = 500  # names on one page of a group
INLINE_NAMES = 50  # a group this small is printed in full on the wall's index ...
INLINE_GROUPS = 40  # ... for this many groups at most (it keeps the index light and its SQL short)
ON_THIS_DAY_PAGE_SIZE = 200
HOME_ANNIVERSARIES = 20
FIRST_YEAR = 1850  # the earliest birth or death an anniversary looks for (Solar Hijri 1229)

PUBLISHED = Status.PUBLISHED
EventLink = Victim.events.through
PrisonLink = Victim.prisons.through


def digits(value, persian: bool) -> str:
    return persian_digits(str(value)) if persian else str(value)


# Names --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownName:
    """A victim's name as the memorial pages print it: in the page's script, with the other beside it.

    `lang` is set only when the name is not in the page's script (a Latin name on a Persian page,
    because no Persian spelling is recorded), so that the template marks its language and direction.
    """

    url: str
    name: str
    other: str = ""
    lang: str = ""
    other_lang: str = ""
    is_sample: bool = False

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "fa" else "ltr"

    @property
    def other_dir(self) -> str:
        return "rtl" if self.other_lang == "fa" else "ltr"


def shown_name(slug: str, name_en: str, name_fa: str, is_sample: bool, persian: bool) -> ShownName:
    url = reverse("victim_detail", args=[slug])
    if persian:
        if name_fa:
            return ShownName(url, name_fa, name_en if name_en != name_fa else "", "", "en", is_sample)
        return ShownName(url, name_en, lang="en", is_sample=is_sample)
    if name_en:
        return ShownName(url, name_en, name_fa if name_fa != name_en else "", "", "fa", is_sample)
    return ShownName(url, name_fa, lang="fa", is_sample=is_sample)


def sort_name(persian: bool, prefix: str = ""):
    """The name a list sorts by: the page's script, else the other (as PublishableQuerySet.in_name_order)."""
    first, second = ("name_fa", "name_en") if persian else ("name_en", "name_fa")
    return Coalesce(NullIf(prefix + first, Value("")), prefix + second)


# (pk, slug, name_en, name_fa, is_sample) of one victim, as the wall's index reads them.
NAME_ROW = ["pk", "slug", "name_en", "name_fa", "is_sample"]
LINKED_NAME_ROW = ["victim_id", "victim__slug", "victim__name_en", "victim__name_fa", "victim__is_sample"]


def _names_in_order(rows, persian: bool) -> list[ShownName]:
    """Name rows sorted as a group's page sorts them (page's script first), each person once."""
    first, second = (3, 2) if persian else (2, 3)
    unique = {row[0]: row for row in rows}.values()
    ordered = sorted(unique, key=lambda row: (row[first] or row[second], row[0]))
    return [shown_name(*row[1:], persian) for row in ordered]


def _record_label(name_en: str, name_fa: str, persian: bool) -> tuple[str, str]:
    """An event's or place's name in the page's script, and its language when it is not the page's."""
    if persian:
        return (name_fa, "") if name_fa else (name_en, "en")
    return (name_en, "") if name_en else (name_fa, "fa")


# Groups -------------------------------------------------------------------------------------------


@dataclass
class Group:
    """One section of the wall: its address, heading and count, and its names when printed in full."""

    grouping: str
    key: str
    label: str
    count: int = 0
    lang: str = ""
    note: str = ""
    record: Event | Place | None = None
    record_id: int | None = None
    members: Q | None = None
    names: list[ShownName] | None = None
    order: tuple = ()

    @property
    def url(self) -> str:
        return reverse("wall_group", args=[self.grouping, self.key])

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "fa" else "ltr"

    @property
    def is_not_known(self) -> bool:
        return self.key == NOT_KNOWN


def _published_victims():
    return Victim.objects.published()


class ByEvent:
    """A victim stands under each published event they are linked to."""

    name = "event"
    label = _("by event")
    explanation = _("Each name stands under the event in which the person was killed.")
    not_known_label = _("Event not recorded")

    def unknown(self) -> Q:
        return ~Exists(EventLink.objects.filter(victim=OuterRef("pk"), event__status=PUBLISHED))

    def count_groups(self, persian: bool) -> list[Group]:
        rows = (
            EventLink.objects.filter(victim__status=PUBLISHED, event__status=PUBLISHED)
            .values("event_id", "event__slug", "event__name_en", "event__name_fa", "event__start_earliest")
            .annotate(count=Count("victim_id"))
            .order_by()
        )
        groups = []
        for row in rows:
            label, lang = _record_label(row["event__name_en"], row["event__name_fa"], persian)
            start = row["event__start_earliest"] or datetime.date.max
            groups.append(
                Group(
                    self.name, row["event__slug"], label, row["count"], lang, record_id=row["event_id"],
                    order=(start, label),
                )
            )  # fmt: skip
        return sorted(groups, key=lambda group: group.order)

    def inline_rows(self, groups: list[Group], persian: bool):
        """(group, name row) for every name in these groups, in one query."""
        by_id = {group.record_id: group for group in groups}
        rows = EventLink.objects.filter(event_id__in=by_id, victim__status=PUBLISHED).values_list(
            "event_id", *LINKED_NAME_ROW
        )
        for event_id, *row in rows:
            yield by_id[event_id], row

    def group(self, key: str, persian: bool) -> Group:
        event = Event.objects.published().by_slug_or_404(key)
        label, lang = _record_label(event.name_en, event.name_fa, persian)
        return Group(self.name, event.slug, label, lang=lang, record=event, members=Q(events=event))


def _held_in_a_published_place(**place) -> Exists:
    """Held in a public prison (a place of another kind among a victim's prisons is a slip, and ignored)."""
    return Exists(
        PrisonLink.objects.filter(
            victim=OuterRef("pk"), place__status=PUBLISHED, place__kind=PlaceKind.PRISON, **place
        )
    )


# Died in a prison the public can see: such a victim stands under that prison alone.
DIED_IN_PRISON = Q(death_place__status=PUBLISHED, death_place__kind=PlaceKind.PRISON)


class ByPlace:
    """The prison where the person died; else the prison(s) where they were held; else the place of death."""

    name = "place"
    label = _("by prison or city")
    explanation = _(
        "Each name stands under the prison where the person died; if they died elsewhere or the place is "
        "not known, under each prison where they were held; failing that, under the city or place of death."
    )
    not_known_label = _("Place not recorded")

    def unknown(self) -> Q:
        return ~Q(death_place__status=PUBLISHED) & ~_held_in_a_published_place()

    def count_groups(self, persian: bool) -> list[Group]:
        place_fields = ["slug", "name_en", "name_fa", "kind"]
        died = (
            _published_victims()
            .filter(Q(death_place__status=PUBLISHED), DIED_IN_PRISON | ~_held_in_a_published_place())
            .values("death_place_id", *("death_place__" + f for f in place_fields))
            .annotate(count=Count("pk"))
            .order_by()
        )
        held = (
            PrisonLink.objects.filter(
                victim__status=PUBLISHED, place__status=PUBLISHED, place__kind=PlaceKind.PRISON
            )
            .exclude(victim__death_place__status=PUBLISHED, victim__death_place__kind=PlaceKind.PRISON)
            .values("place_id", *("place__" + f for f in place_fields))
            .annotate(count=Count("victim_id"))
            .order_by()
        )
        groups: dict[int, Group] = {}
        for rows, key, prefix in ((died, "death_place_id", "death_place__"), (held, "place_id", "place__")):
            for row in rows:
                pk = row[key]
                if pk in groups:  # a prison where some died and others were held
                    groups[pk].count += row["count"]
                    continue
                label, lang = _record_label(row[prefix + "name_en"], row[prefix + "name_fa"], persian)
                groups[pk] = Group(
                    self.name, row[prefix + "slug"], label, row["count"], lang,
                    note=PlaceKind(row[prefix + "kind"]).label, record_id=pk, order=(label.casefold(), pk),
                )  # fmt: skip
        return sorted(groups.values(), key=lambda group: group.order)

    def inline_rows(self, groups: list[Group], persian: bool):
        """(group, name row) for every name in these groups, in two queries (died there, held there)."""
        by_id = {group.record_id: group for group in groups}
        died = (
            _published_victims()
            .filter(DIED_IN_PRISON | ~_held_in_a_published_place(), death_place_id__in=by_id)
            .values_list("death_place_id", *NAME_ROW)
        )
        held = (
            PrisonLink.objects.filter(
                place_id__in=by_id, place__kind=PlaceKind.PRISON, victim__status=PUBLISHED
            )
            .exclude(victim__death_place__status=PUBLISHED, victim__death_place__kind=PlaceKind.PRISON)
            .values_list("place_id", *LINKED_NAME_ROW)
        )
        for place_id, *row in [*died, *held]:
            yield by_id[place_id], row

    def group(self, key: str, persian: bool) -> Group:
        place = Place.objects.published().by_slug_or_404(key)
        if place.kind == PlaceKind.PRISON:
            # Those who died there, and those held there who did not die in another public prison. The ids
            # come from two index lookups joined by UNION, rather than an OR the database cannot join on.
            died_or_held = (
                Victim.objects.filter(death_place=place)
                .values("pk")
                .union(PrisonLink.objects.filter(place=place).values("victim_id"))
            )
            members = Q(pk__in=died_or_held) & (Q(death_place=place) | ~DIED_IN_PRISON)
        else:
            members = Q(death_place=place) & ~_held_in_a_published_place()
        label, lang = _record_label(place.name_en, place.name_fa, persian)
        return Group(
            self.name,
            place.slug,
            label,
            lang=lang,
            note=place.get_kind_display(),
            record=place,
            members=members,
        )


# Periods: a month, a year, or the years between which the death fell ------------------------------


def _month_bounds(year: int, month: int, solar_hijri: bool) -> tuple[datetime.date, datetime.date]:
    if solar_hijri:
        first = jdatetime.date(year, month, 1)
        following = jdatetime.date(year + (month == 12), month % 12 + 1, 1)
        return first.togregorian(), following.togregorian() - datetime.timedelta(days=1)
    first = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def _year_bounds(year: int, solar_hijri: bool) -> tuple[datetime.date, datetime.date]:
    return _month_bounds(year, 1, solar_hijri)[0], _month_bounds(year, 12, solar_hijri)[1]


@functools.lru_cache(maxsize=65536)
def _year_month(day: datetime.date, solar_hijri: bool) -> tuple[int, int]:
    if solar_hijri:
        j = jdatetime.date.fromgregorian(date=day)
        return j.year, j.month
    return day.year, day.month


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})|-(\d{4}))?$")


@dataclass(frozen=True)
class Period:
    """The smallest month or year of one calendar that holds a death's range of days.

    Its address is "1367-05" (a month), "1367" (a year, no one month) or "1366-1367" (the death
    fell between two years). Years before 1600 are Solar Hijri, later ones Gregorian (as archive.dates
    reads them), so an address means the same period on the English and the Persian page.
    """

    year: int
    month: int | None = None
    end_year: int | None = None

    @property
    def solar_hijri(self) -> bool:
        return self.year < 1600

    @classmethod
    def of(cls, earliest: datetime.date, latest: datetime.date, persian: bool) -> Period:
        (y1, m1), (y2, m2) = _year_month(earliest, persian), _year_month(latest, persian)
        if y1 != y2:
            return cls(y1, end_year=y2)
        return cls(y1, m1 if m1 == m2 else None)

    @classmethod
    def parse(cls, key: str) -> Period | None:
        match = _PERIOD.match(key)
        if not match:
            return None
        year, month, end_year = int(match[1]), match[2] and int(match[2]), match[3] and int(match[3])
        period = cls(year, month or None, end_year or None)
        if month is not None and not 1 <= month <= 12:
            return None
        if end_year is not None and (end_year <= year or (end_year < 1600) != period.solar_hijri):
            return None
        try:
            period.bounds()
        except (ValueError, OverflowError):
            return None
        return period

    @property
    def key(self) -> str:
        if self.end_year:
            return f"{self.year:04d}-{self.end_year:04d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def bounds(self) -> tuple[datetime.date, datetime.date]:
        if self.month:
            return _month_bounds(self.year, self.month, self.solar_hijri)
        return _year_bounds(self.year, self.solar_hijri)[0], _year_bounds(
            self.end_year or self.year, self.solar_hijri
        )[1]

    def members(self) -> Q:
        if self.end_year:
            return Q(
                death_earliest__range=_year_bounds(self.year, self.solar_hijri),
                death_latest__range=_year_bounds(self.end_year, self.solar_hijri),
            )
        first, last = self.bounds()
        within = Q(death_earliest__gte=first, death_latest__lte=last)
        if self.month:
            return within
        # Known only to the year: the range crosses the end of one of its first eleven months.
        crosses_a_month_end = Q()
        for month in range(1, 12):
            end = _month_bounds(self.year, month, self.solar_hijri)[1]
            crosses_a_month_end |= Q(death_earliest__lte=end, death_latest__gt=end)
        return within & crosses_a_month_end

    def label(self, persian: bool) -> str:
        if self.end_year:
            return gettext("Between %(start)s and %(end)s") % {
                "start": digits(self.year, persian),
                "end": digits(self.end_year, persian),
            }
        if self.month:
            if self.solar_hijri:
                names = JALALI_MONTHS_FA if persian else JALALI_MONTHS
            else:
                names = GREGORIAN_MONTHS_FA if persian else GREGORIAN_MONTHS
            return digits(f"{names[self.month - 1]} {self.year}", persian)
        return gettext("Sometime in %(year)s") % {"year": digits(self.year, persian)}

    @property
    def order(self) -> tuple:
        return (self.year, self.month or 13, self.end_year or 0)


class ByDate:
    """Month of death in the page's calendar; the year when the month is not known; else the years between."""

    name = "date"
    label = _("by date of death")
    explanation = _(
        "Each name stands under the month of death in this page's calendar; when the date a source gives "
        "does not fall in one month, under its year; when it may fall in more than one year, between them."
    )
    not_known_label = _("Date of death not known")

    def unknown(self) -> Q:
        return Q(death_earliest__isnull=True)

    def count_groups(self, persian: bool) -> list[Group]:
        rows = (
            _published_victims()
            .filter(death_earliest__isnull=False)
            .values("death_earliest", "death_latest")
            .annotate(count=Count("pk"))
            .order_by()
        )
        groups: dict[Period, Group] = {}
        for row in rows:
            period = Period.of(row["death_earliest"], row["death_latest"], persian)
            if period not in groups:
                groups[period] = Group(
                    self.name, period.key, period.label(persian), members=period.members(), order=period.order
                )
            groups[period].count += row["count"]
        return sorted(groups.values(), key=lambda group: group.order)

    def inline_rows(self, groups: list[Group], persian: bool):
        """(group, name row) for every name in these periods, in one query."""
        by_key = {group.key: group for group in groups}
        members = Q()
        for group in groups:
            members |= group.members
        rows = _published_victims().filter(members).values_list("death_earliest", "death_latest", *NAME_ROW)
        for earliest, latest, *row in rows:
            yield by_key[Period.of(earliest, latest, persian).key], row

    def group(self, key: str, persian: bool) -> Group:
        period = Period.parse(key)
        if period is None:
            raise Http404(_("No such period."))
        return Group(self.name, period.key, period.label(persian), members=period.members())


GROUPINGS = {grouping.name: grouping for grouping in (ByEvent(), ByPlace(), ByDate())}
DEFAULT_GROUPING = "event"


@dataclass
class Wall:
    grouping: ByEvent | ByPlace | ByDate
    groups: list[Group]
    total: int


def wall(grouping, persian: bool) -> Wall:
    """The wall's index: every group with its count, small groups with their names. A fixed number of queries."""
    groups = grouping.count_groups(persian)
    unknown = _published_victims().filter(grouping.unknown()).count()
    if unknown:
        groups.append(Group(grouping.name, NOT_KNOWN, str(grouping.not_known_label), unknown))
    small = [group for group in groups if group.count <= INLINE_NAMES][:INLINE_GROUPS]
    rows: dict[str, list] = {group.key: [] for group in small}
    known = [group for group in small if not group.is_not_known]
    if known:
        for group, row in grouping.inline_rows(known, persian):
            rows[group.key].append(row)
    if small and small[-1].is_not_known:
        rows[NOT_KNOWN] = _published_victims().filter(grouping.unknown()).values_list(*NAME_ROW)
    for group in small:
        group.names = _names_in_order(rows[group.key], persian)
    return Wall(grouping, groups, _published_victims().count())


def group_for(grouping, key: str, persian: bool) -> Group:
    """The group at this address (Http404 if there is none): its heading and which victims belong to it."""
    if key == NOT_KNOWN:
        return Group(grouping.name, NOT_KNOWN, str(grouping.not_known_label), members=grouping.unknown())
    return grouping.group(key, persian)


@dataclass
class NamePage:
    names: list[ShownName]
    count: int | None = None  # counted on the first page only
    next_after: int | None = None
    previous_before: int | None = None
    error: str = ""


def _cursor(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise ValueError
    return int(value)


def names_page(members: Q, persian: bool, *, after: str | None, before: str | None) -> NamePage:
    """One page of a group's names in name order, after (or before) the victim whose id is given.

    Three queries wherever the page falls. The first page counts the group (a scan of the whole group);
    later pages read the cursor's sort name instead, so that with an index on the sort name a page deep
    into a large group reads about one page of rows. An id that is not a published victim's gives the
    first page and an error message.
    """
    victims = _published_victims().filter(members).annotate(sort_name=sort_name(persian))
    error = ""
    try:
        after_pk, before_pk = _cursor(after), _cursor(before)
    except ValueError:
        after_pk = before_pk = None
        error = gettext("That page marker is not valid; the list starts from the first name.")
    cursor_pk = after_pk if after_pk is not None else before_pk
    cursor = None
    if cursor_pk is not None:
        cursor = (
            _published_victims()
            .filter(pk=cursor_pk)
            .annotate(sort_name=sort_name(persian))
            .values_list("sort_name", flat=True)
            .first()
        )
        if cursor is None:
            after_pk = before_pk = None
            error = gettext("That page marker is not valid; the list starts from the first name.")
    count = victims.count() if after_pk is None and before_pk is None else None
    fields = ["pk", "slug", "name_en", "name_fa", "is_sample"]
    # (name, id) after the cursor's, written so that an index on the sort name can start at the cursor:
    # name >= cursor, and then either a later name or the same name with a later id.
    rows = []
    if before_pk is not None:
        rows = list(
            victims.filter(Q(sort_name__lte=cursor), Q(sort_name__lt=cursor) | Q(pk__lt=before_pk))
            .order_by("-sort_name", "-pk")
            .values(*fields)[: PAGE_SIZE + 1]
        )
        has_previous = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE][::-1]
        has_next = True
    if not rows:  # the first page, a page after the cursor, or nothing before it (the first page again)
        if after_pk is not None:
            victims = victims.filter(Q(sort_name__gte=cursor), Q(sort_name__gt=cursor) | Q(pk__gt=after_pk))
        rows = list(victims.order_by("sort_name", "pk").values(*fields)[: PAGE_SIZE + 1])
        has_previous = after_pk is not None
        has_next = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
    names = [
        shown_name(row["slug"], row["name_en"], row["name_fa"], row["is_sample"], persian) for row in rows
    ]
    return NamePage(
        names=names,
        count=count,
        next_after=rows[-1]["pk"] if rows and has_next else None,
        previous_before=rows[0]["pk"] if rows and has_previous else None,
        error=error,
    )


# On this day --------------------------------------------------------------------------------------

# Days in each month; the last month of either calendar has its leap day only in leap years.
GREGORIAN_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
SOLAR_HIJRI_MONTH_DAYS = [31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 30]


def day_in_calendar(day: datetime.date, persian: bool) -> tuple[int, int]:
    """(month, day) of a Gregorian day in the page's calendar."""
    if persian:
        j = jdatetime.date.fromgregorian(date=day)
        return j.month, j.day
    return day.month, day.day


def day_label(month: int, day: int, persian: bool) -> str:
    """ "6 August" in English, "۱۵ مرداد" in Persian: a day of the year without its year."""
    if persian:
        return persian_digits(f"{day} {JALALI_MONTHS_FA[month - 1]}")
    return f"{day} {GREGORIAN_MONTHS[month - 1]}"


def same_day_in_each_year(month: int, day: int, persian: bool, until: datetime.date) -> list[datetime.date]:
    """Gregorian days that fall on this day and month of the page's calendar, from 1850 to `until`'s year.

    The leap days (29 February, 30 Esfand) exist only in leap years, and only those are listed.
    """
    days = []
    if persian:
        last = jdatetime.date.fromgregorian(date=until).year
        first = jdatetime.date.fromgregorian(date=datetime.date(FIRST_YEAR, 3, 21)).year
        for year in range(first, last + 1):
            with contextlib.suppress(ValueError):
                days.append(jdatetime.date(year, month, day).togregorian())
        return days
    for year in range(FIRST_YEAR, until.year + 1):
        with contextlib.suppress(ValueError):
            days.append(datetime.date(year, month, day))
    return days


def _on_day(kind: str, days: list[datetime.date]) -> Q:
    return Q(**{f"{kind}_precision": Precision.DAY, f"{kind}_earliest__in": days})


def anniversaries(kind: str, month: int, day: int, persian: bool, today: datetime.date):
    """Published victims who died (kind="death") or were born ("birth") on this day of the year, oldest first."""
    days = same_day_in_each_year(month, day, persian, today)
    # By year, which here is the same as by day (one day a year). Ordering by the date column itself
    # tempts PostgreSQL to walk the whole (status, death_earliest) index in order instead of looking up the days.
    return (
        _published_victims()
        .filter(_on_day(kind, days))
        .order_by(ExtractYear(f"{kind}_earliest"), sort_name(persian), "pk")
        .values("pk", "slug", "name_en", "name_fa", "is_sample", f"{kind}_earliest")
    )


@dataclass(frozen=True)
class Remembered:
    """A person on an anniversary list: their name, the year of the day, and how long ago it was."""

    name: ShownName
    day: datetime.date
    year: str
    years_ago: int
    years_ago_text: str


def years_between(then: datetime.date, today: datetime.date, persian: bool) -> int:
    """Whole years from `then` to `today`, counted in the page's calendar."""
    if persian:
        a, b = jdatetime.date.fromgregorian(date=then), jdatetime.date.fromgregorian(date=today)
    else:
        a, b = then, today
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


def remembered(row: dict, kind: str, persian: bool, today: datetime.date) -> Remembered:
    day = row[f"{kind}_earliest"]
    year = jdatetime.date.fromgregorian(date=day).year if persian else day.year
    years = years_between(day, today, persian)
    if years <= 0:
        text = gettext("this year")
    else:
        text = ngettext("%(years)s year ago", "%(years)s years ago", years) % {
            "years": digits(years, persian)
        }
    return Remembered(
        shown_name(row["slug"], row["name_en"], row["name_fa"], row["is_sample"], persian),
        day,
        digits(year, persian),
        years,
        text,
    )


def anniversary_page(
    kind: str, month: int, day: int, persian: bool, today: datetime.date, number: str | None
):
    """One page of those who died (or were born) on this day; a page number out of range gives the nearest page."""
    victims = anniversaries(kind, month, day, persian, today)
    page = Paginator(victims, ON_THIS_DAY_PAGE_SIZE).get_page(number)
    page.object_list = [remembered(row, kind, persian, today) for row in page.object_list]
    return page


@dataclass
class HomeAnniversaries:
    deaths: list[Remembered] = field(default_factory=list)
    births: list[Remembered] = field(default_factory=list)
    more: bool = False
    today_label: str = ""


def home_anniversaries(today: datetime.date, persian: bool) -> HomeAnniversaries:
    """Who died or was born on today's day of the year: the deaths first, 20 people in all, in one query."""
    month, day = day_in_calendar(today, persian)
    days = same_day_in_each_year(month, day, persian, today)
    died = _on_day("death", days)
    rows = list(
        _published_victims()
        .filter(died | _on_day("birth", days))
        .annotate(died_today=Case(When(died, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("died_today", "death_earliest", "birth_earliest", sort_name(persian), "pk")
        .values(
            "pk", "slug", "name_en", "name_fa", "is_sample",
            "death_precision", "death_earliest", "birth_precision", "birth_earliest",
        )[: HOME_ANNIVERSARIES + 1]
    )  # fmt: skip
    days_set = set(days)
    result = HomeAnniversaries(more=len(rows) > HOME_ANNIVERSARIES, today_label=render_day(today, persian))
    for row in rows[:HOME_ANNIVERSARIES]:
        for kind, bucket in (("death", result.deaths), ("birth", result.births)):
            if row[f"{kind}_precision"] == Precision.DAY and row[f"{kind}_earliest"] in days_set:
                bucket.append(remembered(row, kind, persian, today))
    return result


class DayOfYearField(forms.TypedChoiceField):
    """A month or a day: a value that is none repeats it in the page's digits ("there is no day ۴۰")."""

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if getattr(error, "code", None) != "invalid_choice":
                raise
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": digits(value, (get_language() or "en").startswith("fa"))},
            ) from error


class DayForm(forms.Form):
    """A day of the year in the page's calendar: ?month=5&day=15 is 15 Mordad on a Persian page."""

    month = DayOfYearField(
        label=_("Month"), coerce=int, error_messages={"invalid_choice": _("There is no month %(value)s.")}
    )
    day = DayOfYearField(
        label=_("Day"), coerce=int, error_messages={"invalid_choice": _("There is no day %(value)s.")}
    )

    def __init__(self, *args, persian: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.persian = persian
        months = JALALI_MONTHS_FA if persian else GREGORIAN_MONTHS
        self.fields["month"].choices = [(n, name) for n, name in enumerate(months, start=1)]
        self.fields["day"].choices = [(n, digits(n, persian)) for n in range(1, 32)]

    def clean(self):
        data = super().clean()
        month, day = data.get("month"), data.get("day")
        if month and day:
            lengths = SOLAR_HIJRI_MONTH_DAYS if self.persian else GREGORIAN_MONTH_DAYS
            if day > lengths[month - 1]:
                months = JALALI_MONTHS_FA if self.persian else GREGORIAN_MONTHS
                raise forms.ValidationError(
                    _("%(month)s has no day %(day)s."),
                    params={"month": months[month - 1], "day": digits(day, self.persian)},
                )
        return data
