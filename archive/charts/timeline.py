"""Spans of time drawn as SVG: a perpetrator's career, the timeline of an event.

Each row is one span (a post held, the event itself, the deaths recorded at a place) whose start and end
are fuzzy. The part of a bar between a bound's earliest and latest day is hatched; a bar whose end is not
known trails off in a dashed open end with the words "end not known"; time between two bars stays empty.
Each row is a link: to the footnote behind it, or to the row of the text list that is the chart's text
alternative. An optional band of columns under the rows shows counts by day or month (deaths).

Persian charts run right to left (time too, as the text reads) and label the axis with Solar Hijri
years or months in Persian digits; a year axis gives the Gregorian year under each Solar Hijri one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import jdatetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from archive.dates import GREGORIAN_MONTHS, JALALI_MONTHS_FA, FuzzyDate, persian_digits, render_day

Days = tuple[datetime.date, datetime.date]  # the earliest and the latest day a bound can mean

WIDTH = 360
PAD = 8
ROW = 34
BAR = 10
TAIL = 22  # length of the dashed open end of a bar without a known start or end
MIN_BAR = 4  # a three-month seat on a forty-year axis still shows
LABEL_SIZE = 11
SMALL = 10
BAND = 46  # height of the counts band
INK, MUTED, RULE, PAPER, ACCENT = "#1d1d1f", "#5b5b63", "#d9d6cf", "#fbfaf7", "#5a3e2b"
CHAR = 0.56  # average glyph width as a share of the font size, to fit words in the width


@dataclass(frozen=True)
class Row:
    label: str  # shown above the bar
    name: str  # the link's accessible name: the row in words
    href: str
    start: Days | None = None
    end: Days | None = None
    notes: tuple[str, ...] = ()  # short words after the label: "death commission", "draft"
    marked: bool = False  # drawn with the accent pattern; a note says why (colour is never the only sign)
    css: str = ""


@dataclass(frozen=True)
class Count:
    start: datetime.date
    end: datetime.date  # inclusive
    value: int


def bounds(date: FuzzyDate) -> Days | None:
    """The days a fuzzy date can mean, or None when it is not known."""
    if date.earliest and date.latest:
        return date.earliest, date.latest
    return None


def span_of(
    start: FuzzyDate, end: FuzzyDate, during: FuzzyDate | None = None
) -> tuple[Days | None, Days | None]:
    """A row's start and end bounds. Something held only "during" a period may have begun and ended anywhere
    in it: the whole bar is uncertain."""
    first, last = bounds(start), bounds(end)
    if first is None and last is None and during is not None and bounds(during):
        return bounds(during), bounds(during)
    return first, last


def fit(text: str, size: float, room: float) -> str:
    most = max(4, int(room / (size * CHAR)))
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def isolate(text: str) -> str:
    """Record data (a name, a title) set apart from the text around it, so an English title on a Persian
    chart, or a Persian one on an English chart, keeps its own direction and its punctuation in place."""
    return f"\u2068{text}\u2069"


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR


# Axis ticks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    day: datetime.date
    line1: str
    line2: str = ""


def _year_start(year: int, persian: bool) -> datetime.date:
    return jdatetime.date(year, 1, 1).togregorian() if persian else datetime.date(year, 1, 1)


def _year_of(day: datetime.date, persian: bool) -> int:
    return jdatetime.date.fromgregorian(date=day).year if persian else day.year


def _month_start(year: int, month: int, persian: bool) -> datetime.date:
    return jdatetime.date(year, month, 1).togregorian() if persian else datetime.date(year, month, 1)


def _month_of(day: datetime.date, persian: bool) -> tuple[int, int]:
    if persian:
        j = jdatetime.date.fromgregorian(date=day)
        return j.year, j.month
    return day.year, day.month


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _month_name(month: int, persian: bool) -> str:
    return JALALI_MONTHS_FA[month - 1] if persian else GREGORIAN_MONTHS[month - 1][:3]


def _num(value, persian: bool) -> str:
    return persian_digits(str(value)) if persian else str(value)


def _step(count: int, steps: tuple[int, ...], most: int) -> int:
    return next((s for s in steps if count / s <= most), steps[-1])


def axis(
    first: datetime.date, last: datetime.date, persian: bool
) -> tuple[datetime.date, datetime.date, list[Tick]]:
    """The axis for days from first to last: the domain drawn (whole years, months or days around them) and
    its ticks, in the page's calendar."""
    days = (last - first).days
    if days > 3 * 365:
        y0, y1 = _year_of(first, persian), _year_of(last, persian) + 1
        step = _step(y1 - y0, (1, 2, 5, 10, 20, 25, 50, 100), 6)
        ticks = [
            Tick(
                _year_start(y, persian),
                _num(y, persian),
                _num(_year_start(y, persian).year, persian) if persian else "",
            )
            for y in range(y0, y1 + 1)
            if y % step == 0
        ]
        return _year_start(y0, persian), _year_start(y1, persian), ticks
    if days > 45:
        (y, m), end = _month_of(first, persian), _next_month(*_month_of(last, persian))
        months = []
        while (y, m) <= end:
            months.append((y, m))
            y, m = _next_month(y, m)
        step = _step(len(months), (1, 2, 3, 6), 7)
        ticks, shown_year = [], None
        for y, m in months:
            if (m - 1) % step:
                continue
            ticks.append(
                Tick(
                    _month_start(y, m, persian),
                    _month_name(m, persian),
                    _num(y, persian) if y != shown_year else "",
                )
            )
            shown_year = y
        return _month_start(*months[0], persian), _month_start(*months[-1], persian), ticks
    domain_end = last + datetime.timedelta(days=1)
    step = _step(days + 1, (1, 2, 5, 7, 14), 7)
    ticks, shown_month = [], None
    day = first
    while day <= domain_end:
        year, month = _month_of(day, persian)
        number = jdatetime.date.fromgregorian(date=day).day if persian else day.day
        ticks.append(
            Tick(day, _num(number, persian), _month_name(month, persian) if month != shown_month else "")
        )
        shown_month = month
        day += datetime.timedelta(days=step)
    return first, domain_end, ticks


