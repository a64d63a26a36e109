"""One search across victims, perpetrators and sources: /search/?q= and /fa/search/.

The engine (archive/search.py) finds and ranks the records and says why each matched. Filters narrow
the record types they apply to, and the others drop out: a gender or an age leaves no perpetrator or
source, a year range keeps the sources published in those years. Beside each filter value is how many
victims it would leave, under the other filters.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive.forms import QueryField, RecordChoiceField, YearRangeForm
from archive.lists import PreviewPaginator, paginate
from archive.models import Event, Place, Source, Status
from archive.models.places import ids_within, place_and_descendant_ids
from archive.search import best_first, document_hits, matching, matching_with_pages
from perpetrators.models import Perpetrator, Position
from victims.models import Gender, Verification, Victim

TYPES = [("victims", _("victims")), ("perpetrators", _("perpetrators")), ("sources", _("sources"))]
OVERVIEW_SIZE = 5  # results of each type shown before "see all"

# The filters each record type can be narrowed by; any other active filter leaves that type out.
APPLIES_TO = {
    "victims": {"event", "place", "gender", "verification", "age_from", "age_to", "year_from", "year_to"},
    "perpetrators": {"event", "place"},
    "sources": {"year_from", "year_to"},
}


def _hidden_choice(label, choices):
    return forms.ChoiceField(label=label, required=False, choices=choices, widget=forms.HiddenInput)


class SearchForm(YearRangeForm):
    """The query and its filters. The choices are made by following the filter links beside the results,
    so they travel as hidden fields; the year and age ranges are typed in."""

    q = QueryField(label=_("search for"))
    type = _hidden_choice(_("record type"), [("", _("all")), *TYPES])
    event = RecordChoiceField(Event.objects.none(), label=_("event"), widget=forms.HiddenInput)
    place = RecordChoiceField(Place.objects.none(), label=_("place"), widget=forms.HiddenInput)
    gender = _hidden_choice(_("gender"), [("", _("any")), *[c for c in Gender.choices if c[0]]])
    verification = _hidden_choice(_("verification"), [("", _("any")), *Verification.choices])
    age_from = forms.IntegerField(label=_("from age"), required=False, min_value=0, max_value=120)
    age_to = forms.IntegerField(label=_("to age"), required=False, min_value=0, max_value=120)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["event"].queryset = Event.objects.visible_to(user)
        self.fields["place"].queryset = Place.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("age_from"), cleaned.get("age_to")
        if start is not None and end is not None and start > end:
            raise forms.ValidationError(_("The lower age is above the higher one."))
        return cleaned

    @property
    def bad_filters(self) -> bool:
        """Whether a filter (not the query: a query the engine cannot search is only a message) is wrong."""
        return bool(set(self.errors) - {"q"})

    def active(self) -> set[str]:
        """The filters in use (victims take every filter there is)."""
        return {name for name in APPLIES_TO["victims"] if self.cleaned_data.get(name) not in (None, "")}

    def applies_to(self, kind: str) -> bool:
        return self.active() <= APPLIES_TO[kind]

    def place_ids(self) -> list[int]:
        return place_and_descendant_ids(self.cleaned_data["place"], Place.objects.visible_to(self.user))

    def filter_victims(self, victims, place_ids, skip: str = ""):
        """The victims under every active filter but `skip`, so that a facet counts under the others."""
        data = self.cleaned_data
        if data.get("event") and skip != "event":
            victims = victims.filter(events=data["event"])
        if data.get("place") and skip != "place":
            # A subquery, not a join: someone held in two prisons of a province is counted once.
            victims = victims.filter(pk__in=Victim.objects.filter(_in_places(place_ids)).values("pk"))
        for name in ("gender", "verification"):
            if data.get(name) and skip != name:
                victims = victims.filter(**{name: data[name]})
        if data.get("age_from") is not None:
            victims = victims.filter(age_at_death__gte=data["age_from"])
        if data.get("age_to") is not None:
            victims = victims.filter(age_at_death__lte=data["age_to"])
        return self.overlapping(victims, "death")

    def filter_perpetrators(self, perpetrators, place_ids):
        """Perpetrators by the posts that place them in an event or a place."""
        data = self.cleaned_data
        positions = Position.objects.visible_to(self.user)
        if data.get("event"):
            perpetrators = perpetrators.filter(
                pk__in=positions.filter(event=data["event"]).values("perpetrator")
            )
        if data.get("place"):
            # As on a place's page: an organization places its members only once it is public itself.
            organization_here = Q(organization__place__in=place_ids)
            if not self.user.is_staff:
                organization_here &= Q(organization__status=Status.PUBLISHED)
            here = positions.filter(Q(place__in=place_ids) | organization_here)
            perpetrators = perpetrators.filter(pk__in=here.values("perpetrator"))
        return perpetrators


def _in_places(ids) -> Q:
    return Q(death_place__in=ids) | Q(burial_place__in=ids) | Q(prisons__in=ids)


def matches(form, query, place_ids):
    """The victims, perpetrators and sources that match, best first, under the filters that apply to each;
    a type that an active filter cannot narrow is left out."""
    user = form.user
    victims, perpetrators, sources = Victim.objects.none(), Perpetrator.objects.none(), Source.objects.none()
    if form.applies_to("victims"):
        victims = form.filter_victims(matching(Victim.objects.visible_to(user), query), place_ids)
        victims = (
            best_first(victims.in_name_order()).select_related("death_place").prefetch_related("variants")
        )
    if form.applies_to("perpetrators"):
        perpetrators = form.filter_perpetrators(
            matching(Perpetrator.objects.visible_to(user), query), place_ids
        )
        perpetrators = best_first(perpetrators.in_name_order()).prefetch_related("variants")
    if form.applies_to("sources"):
        sources = Source.objects.visible_to(user).order_by("title_en", "title_fa")
        sources = best_first(form.overlapping(matching_with_pages(sources, query), "published"))
    return victims, perpetrators, sources


def _results(request, queryset, kind: str, chosen: str):
    """The page of results of one type: the whole list when it is the type chosen, else its first few."""
    if chosen and chosen != kind:
        return None, queryset.count()
    if not chosen:  # an overview of each type: its first few and their count, in one query
        page = PreviewPaginator(queryset, OVERVIEW_SIZE).get_page(1)
        return page, page.paginator.count
    page = paginate(request, queryset)
    return page, page.paginator.count


def _facets(form, query, place_ids, tree) -> dict:
    """Each victim filter's values with how many matching victims each leaves under the other filters.

    A facet whose filter is not in use counts under the same filters as every other such facet, so
    their counts come from one query; a facet in use has its own, without its filter.
    """
    user = form.user
    matched = matching(Victim.objects.visible_to(user), query)
    active = form.active()

    def under_others(skip):
        # No join in it repeats a victim (the place filter is a subquery), so counts can read it as is.
        return form.filter_victims(matched, place_ids, skip=skip if skip in active else "")

    # The events are counted like the other facets, in the same pass over the matching victims. (Counted
    # from the events' side, the database read every link of every event: seconds at a million victims.)
    events = list(Event.objects.visible_to(user))
    places = _place_choices(form.cleaned_data["place"], tree)
    conditions = {
        "gender": {value: Q(gender=value) for value, _ in Gender.choices if value},
        "verification": {value: Q(verification=value) for value, _ in Verification.choices},
        "place": {str(place.pk): _in_places(ids) for place, ids in places},
        "event": {str(event.pk): Q(events=event) for event in events},
    }
    by_filters = defaultdict(dict)
    for facet, counted in conditions.items():
        for value, condition in counted.items():
            # distinct: a victim held in two prisons, or linked to two events, is one victim.
            count = Count("pk", distinct=True, filter=condition)
            by_filters[facet if facet in active else ""][f"{facet}__{value}"] = count
    counts = {}
    for skip, wanted in by_filters.items():
        counts |= under_others(skip).aggregate(**wanted)

    def facet(name, choices):
        return [
            (value, label, counts[f"{name}__{value}"])
            for value, label in choices
            if counts.get(f"{name}__{value}")
        ]

    found = [(place, counts[f"place__{place.pk}"]) for place, _ in places if counts[f"place__{place.pk}"]]
    for event in events:
        event.matches = counts[f"event__{event.pk}"]
    return {
        "events": sorted(
            (event for event in events if event.matches),
            key=lambda event: (-event.matches, event.name_en, event.pk),
        ),
        "places": sorted(found, key=lambda pair: (-pair[1], pair[0].name)),
        "genders": facet("gender", Gender.choices),
        "verifications": facet("verification", Verification.choices),
    }


class PlaceTree:
    """The places the visitor may see, read in one query when first needed, for both the place filter
    (the chosen place and everything in it) and the place facet (the places one level down)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def children(self) -> dict[int | None, list[Place]]:
        places = Place.objects.visible_to(self.user).only(
            "pk", "parent_id", "slug", "name_en", "name_fa", "status"
        )
        visible = {place.pk: place for place in places}
        children = defaultdict(list)
        for place in visible.values():
            children[place.parent_id if place.parent_id in visible else None].append(place)
        return children

    @cached_property
    def child_ids(self) -> dict[int | None, list[int]]:
        return {parent: [place.pk for place in places] for parent, places in self.children.items()}

    def within(self, pk) -> list[int]:
        """The place and every place inside it, nearest first."""
        return ids_within(pk, self.child_ids)


