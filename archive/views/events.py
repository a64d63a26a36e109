"""Events: the list, and a page per event with its competing estimates side by side and its timeline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_safe

from archive.aggregates import kept_until_change
from archive.charts import estimates as estimates_chart
from archive.charts import timeline
from archive.dates import render_day
from archive.footnotes import Footnotes
from archive.lists import first_and_count
from archive.models import Event, Place
from archive.models.publication import localized
from archive.templatetags.archive_tags import cite, digits, number
from editorial.public import keeps_withdrawn_address
from perpetrators.models import Perpetrator, Position
from victims.models import Victim

VICTIMS_SHOWN = 60
# An event may name thousands of officials (the 1988 massacre's commissions and prisons): the page lists the
# first ones by name, with their posts on the timeline, and links to the officials list filtered by the event.
OFFICIALS_SHOWN = 20
# What a position on the event's timeline cites, in the order its footnote markers show.
POSITION_CLAIMS = ("start", "end", "during", "title", "general", "commission_role", "organization")
ESTIMATE_CLAIMS = ("count", "general", "estimated_by")  # as the table of estimates cites them


@require_safe
def event_list(request):
    events = Event.objects.visible_to(request.user).order_by("start_earliest", "name_en")
    return render(request, "archive/event_list.html", {"events": events})


@dataclass
class TimelineItem:
    """One dated thing in the event's timeline list: its start or end, a post, the deaths at a place."""

    anchor: str
    kind: str  # "start", "end", "position", "place"
    day: datetime.date | None  # for sorting
    when: str
    record: object = None
    claims: tuple[str, ...] = ()
    deaths: int = 0
    days: tuple[datetime.date, datetime.date] | None = None  # a place's first and last dated death
    footnotes: Footnotes | None = None

    def markers(self) -> str:
        """The footnote markers, numbered when the template reaches them (in page order)."""
        return cite({"footnotes": self.footnotes}, self.record, *self.claims) if self.claims else ""


def _persian() -> bool:
    return (get_language() or "en").startswith("fa")


def _first_footnote(footnotes, record, claims) -> int | None:
    numbers = [n for claim in claims for n, _citation in footnotes.cite(record, claim)]
    return numbers[0] if numbers else None


def _dates_text(start: datetime.date, end: datetime.date) -> str:
    persian = _persian()
    if start == end:
        return render_day(start, persian)
    return gettext("%(start)s to %(end)s") % {
        "start": render_day(start, persian),
        "end": render_day(end, persian),
    }


def _place_spans(places, deaths) -> list[tuple[Place, int, datetime.date | None, datetime.date | None]]:
    """Each of the event's places with its recorded deaths, and the first and last day of those dated
    within a month (a death known only by its year would stretch the span to the whole year)."""
    spans = []
    for place in places:
        rows = [row for row in deaths if row["death_place"] == place.pk]
        dated = [
            r for r in rows if r["death_earliest"] and (r["death_latest"] - r["death_earliest"]).days <= 31
        ]
        spans.append(
            (
                place,
                sum(r["n"] for r in rows),
                min((r["death_earliest"] for r in dated), default=None),
                max((r["death_latest"] for r in dated), default=None),
            )
        )
    return spans


def _timeline_items(event, positions, place_spans, footnotes) -> list[TimelineItem]:
    items = []
    if event.start_date.is_known:
        items.append(
            TimelineItem(
                "timeline-start", "start", event.start_earliest, event.start_date.display(), event, ("start",)
            )
        )
    for position in positions:
        start, end = timeline.span_of(position.start_date, position.end_date, position.during_date)
        when = (start or end)[0]
        items.append(
            TimelineItem(
                f"timeline-position-{position.pk}",
                "position",
                when,
                position.held_when,
                position,
                POSITION_CLAIMS,
            )
        )
    for place, deaths, first, last in place_spans:
        if first:
            item = TimelineItem(f"timeline-place-{place.pk}", "place", first, _dates_text(first, last), place)
            item.deaths, item.days = deaths, (first, last)
            items.append(item)
    if event.end_date.is_known:
        items.append(
            TimelineItem("timeline-end", "end", event.end_earliest, event.end_date.display(), event, ("end",))
        )
    order = {"start": 0, "position": 1, "place": 2, "end": 3}
    items.sort(key=lambda item: (item.day, order[item.kind]))
    for item in items:
        item.footnotes = footnotes
    return items