# Drawing --------------------------------------------------------------------------------------------


class Canvas:
    """SVG elements in left-to-right coordinates, mirrored for a right-to-left page."""

    def __init__(self, rtl: bool):
        self.rtl = rtl
        self.parts: list[str] = []

    def x(self, x: float) -> float:
        return WIDTH - x if self.rtl else x

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def rect(self, x: float, y: float, w: float, h: float, **attrs) -> str:
        if self.rtl:
            x = WIDTH - x - w
        return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}"{_attrs(attrs)}/>'

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs) -> str:
        return (
            f'<line x1="{self.x(x1):.1f}" y1="{y1:.1f}" x2="{self.x(x2):.1f}" y2="{y2:.1f}"{_attrs(attrs)}/>'
        )

    def text(self, x: float, y: float, content: str, anchor: str = "start", **attrs) -> str:
        return f'<text x="{self.x(x):.1f}" y="{y:.1f}" text-anchor="{anchor}"{_attrs(attrs)}>{escape(content)}</text>'


def _attrs(attrs: dict) -> str:
    names = {"css_class": "class"}
    return "".join(
        f' {names.get(key, key.replace("_", "-"))}="{escape(value)}"' for key, value in attrs.items()
    )


def _patterns(chart_id: str) -> str:
    """Hatching for the uncertain part of a bar: grey for posts, the accent colour for a marked row."""
    return "".join(
        f'<pattern id="{chart_id}-{name}" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="{PAPER}"/>'
        f'<rect width="1.6" height="4" fill="{colour}"/></pattern>'
        for name, colour in (("hatch", MUTED), ("hatch-marked", ACCENT))
    )


