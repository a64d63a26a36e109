"""Events: the list, and a page per event with its competing estimates side by side."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from archive.footnotes import Footnotes
from archive.models import Event, Place
from editorial.public import keeps_withdrawn_address
from perpetrators.models import Perpetrator, Position
from victims.models import Victim

VICTIMS_SHOWN = 60


@require_safe
def event_list(request):
    events = Event.objects.visible_to(request.user).order_by("start_earliest", "name_en")
    return render(request, "archive/event_list.html", {"events": events})


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
    victims = Victim.objects.visible_to(user).filter(events=event).select_related("death_place")
    positions = Position.objects.visible_to(user).filter(
        event=event, perpetrator__in=Perpetrator.objects.visible_to(user)
    )
    perpetrators = (
        Perpetrator.objects.visible_to(user)
        .filter(pk__in=positions.values("perpetrator"))
        .prefetch_related(Prefetch("positions", queryset=positions.select_related("organization")))
        .in_name_order()
    )
    return render(
        request,
        "archive/event_detail.html",
        {
            "event": event,
            "estimates": estimates,
            "victim_count": victims.count(),
            "victims": victims.order_by("death_earliest", "name_en")[:VICTIMS_SHOWN],
            "perpetrators": perpetrators,
            "footnotes": Footnotes.for_records([event, *estimates]),
        },
    )
