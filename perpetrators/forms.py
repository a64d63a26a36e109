"""Filters of the public perpetrators list."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archive.forms import RecordChoiceField
from archive.models import Event, Organization, OrganizationKind, Status


class PerpetratorFilterForm(forms.Form):
    q = forms.CharField(label=_("name"), required=False, max_length=200)
    organization = RecordChoiceField(Organization.objects.published(), label=_("organization"))
    event = RecordChoiceField(Event.objects.published(), label=_("event"))
    commission = forms.BooleanField(label=_("sat on a death commission"), required=False)

    def filter(self, perpetrators):
        data = self.cleaned_data
        # Only published positions may place someone in an organization or event.
        published = Q(positions__status=Status.PUBLISHED)
        if data.get("q"):
            q = data["q"].strip()
            perpetrators = perpetrators.filter(
                Q(name_en__icontains=q) | Q(name_fa__icontains=q) | Q(variants__name__icontains=q)
            )
        if data.get("organization"):
            perpetrators = perpetrators.filter(published, positions__organization=data["organization"])
        if data.get("event"):
            perpetrators = perpetrators.filter(published, positions__event=data["event"])
        if data.get("commission"):
            perpetrators = perpetrators.filter(
                published, positions__organization__kind=OrganizationKind.COMMISSION
            )
        return perpetrators.distinct()
