"""Competing estimates drawn side by side as SVG: one bar per estimate, on one scale from zero.

A single number is a solid bar; a range (lowest to highest) is a solid bar to the lowest number and a
hatched, outlined part up to the highest; a ceiling alone ("up to 600") is hatched from zero. Each bar is
labelled with the number as the source words it and who makes it, and links to its footnote. Persian charts
grow from the right and use Persian digits. The table of estimates beside it is the text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from archive.charts.timeline import (
    ACCENT,
    BAR,
    INK,
    LABEL_SIZE,
    MUTED,
    PAD,
    PAPER,
    ROW,
    RULE,
    SMALL,
    WIDTH,
    Canvas,
    fit,
    isolate,
    text_width,
)
from archive.dates import persian_digits


@dataclass(frozen=True)
class Bar:
    low: int | None
    high: int | None
    count_text: str  # the number as the source words it
    by: str  # who makes the estimate
    name: str  # the link's accessible name
    href: str

    @property
    def drawn(self) -> bool:
        return self.low is not None or self.high is not None

    @property
    def largest(self) -> int:
        return max(n for n in (self.low, self.high) if n is not None)


def number(value: int, persian: bool) -> str:
    if persian:
        return persian_digits(f"{value:,}".replace(",", "٬"))
    return f"{value:,}"


def nice_step(largest: int, most: int = 5) -> int:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving at most `most` steps up to `largest`."""
    power = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            step = int(factor * power)
            if step and largest / step <= most:
                return step
        power *= 10


def draw(bars: list[Bar], *, chart_id: str, title: str, description: str, persian: bool) -> SafeString:
    """The chart as inline SVG, or "" when no estimate gives a number."""
    drawn = [bar for bar in bars if bar.drawn]
    if not drawn:
        return mark_safe("")
    step = nice_step(max(bar.largest for bar in drawn))
    top_value = max(-(-max(bar.largest for bar in drawn) // step) * step, step)
    left, right = PAD, WIDTH - PAD

    def at(value: int) -> float:
        return left + value / top_value * (right - left)

    canvas = Canvas(rtl=persian)
    axis_y = PAD + ROW * len(drawn) + 4
    height = axis_y + 20
    grid = [
        canvas.line(at(v), PAD, at(v), axis_y, stroke=RULE, stroke_width="1")
        for v in range(0, top_value + 1, step)
    ]
    canvas.add(f'<g aria-hidden="true">{"".join(grid)}</g>')
    for index, bar in enumerate(drawn):
        canvas.add(_bar(canvas, bar, PAD + index * ROW, at, chart_id))
    labels = [canvas.line(left, axis_y, right, axis_y, stroke=MUTED, stroke_width="1")]
    for value in range(0, top_value + 1, step):
        x = at(value)
        anchor = "start" if value == 0 else "end" if value == top_value else "middle"
        labels.append(canvas.line(x, axis_y, x, axis_y + 4, stroke=MUTED, stroke_width="1"))
        labels.append(
            canvas.text(x, axis_y + 15, number(value, persian), anchor, font_size=str(SMALL), fill=MUTED)
        )
    canvas.add(f'<g class="axis" aria-hidden="true">{"".join(labels)}</g>')
    return mark_safe(
        f'<svg id="{chart_id}" class="chart-svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'role="group" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'direction="{"rtl" if persian else "ltr"}" font-size="{LABEL_SIZE}" xmlns="http://www.w3.org/2000/svg" '
        f'data-scale="{top_value}">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<defs><pattern id="{chart_id}-hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="{PAPER}"/>'
        f'<rect width="1.6" height="4" fill="{ACCENT}"/></pattern></defs>'
        f"{''.join(canvas.parts)}</svg>"
    )


def _bar(canvas: Canvas, bar: Bar, y: float, at, chart_id: str) -> str:
    bar_y = y + 17
    parts = [
        canvas.rect(
            PAD - 4, y + 1, WIDTH - 2 * PAD + 8, ROW - 2, fill=PAPER, fill_opacity="0", css_class="hit"
        ),
    ]
    hatched = {"fill": f"url(#{chart_id}-hatch)", "stroke": ACCENT, "stroke_width": "1"}
    if bar.low is not None and bar.high is not None and bar.high > bar.low:
        kind = "range"
        parts.append(canvas.rect(at(0), bar_y, at(bar.low) - at(0), BAR, fill=ACCENT, css_class="bar low"))
        parts.append(
            canvas.rect(
                at(bar.low),
                bar_y,
                max(at(bar.high) - at(bar.low), 1.5),
                BAR,
                css_class="bar range",
                **hatched,
            )
        )
        # whiskers at both ends of the range
        for value in (bar.low, bar.high):
            parts.append(
                canvas.line(at(value), bar_y - 2, at(value), bar_y + BAR + 2, stroke=INK, stroke_width="1.2")
            )
    elif bar.low is not None:
        kind = "single"
        parts.append(
            canvas.rect(at(0), bar_y, max(at(bar.low) - at(0), 1.5), BAR, fill=ACCENT, css_class="bar low")
        )
    else:
        kind = "ceiling"
        parts.append(
            canvas.rect(at(0), bar_y, max(at(bar.high) - at(0), 1.5), BAR, css_class="bar range", **hatched)
        )
    according = gettext("according to %(source)s") % {"source": isolate(bar.by)}
    room = WIDTH - 2 * PAD
    count = isolate(fit(bar.count_text, LABEL_SIZE, room / 2))
    according = fit(according, SMALL, room - text_width(count, LABEL_SIZE) - 10)
    parts.append(
        f'<text x="{canvas.x(PAD):.1f}" y="{y + 12:.1f}" text-anchor="start" class="row-label">'
        f'<tspan font-weight="600" fill="{INK}">{escape(count)}</tspan>'
        f'<tspan fill="{MUTED}" font-size="{SMALL}"> · {escape(according)}</tspan></text>'
    )
    return (
        f'<a href="{escape(bar.href)}" aria-label="{escape(bar.name)}" class="row {kind}" '
        f'data-low="{bar.low if bar.low is not None else ""}" data-high="{bar.high if bar.high is not None else ""}">'
        f"<title>{escape(bar.name)}</title>{''.join(parts)}</a>"
    )
