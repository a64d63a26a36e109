"""Paging through long public lists, forgiving of bad page numbers."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None):
    """The requested page; a page number that is not a number or out of range falls back to the nearest page."""
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))
