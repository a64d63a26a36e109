"""Admin forms read back as the POST data a browser would send, and records to fill the lists.

Tests start from what the page offers and change only the fields they are about, so they keep
working when a field is added to a model.
"""

from __future__ import annotations

import datetime

from django.db.models.fields.files import FieldFile

from archive.models import (
    Estimate,
    Event,
    Organization,
    OrganizationKind,
    Place,
    PlaceKind,
    PlaceName,
    Source,
)
from perpetrators.models import Perpetrator, PerpetratorName, Position
from victims.models import PerpetratorLink, Victim, VictimName


def form_data(response) -> dict:
    """Everything the admin form on this page would submit unchanged, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False or isinstance(value, FieldFile):
                continue
            if value is True:
                value = "on"
            elif isinstance(value, (list, tuple)):
                value = [str(item) for item in value]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            data[form[name].html_name] = value
    return data


def fill_the_archive(n: int, source: Source, first: int = 0) -> None:
    """n records of every kind, numbered from `first`, linked the way real ones are, so lists
    show every column."""
    province = Place.objects.create(name_en="Tehran province", kind=PlaceKind.PROVINCE)
    event = Event.objects.create(
        name_en="1988 massacre", start_text="summer 1367", start_calendar="solar_hijri"
    )
    for i in range(first, first + n):
        prison = Place.objects.create(name_en=f"Prison {i}", kind=PlaceKind.PRISON, parent=province)
        PlaceName.objects.create(place=prison, name=f"Zendan {i}")
        commission = Organization.objects.create(
            name_en=f"Commission {i}", kind=OrganizationKind.COMMISSION, place=province
        )
        Estimate.objects.create(
            event=event,
            counted_en="executed",
            count_text=f"at least {i + 1}",
            count_low=i + 1,
            estimated_by="NGO",
        )
        victim = Victim.objects.create(name_en=f"Victim {i}", death_text="1988", death_place=prison)
        victim.events.add(event)
        VictimName.objects.create(victim=victim, name=f"Variant {i}")
        perpetrator = Perpetrator.objects.create(name_en=f"Official {i}", birth_text="1960")
        PerpetratorName.objects.create(perpetrator=perpetrator, name=f"Alias {i}")
        position = Position.objects.create(
            perpetrator=perpetrator, organization=commission, place=prison, start_text="Mordad 1367",
            start_calendar="solar_hijri",
        )  # fmt: skip
        link = PerpetratorLink.objects.create(victim=victim, perpetrator=perpetrator, role="sentenced")
        for record in (victim, perpetrator, position, link, prison, commission, event):
            record.citations.create(source=source, claim="general", locator=f"p. {i}")
        victim.slug = f"renamed-victim-{i}"
        victim.save()  # leaves the old address behind
