"""Downloads: list and search exports (CSV, JSON), a record's reference (BibTeX, RIS, CSL-JSON),
a source's citations, the Popolo document.

Published records only, for everyone: an export is for taking away, and staff preview drafts on
the pages themselves. A list export takes the list's own query string, through the list's filter form.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive import citation_formats, exports, popolo
from archive.models import Event, Place, Source
from archive.views import search
from archive.views.sources import SourceFilterForm
from perpetrators.forms import PerpetratorFilterForm
from perpetrators.models import Perpetrator
from victims.forms import VictimFilterForm
from victims.models import Victim

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _dated(name: str, extension: str) -> str:
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def stream_rows(columns: list[str], rows, fmt: str, name: str) -> StreamingHttpResponse:
    """Rows as a CSV file or a JSON array, written while they are read from the database."""
    chunks = exports.csv_stream(columns, rows) if fmt == "csv" else exports.json_array_stream(rows)
    response = StreamingHttpResponse(
        exports.in_language(get_language(), chunks), content_type=MEDIA_TYPES[fmt]
    )
    return _attachment(response, _dated(name, fmt))


def stream_table(table: exports.Table, queryset, fmt: str, name: str) -> StreamingHttpResponse:
    return stream_rows(table.columns, table.rows(queryset), fmt, name)


def bad_request(errors: dict[str, list[dict]], fmt: str) -> HttpResponse:
    """A 400 that says which parameter is wrong (errors as form.errors.get_json_data()), in the format asked for."""
    if fmt == "json":
        return JsonResponse({"errors": errors}, status=400)
    lines = [
        f"{field}: {error['message']}" if field != "__all__" else error["message"]
        for field, field_errors in errors.items()
        for error in field_errors
    ]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _filtered_export(request, fmt: str, table: exports.Table, form, records) -> HttpResponse:
    if not form.is_valid():
        return bad_request(form.errors.get_json_data(), fmt)
    return stream_table(table, form.filter(records), fmt, table.name)


@require_safe
def victim_export(request, fmt):
    records = Victim.objects.published().in_name_order()
    return _filtered_export(request, fmt, exports.VICTIMS, VictimFilterForm(request.GET), records)


@require_safe
def perpetrator_export(request, fmt):
    records = Perpetrator.objects.published().in_name_order()
    return _filtered_export(request, fmt, exports.PERPETRATORS, PerpetratorFilterForm(request.GET), records)


@require_safe
def source_export(request, fmt):
    records = Source.objects.published().order_by("-published_earliest", "title_en", "pk")
    return _filtered_export(request, fmt, exports.SOURCES, SourceFilterForm(request.GET), records)


@require_safe
def search_export(request, fmt):
    """The victims, perpetrators and sources of a search (/search/?q=…&type=…), as the public finds them."""
    form = search.SearchForm(request.GET, user=AnonymousUser())  # published records only, even for staff
    if not form.is_valid():
        return bad_request(form.errors.get_json_data(), fmt)
    query = form.cleaned_data["q"]
    if query is None:
        return bad_request(
            {"q": [{"message": str(_("Give a query to export its results.")), "code": "required"}]}, fmt
        )
    place_ids = form.place_ids() if form.cleaned_data.get("place") else []
    chosen = form.cleaned_data["type"]
    found = zip(
        (exports.VICTIMS, exports.PERPETRATORS, exports.SOURCES),
        search.matches(form, query, place_ids),
        strict=True,
    )
    parts = [(table, queryset) for table, queryset in found if chosen in ("", table.name)]
    columns = exports.typed_columns(table for table, _queryset in parts)
    return stream_rows(columns, exports.typed_rows(parts), fmt, "search")


@require_safe
def source_citations(request, slug, fmt):
    """What a source supports: its public citations, as on its page."""
    source = Source.objects.published().by_slug_or_404(slug)
    if source.slug != slug:
        return redirect("source_citations", slug=source.slug, fmt=fmt, permanent=True)
    citations = exports.public_citations().filter(source=source).order_by("pk")
    return stream_table(exports.CITATIONS, citations, fmt, f"{source.slug}-citations")


@require_safe
def perpetrators_popolo(request):
    response = StreamingHttpResponse(
        exports.in_language(get_language(), popolo.document()), content_type=MEDIA_TYPES["json"]
    )
    return _attachment(response, _dated("perpetrators-popolo", "json"))


def _reference(records, slug: str, fmt: str, url_name: str) -> HttpResponse:
    record = records.by_slug_or_404(slug)
    if record.slug != slug:
        return redirect(url_name, slug=record.slug, fmt=fmt, permanent=True)
    write, media_type, extension = citation_formats.FORMATS[fmt]
    response = HttpResponse(write(citation_formats.reference(record)), content_type=media_type)
    return _attachment(response, f"{record.slug}.{extension}")


@require_safe
def victim_reference(request, slug, fmt):
    return _reference(Victim.objects.published(), slug, fmt, "victim_reference")


@require_safe
def perpetrator_reference(request, slug, fmt):
    return _reference(Perpetrator.objects.published(), slug, fmt, "perpetrator_reference")


@require_safe
def source_reference(request, slug, fmt):
    return _reference(Source.objects.published(), slug, fmt, "source_reference")


@require_safe
def event_reference(request, slug, fmt):
    return _reference(Event.objects.published(), slug, fmt, "event_reference")


@require_safe
def place_reference(request, slug, fmt):
    return _reference(Place.objects.published(), slug, fmt, "place_reference")
