"""Fuzzy dates: what a source said about when something happened, and what it can mean.

Sources say "summer 1367", "Aban 1398", "1988" or "28 August 2016". A fuzzy date keeps the
words as given, the calendar they are in, their precision, and the earliest and latest
Gregorian day they can mean (for sorting and filtering). Nothing finer than the source is
ever invented: "1988" stays a year.

Each model that has dates declares five plain columns per date with `fuzzy_date_fields()`
and reads them back as one `FuzzyDate` through a `FuzzyDateAccessor`. Solar Hijri
arithmetic goes through jdatetime.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import jdatetime
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Calendar(models.TextChoices):
    GREGORIAN = "gregorian", _("Gregorian")
    SOLAR_HIJRI = "solar_hijri", _("Solar Hijri (Jalali)")


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    SEASON = "season", _("season")
    YEAR = "year", _("year")
    UNKNOWN = "unknown", _("unknown")


GREGORIAN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
GREGORIAN_MONTHS_FA = [
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
]  # fmt: skip
JALALI_MONTHS = [
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
]  # fmt: skip
JALALI_MONTHS_FA = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
]  # fmt: skip
SEASONS = ["spring", "summer", "autumn", "winter"]
SEASONS_FA = ["بهار", "تابستان", "پاییز", "زمستان"]

# Words a source may use, folded to (calendar or None, month number or season index).
_MONTH_WORDS: dict[str, tuple[str, int]] = {}
for _i, _name in enumerate(GREGORIAN_MONTHS, start=1):
    _MONTH_WORDS[_name.lower()] = (Calendar.GREGORIAN, _i)
    _MONTH_WORDS[_name.lower()[:3]] = (Calendar.GREGORIAN, _i)
_MONTH_WORDS["sept"] = (Calendar.GREGORIAN, 9)
for _i, _name in enumerate(JALALI_MONTHS, start=1):
    _MONTH_WORDS[_name.lower()] = (Calendar.SOLAR_HIJRI, _i)
for _i, _name in enumerate(JALALI_MONTHS_FA, start=1):
    _MONTH_WORDS[_name] = (Calendar.SOLAR_HIJRI, _i)
_MONTH_WORDS.update(
    {
        "amordad": (Calendar.SOLAR_HIJRI, 5),
        "امرداد": (Calendar.SOLAR_HIJRI, 5),
        "dei": (Calendar.SOLAR_HIJRI, 10),
        "khordaad": (Calendar.SOLAR_HIJRI, 3),
        "shahrivar": (Calendar.SOLAR_HIJRI, 6),
        "esfand": (Calendar.SOLAR_HIJRI, 12),
        "esfahand": (Calendar.SOLAR_HIJRI, 12),
    }
)
_SEASON_WORDS = {name: i for i, name in enumerate(SEASONS)}
_SEASON_WORDS.update({"fall": 2, "پائیز": 2})
_SEASON_WORDS.update({name: i for i, name in enumerate(SEASONS_FA)})

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_NUMERIC = re.compile(r"^(\d{3,4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?$")
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")


def persian_digits(text: str) -> str:
    return str(text).translate(_TO_PERSIAN_DIGITS)


@dataclass(frozen=True)
class FuzzyDate:
    text: str = ""
    calendar: str = Calendar.GREGORIAN
    precision: str = Precision.UNKNOWN
    earliest: datetime.date | None = None
    latest: datetime.date | None = None

    @property
    def is_known(self) -> bool:
        return self.precision != Precision.UNKNOWN or self.earliest is not None

    def __bool__(self) -> bool:
        return self.is_known or bool(self.text)

    def __str__(self) -> str:
        return self.display()

    def display(self, language: str | None = None) -> str:
        """The date at the precision it has, in the page's calendar.

        English pages use the Gregorian calendar, Persian pages the Solar Hijri. A date whose
        source used the other calendar is shown as the source had it, with the range it
        covers in the page's calendar, unless it is an exact day (which converts exactly).
        """
        persian = (language or get_language() or "en").startswith("fa")
        if self.precision == Precision.UNKNOWN:
            if self.earliest and self.latest:
                if self.earliest == self.latest:
                    bounds = render_day(self.earliest, persian)
                else:
                    bounds = _render_range(self.earliest, self.latest, persian)
                # Words no calendar can convert ("after his arrest") stay as the source gave them.
                return f"{self.text} ({bounds})" if self.text else bounds
            return self.text or ("نامعلوم" if persian else "unknown")
        native_persian = self.calendar == Calendar.SOLAR_HIJRI
        if self.precision == Precision.DAY:
            return render_day(self.earliest, persian)
        native = _render_native(self, persian)
        if native_persian == persian:
            return native
        return f"{native} ({_render_range(self.earliest, self.latest, persian)})"


def render_day(day: datetime.date, persian: bool) -> str:
    if persian:
        j = jdatetime.date.fromgregorian(date=day)
        return persian_digits(f"{j.day} {JALALI_MONTHS_FA[j.month - 1]} {j.year}")
    return f"{day.day} {GREGORIAN_MONTHS[day.month - 1]} {day.year}"


def _render_range(start: datetime.date, end: datetime.date, persian: bool) -> str:
    joiner = " تا " if persian else " – "
    return render_day(start, persian) + joiner + render_day(end, persian)


def _render_native(date: FuzzyDate, persian: bool) -> str:
    """Render a month, season or year in the calendar the source used."""
    if date.calendar == Calendar.SOLAR_HIJRI:
        start = jdatetime.date.fromgregorian(date=date.earliest)
        year, month = start.year, start.month
        names = JALALI_MONTHS_FA if persian else JALALI_MONTHS
        seasons = SEASONS_FA if persian else SEASONS
        season = (month - 1) // 3
    else:
        year, month = date.earliest.year, date.earliest.month
        names = GREGORIAN_MONTHS_FA if persian else GREGORIAN_MONTHS
        seasons = SEASONS_FA if persian else SEASONS
        season = _gregorian_season_of(date.earliest)
        if season == 3 and date.earliest.month == 12:
            year = date.earliest.year + 1  # "winter 1988" starts in December 1987
    if date.precision == Precision.MONTH:
        text = f"{names[month - 1]} {year}"
    elif date.precision == Precision.SEASON:
        text = f"{seasons[season]} {year}"
    else:
        text = str(year)
    return persian_digits(text) if persian else text


# Gregorian seasons follow the equinoxes and solstices (as Persian seasons do), widened by a
# day either side because the astronomical day moves between years.
_GREGORIAN_SEASONS = [((3, 19), (6, 22)), ((6, 20), (9, 23)), ((9, 21), (12, 22)), ((12, 20), (3, 21))]


def _gregorian_season_of(day: datetime.date) -> int:
    for index, (start, _end) in enumerate(_GREGORIAN_SEASONS):
        if (day.month, day.day) == start:
            return index
    return 0


def _gregorian_bounds(year: int, month: int | None, day: int | None, season: int | None):
    if day is not None:
        d = datetime.date(year, month, day)
        return d, d
    if month is not None:
        first = datetime.date(year, month, 1)
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return first, following - datetime.timedelta(days=1)
    if season is not None:
        (sm, sd), (em, ed) = _GREGORIAN_SEASONS[season]
        if season == 3:
            # "Winter 1988" means December 1987 to March 1988 for some writers and December
            # 1988 to March 1989 for others; cover both rather than pick one.
            return datetime.date(year - 1, sm, sd), datetime.date(year + 1, em, ed)
        return datetime.date(year, sm, sd), datetime.date(year, em, ed)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _jalali_bounds(year: int, month: int | None, day: int | None, season: int | None):
    def last_day_of(y: int, m: int) -> jdatetime.date:
        following = jdatetime.date(y + (m == 12), m % 12 + 1, 1)
        return following - jdatetime.timedelta(days=1)

    if day is not None:
        d = jdatetime.date(year, month, day).togregorian()
        return d, d
    if month is not None:
        return jdatetime.date(year, month, 1).togregorian(), last_day_of(year, month).togregorian()
    if season is not None:
        first_month = season * 3 + 1
        return (
            jdatetime.date(year, first_month, 1).togregorian(),
            last_day_of(year, first_month + 2).togregorian(),
        )
    return jdatetime.date(year, 1, 1).togregorian(), last_day_of(year, 12).togregorian()


def parse(text: str, calendar: str) -> FuzzyDate:
    """Read a date as a source wrote it. Raises ValueError with a reader-facing message."""
    words = re.sub(r"[,،]", " ", text.translate(_DIGITS)).strip()
    tokens = [t for t in words.lower().split() if t not in ("of", "the", "ماه", "سال")]
    if not tokens:
        raise ValueError(_("The date is empty."))
    year = month = day = season = None
    named_calendar = None

    numeric = _NUMERIC.match(tokens[0]) if len(tokens) == 1 else None
    if numeric:
        year = int(numeric[1])
        month = int(numeric[2]) if numeric[2] else None
        day = int(numeric[3]) if numeric[3] else None
    else:
        for token in tokens:
            if token in _MONTH_WORDS and month is None:
                named_calendar, month = _MONTH_WORDS[token]
            elif token in _SEASON_WORDS and season is None:
                season = _SEASON_WORDS[token]
            elif re.fullmatch(r"\d{3,4}", token) and year is None:
                year = int(token)
            elif _ORDINAL.match(token) and day is None:
                day = int(_ORDINAL.match(token)[1])
            else:
                raise ValueError(
                    _("“%(word)s” is not part of a date this archive can read.") % {"word": token}
                )
        if year is None:
            raise ValueError(_("The date has no year."))
        if day is not None and month is None:
            raise ValueError(_("A day needs a month."))
        if season is not None and month is not None:
            raise ValueError(_("Give a month or a season, not both."))

    if named_calendar and named_calendar != calendar:
        raise ValueError(
            _("This month name belongs to the %(calendar)s calendar; choose that calendar.")
            % {"calendar": Calendar(named_calendar).label}
        )
    if calendar == Calendar.GREGORIAN and year < 1700:
        raise ValueError(_("%(year)s looks like a Solar Hijri year; choose that calendar.") % {"year": year})
    if calendar == Calendar.SOLAR_HIJRI and year > 1600:
        raise ValueError(_("%(year)s looks like a Gregorian year; choose that calendar.") % {"year": year})
    if month is not None and not 1 <= month <= 12:
        raise ValueError(_("There is no month %(month)s.") % {"month": month})

    try:
        if calendar == Calendar.SOLAR_HIJRI:
            earliest, latest = _jalali_bounds(year, month, day, season)
        else:
            earliest, latest = _gregorian_bounds(year, month, day, season)
    except ValueError:
        raise ValueError(_("That day does not exist in that month.")) from None

    if day is not None:
        precision = Precision.DAY
    elif month is not None:
        precision = Precision.MONTH
    elif season is not None:
        precision = Precision.SEASON
    else:
        precision = Precision.YEAR
    return FuzzyDate(text.strip(), calendar, precision, earliest, latest)


def resolve(date: FuzzyDate) -> FuzzyDate:
    """Fill precision and bounds from the text, checking what the editor chose.

    Raises ValidationError keyed by part ("text", "precision", "earliest", "latest").
    An empty precision means "work it out from the text". "Unknown" accepts any wording and
    an optional range the editor gives by hand.
    """
    if date.precision == Precision.UNKNOWN:
        if (date.earliest is None) != (date.latest is None):
            raise ValidationError({"latest": _("Give both the earliest and the latest day, or neither.")})
        if date.earliest and date.latest and date.earliest > date.latest:
            raise ValidationError({"latest": _("The latest day is before the earliest day.")})
        return date
    if not date.text.strip():
        if date.precision:
            raise ValidationError({"text": _("Write the date as the source gives it, or choose “unknown”.")})
        return FuzzyDate(calendar=date.calendar)
    try:
        parsed = parse(date.text, date.calendar)
    except ValueError as error:
        raise ValidationError(
            {"text": format_lazy("{} {}", error, _("Or choose the precision “unknown” and give a range."))}
        ) from None
    if date.precision and date.precision != parsed.precision:
        raise ValidationError(
            {
                "precision": _("“%(text)s” gives a %(parsed)s, not a %(chosen)s.")
                % {
                    "text": date.text,
                    "parsed": Precision(parsed.precision).label,
                    "chosen": Precision(date.precision).label,
                }
            }
        )
    if (date.earliest and date.earliest != parsed.earliest) or (date.latest and date.latest != parsed.latest):
        raise ValidationError(
            {"earliest": _("These days do not match the text; leave them empty and they are worked out.")}
        )
    return parsed


def fuzzy_date_fields(label):
    """The five columns of one fuzzy date, to unpack in a model's body.

    birth_text, birth_calendar, birth_precision, birth_earliest, birth_latest = fuzzy_date_fields(_("birth"))
    """
    return (
        models.CharField(
            format_lazy("{} ({})", label, _("as the source gives it")),
            max_length=120,
            blank=True,
            help_text=_("For example “summer 1367”, “Aban 1398”, “1988”, “28 August 2016”, “1367/05/12”."),
        ),
        models.CharField(
            format_lazy("{}: {}", label, _("calendar")),
            max_length=12,
            choices=Calendar.choices,
            default=Calendar.GREGORIAN,
        ),
        models.CharField(
            format_lazy("{}: {}", label, _("precision")),
            max_length=8,
            choices=[("", _("read it from the text")), *Precision.choices],
            blank=True,
            help_text=_(
                "Leave empty to read it from the text. Choose “unknown” for wording no rule can read."
            ),
        ),
        models.DateField(
            format_lazy("{}: {}", label, _("earliest day")),
            null=True,
            blank=True,
            help_text=_("Worked out from the text; give it by hand only with precision “unknown”."),
        ),
        models.DateField(format_lazy("{}: {}", label, _("latest day")), null=True, blank=True),
    )


def fuzzy_date_constraints(model: str, prefix: str) -> list[models.CheckConstraint]:
    earliest, latest, precision = f"{prefix}_earliest", f"{prefix}_latest", f"{prefix}_precision"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{earliest}__isnull": True}) | Q(**{f"{earliest}__lte": models.F(latest)}),
            name=f"{model}_{prefix}_earliest_lte_latest",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{earliest}__isnull": True}, **{f"{latest}__isnull": True})
            | Q(**{f"{earliest}__isnull": False}, **{f"{latest}__isnull": False}),
            name=f"{model}_{prefix}_bounds_together",
        ),
        models.CheckConstraint(
            condition=Q(**{precision: Precision.UNKNOWN}) | Q(**{f"{earliest}__isnull": False}),
            name=f"{model}_{prefix}_precise_has_bounds",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{precision}__in": Precision.values}),
            name=f"{model}_{prefix}_precision_valid",
        ),
    ]


class FuzzyDateAccessor:
    """Reads and writes a model's five fuzzy-date columns as one FuzzyDate."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        p = self.prefix
        return FuzzyDate(
            text=getattr(instance, f"{p}_text"),
            calendar=getattr(instance, f"{p}_calendar"),
            precision=getattr(instance, f"{p}_precision"),
            earliest=getattr(instance, f"{p}_earliest"),
            latest=getattr(instance, f"{p}_latest"),
        )

    def __set__(self, instance, value: FuzzyDate):
        p = self.prefix
        setattr(instance, f"{p}_text", value.text)
        setattr(instance, f"{p}_calendar", value.calendar)
        setattr(instance, f"{p}_precision", value.precision)
        setattr(instance, f"{p}_earliest", value.earliest)
        setattr(instance, f"{p}_latest", value.latest)


class FuzzyDatesMixin:
    """Resolves every fuzzy date of a model on clean() (with field errors) and on save()."""

    @classmethod
    def fuzzy_date_accessors(cls) -> list[FuzzyDateAccessor]:
        return [
            attr
            for klass in cls.__mro__
            for attr in vars(klass).values()
            if isinstance(attr, FuzzyDateAccessor)
        ]

    def resolve_fuzzy_dates(self) -> None:
        errors = {}
        for accessor in self.fuzzy_date_accessors():
            try:
                accessor.__set__(self, resolve(accessor.__get__(self)))
            except ValidationError as error:
                for part, messages in error.message_dict.items():
                    errors[f"{accessor.prefix}_{part}"] = messages
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        self.resolve_fuzzy_dates()

    def save(self, *args, **kwargs):
        self.resolve_fuzzy_dates()
        super().save(*args, **kwargs)
