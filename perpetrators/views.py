"""Public perpetrators pages: the list, and a profile whose positions read as one career timeline."""

from __future__ import annotations

from functools import partial

from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive.charts import timeline
from archive.facts import split_facts, visible
from archive.footnotes import Footnotes
from archive.lists import render_filtered_list
from archive.templatetags.archive_tags import digits
from editorial.public import keeps_withdrawn_address
from victims.models import PerpetratorLink, Victim

from .forms import PerpetratorFilterForm
from .models import Perpetrator, Position

# The cases a profile lists; the count says how many there are in all.
LINKS_SHOWN = 100


def _positions_for_user(user):
    return Position.objects.visible_to(user).select_related("organization", "place", "event").timeline()


def _claims_in_page_order(position, staff: bool):
    """The claims the positions list cites, in its order, so the chart above it numbers footnotes as the
    list would (a claim missed here only changes the order of the numbers, never where they point)."""
    if position.start_date.is_known:
        yield "start"
    if position.end_date.is_known:
        yield "end"
    if not (position.start_date.is_known or position.end_date.is_known) and position.during_date.is_known:
        yield "during"
    yield from ("title", "general")
    if position.commission_role:
        yield "commission_role"
    organization = position.organization
    if organization and organization.name != position.title and (organization.is_published or staff):
        yield "organization"
    if position.place and position.place.is_published:
        yield "place"
    if position.event and position.event.is_published:
        yield "event"


# The claim a bar's link follows: the post as a whole before its details.
BAR_CLAIMS = (
    "general",
    "title",
    "commission_role",
    "start",
    "during",
    "end",
    "organization",
    "place",
    "event",
)


def career_chart(positions, footnotes, staff: bool) -> str:
    """The positions as a timeline chart. Called by the template where the chart stands (a callable in the
    context), so footnotes are numbered in the order the page shows them."""
    rows = []
    for position in positions:
        numbers = {}
        for claim in _claims_in_page_order(position, staff):
            for number, _citation in footnotes.cite(position, claim):
                numbers.setdefault(claim, number)
        number = next((numbers[c] for c in BAR_CLAIMS if c in numbers), None)
        post = position.title
        if position.commission_role:
            post = gettext("%(title)s (%(role)s)") % {
                "title": post,
                "role": position.get_commission_role_display(),
            }
        if position.is_commission:
            post = gettext("Death commission: %(post)s") % {"post": post}
        if number:
            name = gettext("%(post)s, %(when)s: see source %(number)s")
            href = f"#fn-{number}"
        else:
            name = gettext("%(post)s, %(when)s: see the list of positions")
            href = f"#position-{position.pk}"
        notes = []
        if position.is_commission:
            notes.append(gettext("death commission"))
        if position.status != "published":
            notes.append(position.get_status_display())
        start, end = timeline.span_of(position.start_date, position.end_date, position.during_date)
        rows.append(
            timeline.Row(
                label=position.title,
                name=name % {"post": post, "when": position.held_when, "number": digits(number)},
                href=href,
                start=start,
                end=end,
                notes=tuple(notes),
                marked=position.is_commission,
                css=f"position-{position.pk}",
            )
        )
    return timeline.draw(
        rows,
        chart_id="career-chart",
        title=gettext("Career timeline"),
        description=gettext(
            "Each post held, as a bar over the years it was held; hatched where a source gives only a period "
            "for a start or an end, open where it gives none. Each bar links to its source."
        ),
        persian=(get_language() or "en").startswith("fa"),
    )


@require_safe
def perpetrator_list(request):
    form = PerpetratorFilterForm(request.GET)
    perpetrators = (
        Perpetrator.objects.visible_to(request.user)
        .prefetch_related(Prefetch("positions", queryset=_positions_for_user(request.user)))
        .in_name_order()
    )
    return render_filtered_list(request, "perpetrators/perpetrator_list.html", form, perpetrators)


@require_safe
@keeps_withdrawn_address(Perpetrator)
def perpetrator_detail(request, slug):
    user = request.user
    perpetrator = (
        Perpetrator.objects.visible_to(user)
        .select_related("birth_place")
        .prefetch_related("variants", "photos")
        .by_slug_or_404(slug)
    )
    if perpetrator.slug != slug:
        return redirect(perpetrator, permanent=True)
    positions = list(_positions_for_user(user).filter(perpetrator=perpetrator))
    named_in = PerpetratorLink.objects.filter(
        perpetrator=perpetrator, victim__in=Victim.objects.visible_to(user)
    )
    # A prison's governor or a judge may be named in tens of thousands of cases: the first ones by name,
    # and how many there are (counted only when the list is full, which is rare).
    links = list(named_in.select_related("victim").order_by("victim__name_en", "pk")[:LINKS_SHOWN])
    link_count = len(links) if len(links) < LINKS_SHOWN else named_in.count()
    footnotes = Footnotes.for_records([perpetrator, *positions, *links])
    facts, unknown = split_facts(
        [
            ("birth", _("born"), perpetrator.birth_date),
            ("birth_place", _("place of birth"), visible(perpetrator.birth_place, user)),
            ("death", _("died"), perpetrator.death_date),
        ]
    )
    return render(
        request,
        "perpetrators/perpetrator_detail.html",
        {
            "perpetrator": perpetrator,
            "facts": facts,
            "unknown": unknown,
            "positions": positions,
            "career_chart": partial(career_chart, positions, footnotes, user.is_staff),
            "links": links,
            "link_count": link_count,
            "footnotes": footnotes,
        },
    )
