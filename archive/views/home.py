"""The home page: what the archive is, how much it holds, what is new, whose anniversary is today."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from archive.lists import Tally, tally
from archive.models import Event, Source
from perpetrators.models import Perpetrator
from victims import memorial
from victims.models import Victim


@require_safe
def home(request):
    today = timezone.localdate()
    persian = (get_language() or "en").startswith("fa")
    victims = Victim.objects.published()
    return render(
        request,
        "archive/home.html",
        {
            # Victims and sources (a million, a hundred thousand) are counted exactly up to EXACT_COUNT_LIMIT
            # and estimated above it, and the page then says "about"; officials, a few thousand, are counted.
            "counts": {
                "victims": tally(victims),
                "perpetrators": Tally(Perpetrator.objects.published().count()),
                "sources": tally(Source.objects.published()),
            },
            "events": Event.objects.published().order_by("start_earliest"),
            "recent_victims": victims.select_related("death_place").order_by("-created_at", "-pk")[:8],
            "recent_sources": Source.objects.published().order_by("-created_at", "-pk")[:5],
            "anniversaries": memorial.home_anniversaries(today, persian),
            "today": today,
        },
    )
