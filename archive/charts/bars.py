"""Horizontal bar charts as inline SVG, for counts (the statistics page).

Each row is a label on its own line with its bar beneath it, so that a long Persian name of a province or
an event keeps the full width of a phone instead of squeezing the bars. The drawing is in viewBox units and
scales to its container (width 100%, no fixed pixel size). In a right-to-left page the x coordinates are
mirrored: bars grow from the right and labels start there.

The markup is built with format_html, so labels are escaped; it is a picture (role="img") named by its
<title> and described by its <desc>. The page shows the same numbers in a table beside it, because a
picture is not a text alternative for a reader who needs the numbers. No style attributes and no <style>
element (the Content-Security-Policy allows neither): colours are presentation attributes from the site's
palette, and CSS can still address the classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_bidi

from archive.dates import persian_digits

WIDTH = 360
PAD = 4
LABEL_HEIGHT = 18  # the label's line; its baseline sits 4 units above the bar
BAR_HEIGHT = 14
ROW_GAP = 12
ROW = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
COUNT_SPACE = 64  # kept free at the end of the longest bar for its count
COUNT_GAP = 4
FONT_SIZE = 14
MAX_LABEL = 44  # characters; the table beside the chart has the full label

INK = "#1d1d1f"
MUTED = "#5b5b63"
PAPER = "#fbfaf7"
ACCENT = "#5a3e2b"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    marked: bool = False  # drawn hatched (children); say so in the label too, never by pattern alone
    unknown: bool = False  # drawn hollow ("not known")


def number(value: int, persian: bool) -> str:
    """A count with thousands separators, in the page's digits (as the `number` template filter)."""
    if persian:
        return persian_digits(f"{value:,}".replace(",", "٬"))
    return f"{value:,}"


def _units(value: float) -> str:
    """A coordinate for the markup: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(
    bars: Iterable[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    rtl: bool | None = None,
    persian: bool | None = None,
) -> SafeString:
    """An SVG bar chart: one bar per count, proportional to the largest.

    `chart_id` makes the ids of the title, description and pattern unique on the page. `rtl` and
    `persian` (digits) default to the active language.
    """
    bars = list(bars)
    rtl = get_language_bidi() if rtl is None else rtl
    persian = (get_language() or "en").startswith("fa") if persian is None else persian
    longest = max((bar.count for bar in bars), default=0) or 1
    room = WIDTH - 2 * PAD - COUNT_SPACE
    height = 2 * PAD + max(len(bars) * ROW - ROW_GAP, 0)

    def x(start: float, width: float = 0) -> str:
        """The left edge of something `width` wide that starts `start` units from the page's start side."""
        return _units(WIDTH - start - width if rtl else start)

    rows = []
    for index, bar in enumerate(bars):
        top = PAD + index * ROW
        length = bar.count / longest * room
        if bar.marked:
            fill, stroke = f"url(#{chart_id}-hatch)", ACCENT
        elif bar.unknown:
            fill, stroke = PAPER, MUTED
        else:
            fill, stroke = ACCENT, "none"
        kind = "marked" if bar.marked else "unknown" if bar.unknown else "known"
        rows.append(
            format_html(
                '<g class="bar bar-{}">'
                '<text x="{}" y="{}" text-anchor="start" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>'
                '<text class="count" x="{}" y="{}" text-anchor="start" fill="{}">{}</text>'
                "</g>",
                kind,
                x(PAD),
                _units(top + LABEL_HEIGHT - 4),
                INK,
                _short(bar.label),
                x(PAD, length),
                _units(top + LABEL_HEIGHT),
                _units(length),
                BAR_HEIGHT,
                fill,
                stroke,
                x(PAD + length + COUNT_GAP),
                _units(top + LABEL_HEIGHT + BAR_HEIGHT - 3),
                INK,
                number(bar.count, persian),
            )
        )
    pattern = ""
    if any(bar.marked for bar in bars):
        pattern = format_html(
            '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/>'
            '<rect width="2.5" height="6" fill="{}"/></pattern></defs>',
            chart_id,
            ACCENT,
            PAPER,
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-labelledby="{}-title {}-desc" direction="{}" font-size="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        "rtl" if rtl else "ltr",
        FONT_SIZE,
        chart_id,
        title,
        chart_id,
        description,
        pattern,
        format_html_join("", "{}", ((row,) for row in rows)),
    )