def event_timeline_chart(event, items, periods, footnotes) -> str:
    """The event, the posts tied to it and the deaths at its places as bars, with the deaths by day or month
    as columns under them. Called by the template where the chart stands, so footnotes number in page order."""
    rows = []
    if event.start_date.is_known or event.end_date.is_known:
        number_ = _first_footnote(footnotes, event, ("start", "end"))
        name = gettext("%(event)s, %(when)s") % {
            "event": event.name,
            "when": " – ".join(d.display() for d in (event.start_date, event.end_date) if d.is_known),
        }
        rows.append(
            timeline.Row(
                label=event.name,
                name=_link_name(name, number_),
                href=f"#fn-{number_}" if number_ else "#timeline-start",
                start=timeline.bounds(event.start_date),
                end=timeline.bounds(event.end_date),
                css="event",
            )
        )
    for item in items:
        if item.kind == "position":
            position = item.record
            number_ = _first_footnote(footnotes, position, POSITION_CLAIMS)
            label = gettext("%(person)s: %(post)s") % {
                "person": position.perpetrator.name,
                "post": position.title,
            }
            start, end = timeline.span_of(position.start_date, position.end_date, position.during_date)
            rows.append(
                timeline.Row(
                    label=label,
                    name=_link_name(
                        gettext("%(post)s, %(when)s") % {"post": label, "when": item.when}, number_
                    ),
                    href=f"#fn-{number_}" if number_ else f"#{item.anchor}",
                    start=start,
                    end=end,
                    notes=(gettext("death commission"),) if position.is_commission else (),
                    marked=position.is_commission,
                    css=f"position-{position.pk}",
                )
            )
        elif item.kind == "place":
            place = item.record
            deaths = _deaths_text(item.deaths)
            first, last = item.days
            rows.append(
                timeline.Row(
                    label=place.name,
                    name=gettext("%(place)s: %(deaths)s, dated %(when)s")
                    % {
                        "place": place.name,
                        "deaths": deaths,
                        "when": item.when,
                    },
                    href=f"#{item.anchor}",
                    start=(first, first),
                    end=(last, last),
                    notes=(deaths,),
                    css=f"place-{place.pk}",
                )
            )
    by_day = any(p.precision == "day" for p in periods)
    counts = [
        timeline.Count(p.start, p.end, p.value)
        for p in periods
        if p.precision == ("day" if by_day else "month")
    ]
    return timeline.draw(
        rows,
        chart_id="event-timeline-chart",
        title=gettext("Timeline of the event"),
        description=gettext(
            "The event, the posts tied to it and the deaths recorded at its places, as bars over time, with the "
            "recorded deaths by day or month as columns. The same facts are listed below."
        ),
        persian=_persian(),
        counts=counts,
        counts_label=gettext("Recorded deaths per day") if by_day else gettext("Recorded deaths per month"),
    )


def _deaths_text(count: int) -> str:
    return ngettext("%(count)s recorded death", "%(count)s recorded deaths", count) % {"count": number(count)}


def _link_name(text: str, footnote: int | None) -> str:
    if footnote:
        return gettext("%(text)s: see source %(number)s") % {"text": text, "number": digits(footnote)}
    return gettext("%(text)s: see the timeline list") % {"text": text}


def draw_estimates(estimates, footnotes) -> str:
    """The estimates side by side. Called by the template above the table, so footnotes number in page order."""
    bars = []
    for estimate in estimates:
        number_ = _first_footnote(footnotes, estimate, ESTIMATE_CLAIMS)
        text = gettext("%(counted)s: %(count)s, according to %(source)s") % {
            "counted": localized(estimate, "counted"),
            "count": estimate.count_text,
            "source": estimate.estimated_by,
        }
        bars.append(
            estimates_chart.Bar(
                low=estimate.count_low,
                high=estimate.count_high,
                count_text=estimate.count_text,
                by=estimate.estimated_by,
                name=_link_name(text, number_)
                if number_
                else gettext("%(text)s: see the table") % {"text": text},
                href=f"#fn-{number_}" if number_ else f"#estimate-{estimate.pk}",
            )
        )
    return estimates_chart.draw(
        bars,
        chart_id="estimates-chart",
        title=gettext("Estimates side by side"),
        description=gettext(
            "Each estimate as a bar on one scale from zero; a range is solid up to its lowest number and hatched "
            "up to its highest. Each bar links to its source. The same estimates are in the table below."
        ),
        persian=_persian(),
    )


