"""Public perpetrators pages: the list, and a profile whose positions read as one career timeline."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive.facts import split_facts, visible
from archive.footnotes import Footnotes
from archive.lists import render_filtered_list
from editorial.public import keeps_withdrawn_address
from victims.models import PerpetratorLink, Victim

from .forms import PerpetratorFilterForm
from .models import Perpetrator, Position


def _positions_for_user(user):
    return Position.objects.visible_to(user).select_related("organization", "place", "event").timeline()


@require_safe
def perpetrator_list(request):
    form = PerpetratorFilterForm(request.GET)
    perpetrators = (
        Perpetrator.objects.visible_to(request.user)
        .prefetch_related(Prefetch("positions", queryset=_positions_for_user(request.user)))
        .in_name_order()
    )
    return render_filtered_list(request, "perpetrators/perpetrator_list.html", form, perpetrators)


@require_safe
@keeps_withdrawn_address(Perpetrator)
def perpetrator_detail(request, slug):
    user = request.user
    perpetrator = (
        Perpetrator.objects.visible_to(user)
        .select_related("birth_place")
        .prefetch_related("variants", "photos")
        .by_slug_or_404(slug)
    )
    if perpetrator.slug != slug:
        return redirect(perpetrator, permanent=True)
    positions = list(_positions_for_user(user).filter(perpetrator=perpetrator))
    links = PerpetratorLink.objects.filter(
        perpetrator=perpetrator, victim__in=Victim.objects.visible_to(user)
    )
    links = list(links.select_related("victim").order_by("victim__name_en"))
    facts, unknown = split_facts(
        [
            ("birth", _("born"), perpetrator.birth_date),
            ("birth_place", _("place of birth"), visible(perpetrator.birth_place, user)),
            ("death", _("died"), perpetrator.death_date),
        ]
    )
    return render(
        request,
        "perpetrators/perpetrator_detail.html",
        {
            "perpetrator": perpetrator,
            "facts": facts,
            "unknown": unknown,
            "positions": positions,
            "links": links,
            "footnotes": Footnotes.for_records([perpetrator, *positions, *links]),
        },
    )
