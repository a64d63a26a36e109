"""Filters of the public perpetrators list."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archive.forms import QueryField, RecordChoiceField
from archive.models import Event, Organization, OrganizationKind, Status
from archive.search import best_first, matching


class PerpetratorFilterForm(forms.Form):
    q = QueryField(label=_("name"))
    organization = RecordChoiceField(Organization.objects.published(), label=_("organization"))
    event = RecordChoiceField(Event.objects.published(), label=_("event"))
    commission = forms.BooleanField(label=_("sat on a death commission"), required=False)

    query = None  # what filter() searched for, so that each row can say why it matched

    def filter(self, perpetrators):
        data = self.cleaned_data
        # Only published positions may place someone in an organization or event.
        published = Q(positions__status=Status.PUBLISHED)
        if data.get("q"):
            self.query = data["q"]
            # Best match first; the variants come along to say which name matched.
            perpetrators = best_first(matching(perpetrators, self.query)).prefetch_related("variants")
        if data.get("organization"):
            perpetrators = perpetrators.filter(published, positions__organization=data["organization"])
        if data.get("event"):
            perpetrators = perpetrators.filter(published, positions__event=data["event"])
        if data.get("commission"):
            perpetrators = perpetrators.filter(
                published, positions__organization__kind=OrganizationKind.COMMISSION
            )
        return perpetrators.distinct()