def _in_order(records, ids: list) -> list:
    """The records, in the order of their ids (the order a kept list was sorted in)."""
    position = {pk: i for i, pk in enumerate(ids)}
    return sorted(records, key=lambda record: position[record.pk])


@require_safe
@keeps_withdrawn_address(Event)
def event_detail(request, slug):
    user = request.user
    event = (
        Event.objects.visible_to(user)
        .prefetch_related("estimates", Prefetch("places", queryset=Place.objects.visible_to(user)))
        .by_slug_or_404(slug)
    )
    if event.slug != slug:
        return redirect(event, permanent=True)
    estimates = list(event.estimates.all())
    places = list(event.places.all())
    victims = Victim.objects.visible_to(user).filter(events=event)
    positions = Position.objects.visible_to(user).filter(
        event=event, perpetrator__in=Perpetrator.objects.visible_to(user)
    )
    officials = (
        Perpetrator.objects.visible_to(user)
        .filter(pk__in=positions.values("perpetrator"))
        .prefetch_related(Prefetch("positions", queryset=positions.select_related("organization")))
        .in_name_order()
    )
    shown_victims = victims.select_related("death_place").order_by("death_earliest", "name_en", "pk")
    fetched = {}  # the records read while computing the kept figures, so they are not read again

    def figures():
        # One grouped query for every count the page shows: a row per distinct date and place of death, so
        # its size follows the days and places, not the victims (30,000 victims of 1988 give a few hundred
        # rows). It still reads every victim of the event, and the first victims and officials are sorted
        # out of all of them: seconds at a million victims, so kept until the archive changes.
        fetched["victims"] = list(shown_victims[:VICTIMS_SHOWN])
        fetched["officials"], official_count = first_and_count(officials, OFFICIALS_SHOWN)
        return {
            "deaths": list(
                victims.values("death_earliest", "death_latest", "death_place")
                .annotate(n=Count("pk"))
                .order_by()
            ),
            "victim_ids": [victim.pk for victim in fetched["victims"]],
            "official_ids": [official.pk for official in fetched["officials"]],
            "official_count": official_count,
        }

    # Figures of published records only are kept; staff, who see drafts too, get them computed.
    kept = kept_until_change(f"event:{event.pk}", figures, keep=not user.is_staff)
    if not fetched:
        # By primary key alone, not through the event's conditions, which would read all its victims again.
        victims_by_pk = Victim.objects.visible_to(user).select_related("death_place")
        officials_by_pk = Perpetrator.objects.visible_to(user).prefetch_related(
            Prefetch("positions", queryset=positions.select_related("organization"))
        )
        fetched["victims"] = _in_order(victims_by_pk.filter(pk__in=kept["victim_ids"]), kept["victim_ids"])
        fetched["officials"] = _in_order(
            officials_by_pk.filter(pk__in=kept["official_ids"]), kept["official_ids"]
        )
    deaths = kept["deaths"]
    by_dates: dict[tuple, int] = {}
    for row in deaths:
        key = (row["death_earliest"], row["death_latest"])
        by_dates[key] = by_dates.get(key, 0) + row["n"]
    periods, wider, undated = timeline.by_period([(*key, n) for key, n in by_dates.items()], _persian())
    perpetrators = fetched["officials"]
    official_count = kept["official_count"]
    dated_positions = [
        position
        for perpetrator in perpetrators
        for position in perpetrator.positions.all()
        if any(timeline.span_of(position.start_date, position.end_date, position.during_date))
    ]
    footnotes = Footnotes.for_records([event, *estimates, *dated_positions])
    place_spans = _place_spans(places, deaths)
    items = _timeline_items(event, dated_positions, place_spans, footnotes)
    return render(
        request,
        "archive/event_detail.html",
        {
            "event": event,
            "estimates": estimates,
            "estimates_chart": partial(draw_estimates, estimates, footnotes),
            "undrawn_estimates": [e for e in estimates if e.count_low is None and e.count_high is None],
            "timeline": items,
            "timeline_chart": partial(event_timeline_chart, event, items, periods, footnotes),
            "periods": periods,
            "deaths_by_day": any(p.precision == "day" for p in periods),
            "deaths_wider": wider,
            "deaths_undated": undated,
            "places_without_dated_deaths": [
                (place, n) for place, n, first, _last in place_spans if not first
            ],
            "victim_count": sum(row["n"] for row in deaths),
            "victims": fetched["victims"],
            "perpetrators": perpetrators,
            "official_count": official_count,
            "footnotes": footnotes,
        },
    )
