"""Places: provinces, cities, prisons, cemeteries, mass graves, courts."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .names import NameVariant
from .publication import BilingualName, Publishable, SluggedRecord, has_a_name


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("country")
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    PRISON = "prison", _("prison")
    CEMETERY = "cemetery", _("cemetery")
    MASS_GRAVE = "mass_grave", _("mass grave")
    COURT = "court", _("court")
    OTHER = "other", _("other place")


class Place(Publishable, SluggedRecord, BilingualName):
    kind = models.CharField(_("kind"), max_length=12, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("lies within"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The province of a city, the city of a prison."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fa = models.TextField(_("description (Persian)"), blank=True)
    citations = GenericRelation("archive.Citation")

    CLAIMS = [
        ("general", _("the record as a whole")),
        ("name", _("name")),
        ("kind", _("kind")),
        ("location", _("location")),
        ("description", _("description")),
    ]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name_en"]
        constraints = [
            has_a_name("place"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_together",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
                violation_error_message=_("Latitude runs from -90 to 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
                violation_error_message=_("Longitude runs from -180 to 180."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="place_not_own_parent",
                violation_error_message=_("A place cannot lie within itself."),
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("place_detail", args=[self.slug])

    def ancestors(self) -> list[Place]:
        """Enclosing places, nearest first (a prison's city, then its province). Guards against loops."""
        chain, seen, place = [], {self.pk}, self.parent
        while place is not None and place.pk not in seen:
            chain.append(place)
            seen.add(place.pk)
            place = place.parent
        return chain


class PlaceName(NameVariant):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="variants")

    class Meta(NameVariant.Meta):
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")


def place_and_descendant_ids(place: Place, places=None) -> list[int]:
    """A place and everything inside it (a province's cities and their prisons), nearest first, in one query.

    The tree is read whole as (place, parent) pairs: places number in the thousands at most, and one
    query, whatever the depth, keeps the pages that use this at a fixed number of queries.
    `places` limits the search to what the visitor may see, e.g. Place.objects.visible_to(user).
    """
    places = Place.objects.all() if places is None else places
    children = defaultdict(list)
    for pk, parent in places.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children[parent].append(pk)
    return ids_within(place.pk, children)


def ids_within(pk: int, children: dict[int, list[int]]) -> list[int]:
    """`pk` and every id below it in `children` (parent id → child ids), breadth first, nearest first."""
    ids, seen = [pk], {pk}
    for current in ids:  # grows as it goes; a loop in the data ends at what was seen
        for child in children.get(current, ()):
            if child not in seen:
                seen.add(child)
                ids.append(child)
    return ids
