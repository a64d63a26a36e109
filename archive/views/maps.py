"""The map of places: Iran's provinces shaded by how many people are recorded in each, the prisons,
cemeteries, mass graves and cities on them, and the same in a table.

A person counts in the province of their place of death, or of their burial when no place of death is
recorded. A place lies in a province through its parents (prison, city, province), matched to the map's
borders by name; a place with coordinates but no province above it is placed by its coordinates.
Published records only, for everyone: the numbers are public figures. Two queries whatever the size of
the archive: victims are counted per place in the database, places are folded into provinces here.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from archive.charts import map as chart
from archive.models import Place, PlaceKind
from archive.templatetags.archive_tags import number
from victims.models import Victim

# Kinds drawn as points, and the symbol each is drawn with.
POINT_KINDS = {
    PlaceKind.PRISON: "prison",
    PlaceKind.CEMETERY: "grave",
    PlaceKind.MASS_GRAVE: "grave",
    PlaceKind.CITY: "city",
}


class ProvinceFinder:
    """The map province a place lies in, through its parents first and then its coordinates."""

    def __init__(self, places: dict[int, Place]):
        self.places = places
        self.found: dict[int, chart.Province | None] = {}

    def __call__(self, pk: int | None) -> chart.Province | None:
        if pk not in self.found:
            self.found[pk] = self._find(pk)
        return self.found[pk]

    def _find(self, pk: int | None) -> chart.Province | None:
        chain, place = [], self.places.get(pk)
        while place is not None and place not in chain:  # a loop of parents ends the walk
            chain.append(place)
            place = self.places.get(place.parent_id)
        for place in chain:
            if place.kind == PlaceKind.PROVINCE and (
                found := chart.province_named(place.name_en, place.name_fa)
            ):
                return found
        for place in chain:
            if place.latitude is not None and (
                found := chart.province_at(float(place.longitude), float(place.latitude))
            ):
                return found
        return None


def victims_by_province(province_of: ProvinceFinder) -> Counter[str | None]:
    """Published victims per province (by ISO code; None for those no province can be found for), counted
    by place in the database: one query, a row per place, however many victims."""
    counts: Counter[str | None] = Counter()
    rows = (
        Victim.objects.published()
        .values(place=Coalesce("death_place", "burial_place"))
        .annotate(count=Count("*"))
        .order_by()
    )
    for row in rows:
        province = province_of(row["place"])
        counts[province.iso if province else None] += row["count"]
    return counts


def points_and_places(places: dict[int, Place], province_of: ProvinceFinder):
    """The points to draw, the places to list under each province, and each province's own place page."""
    points, held, pages = [], defaultdict(list), {}
    for place in places.values():
        province = province_of(place.pk)
        if place.kind == PlaceKind.PROVINCE and province:
            pages.setdefault(province.iso, place)
        if place.kind not in POINT_KINDS:
            continue
        held[province.iso if province else None].append(place)
        if place.latitude is not None:
            points.append(
                chart.Point(
                    lon=float(place.longitude),
                    lat=float(place.latitude),
                    shape=POINT_KINDS[place.kind],
                    label=_("%(name)s (%(kind)s)") % {"name": place.name, "kind": place.get_kind_display()},
                    url=place.get_absolute_url(),
                )
            )
    return points, held, pages


@require_safe
def place_map(request):
    places = {
        place.pk: place
        for place in Place.objects.published()
        .only("slug", "kind", "parent", "name_en", "name_fa", "latitude", "longitude")
        .order_by("pk")
    }
    province_of = ProvinceFinder(places)
    counts = victims_by_province(province_of)
    points, held, pages = points_and_places(places, province_of)
    highest = max((counts[p.iso] for p in chart.provinces()), default=0)
    rows, areas = [], []
    for province in chart.provinces():
        count, url = (
            counts[province.iso],
            pages[province.iso].get_absolute_url() if province.iso in pages else "",
        )
        label = ngettext(
            "%(province)s: %(count)s person recorded", "%(province)s: %(count)s people recorded", count
        ) % {"province": province.name, "count": number(count)}
        number_shown = number(count) if count else ""
        areas.append(chart.Area(province, chart.shade(count, highest), label, number_shown, url))
        rows.append(
            {"province": province, "count": count, "url": url, "places": _in_order(held[province.iso])}
        )
    rows.sort(key=lambda row: (-row["count"], row["province"].name))
    svg = chart.draw(
        areas,
        points,
        title=_("Map of Iran's provinces and the places in this archive"),
        description=_(
            "Each province is shaded by the number of people recorded there, written on it where there is "
            "room; the table below gives every number. Squares mark prisons, triangles cemeteries and mass "
            "graves, circles cities; each links to the place's page."
        ),
    )
    return render(
        request,
        "archive/map.html",
        {
            "svg": svg,
            "rows": rows,
            "total": sum(counts.values()),
            "unplaced": counts[None],
            "unplaced_places": _in_order(held[None]),
            "shades": chart.shade_ranges(highest),
            "keys": [(chart.marker(shape, 10, 10), label) for shape, label in _point_legend()],
        },
    )


def _in_order(places: list[Place]) -> list[Place]:
    kinds = list(POINT_KINDS)
    return sorted(places, key=lambda place: (kinds.index(place.kind), place.name))


def _point_legend() -> list[tuple[str, str]]:
    return [("prison", _("prison")), ("grave", _("cemetery or mass grave")), ("city", _("city"))]
