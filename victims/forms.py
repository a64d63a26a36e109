"""Filters of the public victims list."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archive.forms import QueryField, RecordChoiceField, YearRangeForm
from archive.models import Event, Place
from archive.models.places import place_and_descendant_ids
from archive.search import best_first, matching

from .models import Gender, Verification, Victim


class VictimFilterForm(YearRangeForm):
    q = QueryField(label=_("name"))
    event = RecordChoiceField(Event.objects.published(), label=_("event"))
    place = RecordChoiceField(
        Place.objects.published(), label=_("place"), help_text=_("Where they were held, died or are buried.")
    )
    gender = forms.ChoiceField(
        label=_("gender"), required=False, choices=[("", _("any"))] + [c for c in Gender.choices if c[0]]
    )
    verification = forms.ChoiceField(
        label=_("verification"), required=False, choices=[("", _("any")), *Verification.choices]
    )

    field_order = ["q", "event", "place", "gender", "verification", "year_from", "year_to"]

    query = None  # what filter() searched for, so that each row can say why it matched

    def filter(self, victims):
        data = self.cleaned_data
        if data.get("q"):
            self.query = data["q"]
            # Best match first; the variants come along to say which name matched.
            victims = best_first(matching(victims, self.query)).prefetch_related("variants")
        if data.get("event"):
            victims = victims.filter(events=data["event"])
        if data.get("place"):
            ids = place_and_descendant_ids(data["place"], self.fields["place"].queryset)
            # The prisons as a subquery, not a join: no one held in two of them is listed twice, and
            # without DISTINCT the database can read the list in name order and stop at the page's end.
            held_here = Victim.prisons.through.objects.filter(place__in=ids).values("victim")
            victims = victims.filter(Q(death_place__in=ids) | Q(burial_place__in=ids) | Q(pk__in=held_here))
        if data.get("gender"):
            victims = victims.filter(gender=data["gender"])
        if data.get("verification"):
            victims = victims.filter(verification=data["verification"])
        return self.overlapping(victims, "death")