def draw(
    rows: list[Row],
    *,
    chart_id: str,
    title: str,
    description: str,
    persian: bool,
    counts: list[Count] | None = None,
    counts_label: str = "",
) -> SafeString:
    """The chart as inline SVG, or "" when nothing in it has a date."""
    counts = [c for c in counts or [] if c.value]
    days = [d for row in rows for pair in (row.start, row.end) if pair for d in pair]
    days += [d for c in counts for d in (c.start, c.end)]
    if not days:
        return mark_safe("")
    first, last, ticks = axis(min(days), max(days), persian)
    # room for the dashed open end of a bar beyond the last (or before the first) known day
    left = PAD + (TAIL if any(row.end and not row.start for row in rows) else 0)
    right = WIDTH - PAD - (TAIL if any(row.start and not row.end for row in rows) else 0)
    span = max((last - first).days, 1)

    def at(day: datetime.date) -> float:
        return left + (day - first).days / span * (right - left)

    canvas = Canvas(rtl=persian)
    top = PAD
    rows_bottom = top + ROW * len(rows)
    band_top = rows_bottom + (8 if counts else 0)
    axis_y = band_top + (BAND if counts else 0) + 4
    height = axis_y + (30 if persian and len(ticks[0].line2 or "") else 26)

    # gridlines behind everything (decorative: the same dates are in the text)
    grid = [canvas.line(at(t.day), top, at(t.day), axis_y, stroke=RULE, stroke_width="1") for t in ticks]
    canvas.add(f'<g aria-hidden="true">{"".join(grid)}</g>')

    for index, row in enumerate(rows):
        canvas.add(_row(canvas, row, top + index * ROW, at, chart_id))

    if counts:
        canvas.add(_band(canvas, counts, band_top, at, counts_label))

    labels = [canvas.line(PAD, axis_y, WIDTH - PAD, axis_y, stroke=MUTED, stroke_width="1")]
    for tick in ticks:
        x = at(tick.day)
        labels.append(canvas.line(x, axis_y, x, axis_y + 4, stroke=MUTED, stroke_width="1"))
        anchor = "start" if x - PAD < 12 else "end" if WIDTH - PAD - x < 12 else "middle"
        labels.append(canvas.text(x, axis_y + 15, tick.line1, anchor, font_size=str(SMALL), fill=MUTED))
        if tick.line2:
            labels.append(
                canvas.text(x, axis_y + 26, tick.line2, anchor, font_size=str(SMALL - 1), fill=MUTED)
            )
    canvas.add(f'<g class="axis" aria-hidden="true">{"".join(labels)}</g>')

    direction = "rtl" if persian else "ltr"
    return mark_safe(
        f'<svg id="{chart_id}" class="chart-svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'role="group" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'direction="{direction}" font-size="{LABEL_SIZE}" xmlns="http://www.w3.org/2000/svg" '
        f'data-first="{first.isoformat()}" data-last="{last.isoformat()}">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"<defs>{_patterns(chart_id)}</defs>{''.join(canvas.parts)}</svg>"
    )


def _row(canvas: Canvas, row: Row, y: float, at, chart_id: str) -> str:
    left, right = PAD, WIDTH - PAD
    colour = ACCENT if row.marked else MUTED
    hatch = f"url(#{chart_id}-{'hatch-marked' if row.marked else 'hatch'})"
    bar_y = y + 17
    parts = [
        # the whole row is the link's target: easy to hit on a phone
        canvas.rect(
            left - 4, y + 1, right - left + 8, ROW - 2, fill=PAPER, fill_opacity="0", css_class="hit"
        ),
        canvas.line(left, bar_y + BAR / 2, right, bar_y + BAR / 2, stroke=RULE, stroke_width="1"),
    ]
    notes = list(row.notes)
    segments: list[tuple[float, float, str]] = []  # (x from, x to, "solid" | "uncertain")
    open_start = open_end = None
    if row.start and row.end:
        s0, s1 = at(row.start[0]), at(row.start[1])
        e0, e1 = at(row.end[0]), at(row.end[1])
        if s1 >= e0:  # the uncertain bounds overlap: all of it is uncertain
            segments.append((min(s0, e0), max(s1, e1), "uncertain"))
        else:
            if s1 > s0:
                segments.append((s0, s1, "uncertain"))
            segments.append((s1, e0, "solid"))
            if e1 > e0:
                segments.append((e0, e1, "uncertain"))
    elif row.start:
        s0, s1 = at(row.start[0]), at(row.start[1])
        if s1 > s0:
            segments.append((s0, s1, "uncertain"))
        open_end = s1
        notes.append(gettext("end not known"))
    elif row.end:
        e0, e1 = at(row.end[0]), at(row.end[1])
        if e1 > e0:
            segments.append((e0, e1, "uncertain"))
        open_start = e0
        notes.append(gettext("start not known"))
    else:
        notes.append(gettext("dates not known"))

    if segments:
        low, high = min(s[0] for s in segments), max(s[1] for s in segments)
        if high - low < MIN_BAR:
            middle = (low + high) / 2
            segments = [(middle - MIN_BAR / 2, middle + MIN_BAR / 2, segments[0][2])]
    for x0, x1, kind in segments:
        width = max(x1 - x0, 1.5)
        if kind == "solid":
            parts.append(canvas.rect(x0, bar_y, width, BAR, fill=colour, css_class="bar"))
        else:
            parts.append(
                canvas.rect(
                    x0,
                    bar_y,
                    width,
                    BAR,
                    fill=hatch,
                    stroke=colour,
                    stroke_width="1",
                    css_class="bar uncertain",
                )
            )
    if open_end is not None:
        parts.append(_tail(canvas, open_end, open_end + TAIL, bar_y, colour, "open-end"))
    if open_start is not None:
        parts.append(_tail(canvas, open_start - TAIL, open_start, bar_y, colour, "open-start"))

    # the label line: the row's name, then its notes
    note_text = " · ".join(notes)
    room = right - left - (text_width(note_text, SMALL) + 8 if note_text else 0)
    label = fit(row.label, LABEL_SIZE, max(room, (right - left) / 2))
    spans = f'<tspan font-weight="600" fill="{INK}">{escape(isolate(label))}</tspan>'
    if note_text:
        spans += f'<tspan fill="{colour if row.marked else MUTED}" font-size="{SMALL}"> · {escape(note_text)}</tspan>'
    parts.append(
        f'<text x="{canvas.x(left):.1f}" y="{y + 12:.1f}" text-anchor="start" class="row-label">{spans}</text>'
    )
    css = " ".join(filter(None, ["row", "marked" if row.marked else "", row.css]))
    return (
        f'<a href="{escape(row.href)}" aria-label="{escape(row.name)}" class="{css}">'
        f"<title>{escape(row.name)}</title>{''.join(parts)}</a>"
    )


