"""Public victims pages: the list with its filters, one page per person, the wall of names, "on this day"."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive.facts import choice, split_facts, visible
from archive.footnotes import Footnotes
from archive.lists import EstimatingPaginator, render_filtered_list
from archive.models import Event, Place
from editorial.public import keeps_withdrawn_address
from perpetrators.models import Perpetrator

from . import memorial
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
    # A million people cannot be counted or paged through at the speed of a page: see EstimatingPaginator.
    return render_filtered_list(request, "victims/victim_list.html", form, victims, EstimatingPaginator)


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


def _is_persian() -> bool:
    return (get_language() or "en").startswith("fa")


@require_safe
def wall_of_names(request):
    by = request.GET.get("by", memorial.DEFAULT_GROUPING)
    grouping = memorial.GROUPINGS.get(by)
    message, status = "", 200
    if grouping is None:
        message = gettext(
            "The names cannot be grouped “%(by)s”: choose by event, by prison or city, or by date of death. "
            "They are shown by event."
        ) % {"by": by[:40]}
        grouping, status = memorial.GROUPINGS[memorial.DEFAULT_GROUPING], 400
    return render(
        request,
        "victims/wall.html",
        {
            "wall": memorial.wall(grouping, _is_persian()),
            "groupings": memorial.GROUPINGS.values(),
            "message": message,
        },
        status=status,
    )


@require_safe
def wall_group(request, grouping, key):
    grouping = memorial.GROUPINGS.get(grouping)
    if grouping is None:
        raise Http404(_("No such grouping."))
    persian = _is_persian()
    group = memorial.group_for(grouping, key, persian)
    if group.key != key:  # an old address of the event or place
        return redirect(reverse("wall_group", args=[grouping.name, group.key]), permanent=True)
    page = memorial.names_page(
        group.members, persian, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "victims/wall.html",
        {"grouping": grouping, "group": group, "page": page},
        status=400 if page.error else 200,
    )


@require_safe
def on_this_day(request):
    persian = _is_persian()
    today = timezone.localdate()
    month, day = this_day = memorial.day_in_calendar(today, persian)
    asked = "month" in request.GET or "day" in request.GET
    form = memorial.DayForm(
        request.GET if asked else None, persian=persian, initial={"month": month, "day": day}
    )
    if asked and form.is_valid():
        month, day = form.cleaned_data["month"], form.cleaned_data["day"]
    return render(
        request,
        "victims/on_this_day.html",
        {
            "form": form,
            "day": memorial.day_label(month, day, persian),
            "is_today": (month, day) == this_day,
            "today": today,
            "deaths": memorial.anniversary_page(
                "death", month, day, persian, today, request.GET.get("deaths")
            ),
            "births": memorial.anniversary_page(
                "birth", month, day, persian, today, request.GET.get("births")
            ),
        },
        status=400 if form.errors else 200,
    )
