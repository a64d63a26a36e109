"""Places: the list, and a page per place: what happened there, who was held, died, buried, or judged there."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from archive.aggregates import kept_until_change
from archive.footnotes import Footnotes
from archive.lists import first_and_count
from archive.models import Event, Place, PlaceKind, Status
from archive.models.places import place_and_descendant_ids
from editorial.public import keeps_withdrawn_address
from perpetrators.models import Perpetrator, Position
from victims.models import Victim

VICTIMS_SHOWN = 60
# A province or the country holds thousands of posts: the first ones, death commissions first, then by date.
POSITIONS_SHOWN = 50


def _in_order(records, ids: list) -> list:
    """The records, in the order of their ids (the order a kept list was sorted in)."""
    position = {pk: i for i, pk in enumerate(ids)}
    return sorted(records, key=lambda record: position[record.pk])


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
    # Who was held, died or is buried here: the same rule as the victims list's place filter, which the page
    # links to. At a city with a hundred thousand victims, or the country with thousands of posts, counting
    # and sorting them takes seconds: the counts and the first ones are kept until the archive changes
    # (archive/aggregates.py; published records only: staff, who see drafts too, get them computed).
    held_here = Victim.prisons.through.objects.filter(place__in=within).values("victim")
    victims = Victim.objects.visible_to(user).filter(
        Q(death_place__in=within) | Q(burial_place__in=within) | Q(pk__in=held_here)
    )
    # An organization places its members here only once it is public itself.
    organization_here = Q(organization__place__in=within)
    if not user.is_staff:
        organization_here &= Q(organization__status=Status.PUBLISHED)
    positions = (
        Position.objects.visible_to(user)
        .filter(Q(place__in=within) | organization_here)
        .filter(perpetrator__in=Perpetrator.objects.visible_to(user))
        .timeline()
    )
    shown_victims = victims.select_related("death_place").order_by("death_earliest", "name_en", "pk")
    shown_positions = positions.select_related("perpetrator", "organization")
    fetched = {}  # the records read while computing the kept figures, so they are not read again

    def figures():
        fetched["victims"], victim_count = first_and_count(shown_victims, VICTIMS_SHOWN)
        fetched["positions"], position_count = first_and_count(shown_positions, POSITIONS_SHOWN)
        return {
            "victim_count": victim_count,
            "victim_ids": [victim.pk for victim in fetched["victims"]],
            "position_count": position_count,
            "position_ids": [position.pk for position in fetched["positions"]],
        }

    kept = kept_until_change(f"place:{place.pk}", figures, keep=not user.is_staff)
    if not fetched:
        # By primary key alone: the conditions above would make the database read every prison stay again.
        victims_by_pk = Victim.objects.visible_to(user).select_related("death_place")
        positions_by_pk = Position.objects.select_related("perpetrator", "organization")
        fetched["victims"] = _in_order(victims_by_pk.filter(pk__in=kept["victim_ids"]), kept["victim_ids"])
        fetched["positions"] = _in_order(
            positions_by_pk.filter(pk__in=kept["position_ids"]), kept["position_ids"]
        )
    return render(
        request,
        "archive/place_detail.html",
        {
            "place": place,
            "ancestors": [p for p in place.ancestors() if user.is_staff or p.is_published],
            "events": Event.objects.visible_to(user).filter(places__in=within).distinct(),
            "victim_count": kept["victim_count"],
            "victims": fetched["victims"],
            "positions": fetched["positions"],
            "position_count": kept["position_count"],
            "footnotes": Footnotes.for_records([place]),
        },
    )
