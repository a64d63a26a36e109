"""Public victims pages: the list with its filters, and one page per person."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive.facts import choice, split_facts, visible
from archive.footnotes import Footnotes
from archive.lists import render_filtered_list
from archive.models import Event, Place
from editorial.public import keeps_withdrawn_address
from perpetrators.models import Perpetrator

from .forms import VictimFilterForm
from .models import Victim


@require_safe
def victim_list(request):
    form = VictimFilterForm(request.GET)
    victims = (
        Victim.objects.visible_to(request.user)
        .select_related("death_place")
        .prefetch_related(Prefetch("events", queryset=Event.objects.visible_to(request.user)))
        .in_name_order()
    )
    return render_filtered_list(request, "victims/victim_list.html", form, victims)


def _get_victim_for_user(user, slug):
    return (
        Victim.objects.visible_to(user)
        .select_related("birth_place", "arrest_place", "death_place", "burial_place")
        .prefetch_related(
            "variants",
            "photos",
            Prefetch("events", queryset=Event.objects.visible_to(user)),
            Prefetch("prisons", queryset=Place.objects.visible_to(user)),
        )
        .by_slug_or_404(slug)
    )


@require_safe
@keeps_withdrawn_address(Victim)
def victim_detail(request, slug):
    victim = _get_victim_for_user(request.user, slug)
    if victim.slug != slug:
        return redirect(victim, permanent=True)
    user = request.user
    links = victim.perpetrator_links.select_related("perpetrator", "organization")
    if not user.is_staff:
        links = links.filter(Q(perpetrator__isnull=True) | Q(perpetrator__in=Perpetrator.objects.published()))
        links = links.filter(Q(organization__isnull=True) | Q(organization__status="published"))
    links = list(links)
    burial_place = visible(victim.burial_place, user)
    facts, unknown = split_facts(
        [
            ("gender", _("gender"), choice(victim, "gender")),
            ("birth", _("born"), victim.birth_date),
            ("birth_place", _("place of birth"), visible(victim.birth_place, user)),
            ("age_at_death", _("age at death"), victim.age_at_death),
            ("occupation", _("occupation"), victim.occupation),
            ("affiliation", _("affiliation"), victim.affiliation),
            ("events", _("event"), list(victim.events.all())),
            ("arrest", _("arrested"), victim.arrest_date),
            ("arrest", _("place of arrest"), visible(victim.arrest_place, user)),
            ("prisons", _("held in"), list(victim.prisons.all())),
            ("death", _("died"), victim.death_date),
            ("death_place", _("place of death"), visible(victim.death_place, user)),
            ("manner_of_death", _("manner of death"), choice(victim, "manner_of_death")),
            ("charges", _("charges"), victim.charges),
            ("burial", _("burial"), [choice(victim, "burial"), burial_place]),
        ]
    )
    return render(
        request,
        "victims/victim_detail.html",
        {
            "victim": victim,
            "facts": facts,
            "unknown": unknown,
            "links": links,
            "footnotes": Footnotes.for_records([victim, *links]),
        },
    )
