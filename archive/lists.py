"""Public lists: filters from the query string, forgiving paging."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render


def paginate(request, queryset, per_page: int | None = None):
    """The requested page; a page number that is not a number or out of range falls back to the nearest page."""
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))


def render_filtered_list(request, template: str, form, queryset):
    """A list with its filter form applied and paged.

    Filters that do not validate change nothing: the list is shown unfiltered, with the form's
    messages, and the response is a 400 so that crawlers and scripts see the request was bad.
    """
    if form.is_valid():
        return render(request, template, {"form": form, "page": paginate(request, form.filter(queryset))})
    return render(request, template, {"form": form, "page": paginate(request, queryset)}, status=400)
