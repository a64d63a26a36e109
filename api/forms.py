"""Which form filters each API list, the filters of the lists no public page filters, and paging.

The victims, perpetrators and sources lists use the filter forms of their pages, so that the API
and the pages filter identically; the forms here have the same shape (`filter(queryset)`).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.forms import RecordChoiceField
from archive.models import (
    Confidence,
    Estimate,
    Event,
    Organization,
    OrganizationKind,
    Place,
    PlaceKind,
    Source,
)
from archive.views.sources import SourceFilterForm
from perpetrators.forms import PerpetratorFilterForm
from perpetrators.models import CommissionRole, Perpetrator, Position
from victims.forms import VictimFilterForm
from victims.models import PerpetratorLink, Victim

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50

# The record types a citation can support, by the name the API gives them.
CITED_TYPES = {
    model._meta.model_name: model
    for model in (
        Victim,
        PerpetratorLink,
        Perpetrator,
        Position,
        Organization,
        Event,
        Estimate,
        Place,
        Source,
    )
}


class PageForm(forms.Form):
    # `initial` is what an absent parameter means; the OpenAPI document gives it as the default.
    page = forms.IntegerField(label=_("page number"), required=False, min_value=1, initial=1)
    page_size = forms.IntegerField(
        label=_("records per page"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        initial=DEFAULT_PAGE_SIZE,
    )


class NoFilterForm(forms.Form):
    """A list without filters: only paging."""

    def filter(self, records):
        return records


class KindFilterForm(forms.Form):
    """Records of one kind; subclasses declare the `kind` field with their model's kinds."""

    def filter(self, records):
        kind = self.cleaned_data.get("kind")
        return records.filter(kind=kind) if kind else records


class PlaceFilterForm(KindFilterForm):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("any")), *PlaceKind.choices])


class OrganizationFilterForm(KindFilterForm):
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("any")), *OrganizationKind.choices]
    )


class PositionFilterForm(forms.Form):
    perpetrator = RecordChoiceField(Perpetrator.objects.published(), label=_("perpetrator"))
    organization = RecordChoiceField(Organization.objects.published(), label=_("organization"))
    event = RecordChoiceField(Event.objects.published(), label=_("event"))
    commission_role = forms.ChoiceField(
        label=_("role in the commission"), required=False, choices=[("", _("any")), *CommissionRole.choices]
    )

    def filter(self, positions):
        data = self.cleaned_data
        for name in ("perpetrator", "organization", "event", "commission_role"):
            if data.get(name):
                positions = positions.filter(**{name: data[name]})
        return positions


class CitationFilterForm(forms.Form):
    source = RecordChoiceField(Source.objects.published(), label=_("source"))
    record_type = forms.ChoiceField(
        label=_("type of the record cited"),
        required=False,
        choices=[("", _("any")), *((name, model._meta.verbose_name) for name, model in CITED_TYPES.items())],
    )
    confidence = forms.ChoiceField(
        label=_("confidence"), required=False, choices=[("", _("any")), *Confidence.choices]
    )

    def filter(self, citations):
        data = self.cleaned_data
        if data.get("source"):
            citations = citations.filter(source=data["source"])
        if data.get("record_type"):
            model = CITED_TYPES[data["record_type"]]
            citations = citations.filter(
                content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
            )
        if data.get("confidence"):
            citations = citations.filter(confidence=data["confidence"])
        return citations


# Each API list and the form that filters it: the public page's own form where the list has a page.
LIST_FILTERS = {
    "victims": VictimFilterForm,
    "perpetrators": PerpetratorFilterForm,
    "positions": PositionFilterForm,
    "organizations": OrganizationFilterForm,
    "sources": SourceFilterForm,
    "citations": CitationFilterForm,
    "events": NoFilterForm,
    "places": PlaceFilterForm,
}