def _tail(canvas: Canvas, x0: float, x1: float, y: float, colour: str, css: str) -> str:
    """A dashed bar open at its far end: the post went on (or began) at a time no source gives."""
    dashed = {"stroke": colour, "stroke_width": "1.2", "stroke_dasharray": "3 2"}
    top, bottom = canvas.line(x0, y, x1, y, **dashed), canvas.line(x0, y + BAR, x1, y + BAR, **dashed)
    closed = x0 if css == "open-end" else x1  # the known side is drawn closed
    edge = canvas.line(closed, y, closed, y + BAR, stroke=colour, stroke_width="1.2")
    return f'<g class="{css}">{top}{bottom}{edge}</g>'


def _band(canvas: Canvas, counts: list[Count], top: float, at, label: str) -> str:
    """Columns for counts by period (deaths by day or month), scaled on the largest; decorative, because
    the same numbers are in a table beside the chart."""
    most = max(c.value for c in counts)
    room = BAND - 14
    parts = [canvas.text(PAD, top + 9, label, "start", font_size=str(SMALL), fill=MUTED)]
    for count in counts:
        x0, x1 = at(count.start), at(count.end + datetime.timedelta(days=1))
        height = max(count.value / most * room, 1)
        parts.append(
            canvas.rect(
                x0 + 0.3,
                top + BAND - height,
                max(x1 - x0 - 0.6, 1.2),
                height,
                fill=INK,
                css_class="count",
                data_value=str(count.value),
                data_start=count.start.isoformat(),
            )
        )
    return f'<g class="counts" aria-hidden="true">{"".join(parts)}</g>'


# Counting by period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str
    value: int
    precision: str  # "day" or "month"


def by_period(spans, persian: bool) -> tuple[list[Period], int, int]:
    """Counts of dated things grouped by day (when the day-dated ones fall within six weeks) or by month of
    the page's calendar.

    `spans` is (earliest, latest, count) rows, as a database GROUP BY gives them. Returns the periods in date
    order, the count whose dates are wider than a period (a season, a year, a month in the other calendar),
    and the count with no date at all. Nothing is placed on a day or month its date does not fix.
    """
    single_days = [earliest for earliest, latest, _n in spans if earliest and earliest == latest]
    by_day = bool(single_days) and (max(single_days) - min(single_days)).days <= 45
    periods: dict[tuple[datetime.date, str], int] = {}
    wider = undated = 0
    for earliest, latest, n in spans:
        if not earliest:
            undated += n
        elif by_day and earliest == latest:
            periods[(earliest, "day")] = periods.get((earliest, "day"), 0) + n
        elif _month_of(earliest, persian) == _month_of(latest, persian):
            start = _month_start(*_month_of(earliest, persian), persian)
            periods[(start, "month")] = periods.get((start, "month"), 0) + n
        else:
            wider += n
    result = []
    # by the day each period ends: a month known without its day comes after the days of that month
    for (start, precision), value in sorted(
        periods.items(), key=lambda pair: (_period_end(*pair[0], persian), pair[0])
    ):
        if precision == "day":
            result.append(Period(start, start, render_day(start, persian), value, precision))
        else:
            year, month = _month_of(start, persian)
            names = JALALI_MONTHS_FA if persian else GREGORIAN_MONTHS
            label = persian_digits(f"{names[month - 1]} {year}") if persian else f"{names[month - 1]} {year}"
            result.append(Period(start, _period_end(start, precision, persian), label, value, precision))
    return result, wider, undated


def _period_end(start: datetime.date, precision: str, persian: bool) -> datetime.date:
    if precision == "day":
        return start
    following = _month_start(*_next_month(*_month_of(start, persian)), persian)
    return following - datetime.timedelta(days=1)
