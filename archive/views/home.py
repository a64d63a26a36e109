"""The home page: what the archive is, how much it holds, what is new, whose anniversary is today."""

from __future__ import annotations

import contextlib
import datetime

import jdatetime
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from archive.dates import Precision
from archive.models import Event, Source
from perpetrators.models import Perpetrator
from victims.models import Victim


def _same_day_in_past_years(today: datetime.date, persian: bool) -> list[datetime.date]:
    """Gregorian days that share today's day and month, in the calendar of the page, 1900 onwards."""
    if not persian:
        days = []
        for year in range(1900, today.year + 1):
            with contextlib.suppress(ValueError):  # 29 February
                days.append(today.replace(year=year))
        return days
    j = jdatetime.date.fromgregorian(date=today)
    days = []
    for year in range(1279, j.year + 1):
        with contextlib.suppress(ValueError):  # 30 Esfand outside leap years
            days.append(jdatetime.date(year, j.month, j.day).togregorian())
    return days


@require_safe
def home(request):
    today = timezone.localdate()
    persian = (get_language() or "en").startswith("fa")
    victims = Victim.objects.published()
    anniversaries = (
        victims.filter(
            death_precision=Precision.DAY, death_earliest__in=_same_day_in_past_years(today, persian)
        )
        .select_related("death_place")
        .order_by("death_earliest", "name_en")[:20]
    )
    return render(
        request,
        "archive/home.html",
        {
            "counts": {
                "victims": victims.count(),
                "perpetrators": Perpetrator.objects.published().count(),
                "sources": Source.objects.published().count(),
            },
            "events": Event.objects.published().order_by("start_earliest"),
            "recent_victims": victims.select_related("death_place").order_by("-created_at", "-pk")[:8],
            "recent_sources": Source.objects.published().order_by("-created_at", "-pk")[:5],
            "anniversaries": anniversaries,
            "today": today,
        },
    )
