"""The read-only JSON API at /api/v1/: a list and a detail endpoint per record type, and its OpenAPI document.

Every query starts from published(), and only public related rows are fetched with it. Lists take
the filters of their public pages through the pages' own forms, the search engine's `q`, and
`page` / `page_size`; a parameter the list does not know, or a value it cannot use, is a 400 with
a JSON error, never an unfiltered answer. Each response is the same for everyone (staff included),
so it may be cached publicly.
"""

from __future__ import annotations

from functools import wraps

from django.core.paginator import EmptyPage, Paginator
from django.db.models import F, Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from archive.exports import public_citations, public_links, public_positions
from archive.lists import EstimatingPaginator
from archive.models import Citation, Estimate, Event, Organization, Place, Source
from perpetrators.models import Perpetrator
from victims.models import Victim

from . import openapi, serializers
from .forms import DEFAULT_PAGE_SIZE, LIST_FILTERS, PageForm

CACHE_SECONDS = 300
ALLOWED_METHODS = ("GET", "HEAD")
JSON_OPTIONS = {"ensure_ascii": False}  # Persian as itself: readable, and a third of the size escaped


def json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS)


def error(status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> JsonResponse:
    return json({"error": {"code": code, "message": message, "fields": fields or {}}}, status=status)


def api_view(view):
    """GET and HEAD only (405 otherwise), a missing record as a JSON 404, cacheable by anyone.

    CSRF checks are off: no view here changes anything, and a POST should hear 405, not 403.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            response = error(
                405,
                "method_not_allowed",
                _("This API is read-only: use GET or HEAD, not %(method)s.") % {"method": request.method},
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
        else:
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = error(404, "not_found", _("There is no public record at this address."))
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    return csrf_exempt(wrapper)


def _page_url(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(request.path + "?" + params.urlencode())


class EveryPagePaginator(EstimatingPaginator):
    """Estimates a count of a long list as the victims page does, but pages to the end: readers of the API
    page through everything."""

    max_pages = None


def _list(request, list_name: str, records, serialize, paginator_class=Paginator) -> JsonResponse:
    """One page of `records` filtered by the list's form, or a 400 that names each parameter at fault."""
    form = LIST_FILTERS[list_name](request.GET)
    paging = PageForm(request.GET)
    fields = {
        parameter: [_("This list has no parameter of that name.")]
        for parameter in request.GET
        if parameter not in form.fields and parameter not in paging.fields
    }
    for bound in (form, paging):
        if not bound.is_valid():
            for parameter, errors in bound.errors.get_json_data().items():
                fields.setdefault(parameter, []).extend(e["message"] for e in errors)
    if not fields:
        paginator = paginator_class(
            form.filter(records), paging.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE
        )
        try:
            page = paginator.page(paging.cleaned_data["page"] or 1)
        except EmptyPage:
            fields["page"] = [_("The last page is %(last)d.") % {"last": paginator.num_pages}]
    if fields:
        return error(400, "invalid_parameters", _("Some parameters are not valid: see “fields”."), fields)
    return json(
        {
            "count": paginator.count,
            # Above archive.lists.EXACT_COUNT_LIMIT records the count is the database's estimate.
            "count_is_estimate": getattr(paginator, "estimated", False),
            "page": page.number,
            "page_size": paginator.per_page,
            "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
            "results": [serialize(record, request) for record in page],
        }
    )


def _detail(request, records, slug: str, url_name: str, serialize) -> JsonResponse:
    """The record at `slug`; an old slug redirects to the record's address, as the pages do."""
    record = records.by_slug_or_404(slug)
    if record.slug != slug:
        return redirect(url_name, slug=record.slug, permanent=True)
    return json(serialize(record, request))


def _by_id(request, records, pk: int, serialize) -> JsonResponse:
    record = records.filter(pk=pk).first()
    if record is None:
        raise Http404
    return json(serialize(record, request))


# What each endpoint fetches: published records, with their public related rows.


def _public_citations() -> Prefetch:
    """A record's citations that may be shown: those of published sources (the record itself is public)."""
    return Prefetch(
        "citations", queryset=Citation.objects.with_public_sources().select_related("source").order_by("pk")
    )


def _victims():
    return (
        Victim.objects.published()
        .select_related("birth_place", "arrest_place", "death_place", "burial_place")
        .prefetch_related(
            "variants",
            Prefetch("events", queryset=Event.objects.published()),
            Prefetch("prisons", queryset=Place.objects.published()),
        )
    )


def _positions():
    return public_positions().select_related("perpetrator", "organization", "place", "event")


def _perpetrators(positions):
    return (
        Perpetrator.objects.published()
        .select_related("birth_place")
        .prefetch_related("variants", Prefetch("positions", queryset=positions.timeline()))
    )


def _events():
    return Event.objects.published().prefetch_related(Prefetch("places", queryset=Place.objects.published()))


def _citations():
    return public_citations().with_records()


# The endpoints.


@api_view
def index(request):
    return json(
        {
            "name": _("1988 and Aban 1398 memorial archive: read-only API"),
            "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
            "endpoints": {
                endpoint.name: request.build_absolute_uri(reverse(f"api:{endpoint.url_name}_list"))
                for endpoint in openapi.ENDPOINTS
            },
        }
    )


@api_view
def openapi_document(request):
    return json(openapi.document(request.build_absolute_uri("/").rstrip("/")))


@api_view
def not_found(request, path=""):
    raise Http404


@api_view
def victim_list(request):
    # A million victims: counted by estimate above EXACT_COUNT_LIMIT (archive/lists.py).
    return _list(request, "victims", _victims().in_name_order(), serializers.victim, EveryPagePaginator)


@api_view
def victim_detail(request, slug):
    links = (
        public_links()
        .select_related("perpetrator", "organization")
        .prefetch_related(_public_citations())
        .order_by("pk")
    )
    victims = _victims().prefetch_related(Prefetch("perpetrator_links", queryset=links), _public_citations())
    return _detail(request, victims, slug, "api:victim_detail", serializers.victim_detail)


@api_view
def perpetrator_list(request):
    perpetrators = _perpetrators(_positions()).in_name_order()
    return _list(request, "perpetrators", perpetrators, serializers.perpetrator)


@api_view
def perpetrator_detail(request, slug):
    positions = _positions().prefetch_related(_public_citations())
    links = (
        public_links()
        .select_related("victim", "organization")
        .prefetch_related(_public_citations())
        .order_by("victim__name_en", "pk")
    )
    perpetrators = _perpetrators(positions).prefetch_related(
        Prefetch("victim_links", queryset=links), _public_citations()
    )
    return _detail(request, perpetrators, slug, "api:perpetrator_detail", serializers.perpetrator_detail)


@api_view
def position_list(request):
    positions = _positions().order_by(
        "perpetrator__name_en", "perpetrator_id", F("start_earliest").asc(nulls_last=True), "pk"
    )
    return _list(request, "positions", positions, serializers.position)


@api_view
def position_detail(request, pk):
    positions = _positions().prefetch_related(_public_citations())
    return _by_id(request, positions, pk, serializers.position_detail)


@api_view
def organization_list(request):
    organizations = Organization.objects.published().select_related("parent", "place").in_name_order()
    return _list(request, "organizations", organizations, serializers.organization)


@api_view
def organization_detail(request, slug):
    organizations = (
        Organization.objects.published()
        .select_related("parent", "place")
        .prefetch_related(_public_citations())
    )
    return _detail(request, organizations, slug, "api:organization_detail", serializers.organization_detail)


@api_view
def source_list(request):
    sources = Source.objects.published().order_by("-published_earliest", "title_en", "pk")
    return _list(request, "sources", sources, serializers.source)


@api_view
def source_detail(request, slug):
    sources = Source.objects.published().prefetch_related(_public_citations())
    return _detail(request, sources, slug, "api:source_detail", serializers.source_detail)


@api_view
def citation_list(request):
    return _list(request, "citations", _citations().order_by("pk"), serializers.citation_detail)


@api_view
def citation_detail(request, pk):
    return _by_id(request, _citations(), pk, serializers.citation_detail)


@api_view
def event_list(request):
    events = _events().order_by("start_earliest", "name_en", "pk")
    return _list(request, "events", events, serializers.event)


@api_view
def event_detail(request, slug):
    estimates = Estimate.objects.prefetch_related(_public_citations())
    events = _events().prefetch_related(Prefetch("estimates", queryset=estimates), _public_citations())
    return _detail(request, events, slug, "api:event_detail", serializers.event_detail)


@api_view
def place_list(request):
    places = Place.objects.published().select_related("parent").prefetch_related("variants").in_name_order()
    return _list(request, "places", places, serializers.place)


@api_view
def place_detail(request, slug):
    places = (
        Place.objects.published().select_related("parent").prefetch_related("variants", _public_citations())
    )
    return _detail(request, places, slug, "api:place_detail", serializers.place_detail)
