"""Places: the list, and a page per place: what happened there, who was held, died, buried, or judged there."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from archive.footnotes import Footnotes
from archive.models import Event, Place, PlaceKind, Status
from archive.models.places import place_and_descendant_ids
from editorial.public import keeps_withdrawn_address
from perpetrators.models import Perpetrator, Position
from victims.models import Victim

VICTIMS_SHOWN = 60


@require_safe
def place_list(request):
    places = Place.objects.visible_to(request.user).select_related("parent").order_by("kind", "name_en")
    groups = {}
    for place in places:
        groups.setdefault(place.kind, []).append(place)
    return render(
        request,
        "archive/place_list.html",
        {"groups": [(PlaceKind(kind).label, members) for kind, members in groups.items()]},
    )


@require_safe
@keeps_withdrawn_address(Place)
def place_detail(request, slug):
    user = request.user
    place = (
        Place.objects.visible_to(user)
        .select_related("parent__parent")
        .prefetch_related("variants", Prefetch("children", queryset=Place.objects.visible_to(user)))
        .by_slug_or_404(slug)
    )
    if place.slug != slug:
        return redirect(place, permanent=True)
    within = place_and_descendant_ids(place, Place.objects.visible_to(user))
    victims = (
        Victim.objects.visible_to(user)
        .filter(Q(death_place__in=within) | Q(burial_place__in=within) | Q(prisons__in=within))
        .distinct()
    )
    # An organization places its members here only once it is public itself.
    organization_here = Q(organization__place__in=within)
    if not user.is_staff:
        organization_here &= Q(organization__status=Status.PUBLISHED)
    positions = (
        Position.objects.visible_to(user)
        .filter(Q(place__in=within) | organization_here)
        .filter(perpetrator__in=Perpetrator.objects.visible_to(user))
        .select_related("perpetrator", "organization")
        .timeline()
    )
    return render(
        request,
        "archive/place_detail.html",
        {
            "place": place,
            "ancestors": [p for p in place.ancestors() if user.is_staff or p.is_published],
            "events": Event.objects.visible_to(user).filter(places__in=within).distinct(),
            "victim_count": victims.count(),
            "victims": victims.select_related("death_place").order_by("death_earliest", "name_en")[
                :VICTIMS_SHOWN
            ],
            "positions": positions,
            "footnotes": Footnotes.for_records([place]),
        },
    )