def _place_choices(chosen, tree: PlaceTree) -> list[tuple[Place, list[int]]]:
    """The places one level down (inside the chosen place, or the outermost ones), each with the ids of
    the places within it, itself included: a victim held, killed or buried in any of them counts."""
    return [(place, tree.within(place.pk)) for place in tree.children[chosen.pk if chosen else None]]


@require_safe
def search(request):
    form = SearchForm(request.GET, user=request.user)
    if not form.is_valid() and form.bad_filters:
        return render(request, "archive/search.html", {"form": form, "query": None}, status=400)
    query = form.cleaned_data.get("q")
    if query is None:  # left blank, or not a query the engine can search: the form says which
        return render(request, "archive/search.html", {"form": form, "query": None})

    chosen = form.cleaned_data["type"]
    tree = PlaceTree(request.user)
    place_ids = tree.within(form.cleaned_data["place"].pk) if form.cleaned_data.get("place") else []
    victims, perpetrators, sources = matches(form, query, place_ids)
    victim_page, victim_count = _results(request, victims, "victims", chosen)
    perpetrator_page, perpetrator_count = _results(request, perpetrators, "perpetrators", chosen)
    source_page, source_count = _results(request, sources, "sources", chosen)
    hits = document_hits(source_page or [], query)
    counts = (victim_count, perpetrator_count, source_count)
    return render(
        request,
        "archive/search.html",
        {
            "form": form,
            "query": query,
            "chosen": chosen,
            "total": sum(counts),
            "types": [(value, label, count) for (value, label), count in zip(TYPES, counts, strict=True)],
            "victims": victim_page,
            "perpetrators": perpetrator_page,
            "sources": source_page,
            "source_rows": [(source, hits.get(source.pk, [])) for source in source_page or []],
            # Shown while a filter is on even if nothing is left, so that it can be taken off.
            "facets": _facets(form, query, place_ids, tree)
            if chosen in ("", "victims") and (victim_count or form.active())
            else None,
        },
    )
