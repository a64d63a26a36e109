"""Public lists: filters from the query string, forgiving paging, and counts that stay cheap when large."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Window
from django.shortcuts import render
from django.utils.functional import cached_property

# Up to this many records a list counts them; above, it shows the database's estimate, as "about".
# Counting a million rows takes the database a tenth of a second or more; the estimate, a millisecond.
EXACT_COUNT_LIMIT = 10_000

# A long list is browsed page by page this far; the filters narrow it, the exports give all of it.
# Pages further in would make the database read and skip every record before them (OFFSET).
MAX_PAGES = 200


def estimated_rows(queryset) -> int | None:
    """The PostgreSQL planner's estimate of how many rows the queryset selects, from the table's statistics;
    None on other databases, which count instead."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def about(number: int) -> int:
    """An estimate rounded to two significant figures, so that it does not look exact: 998,900 → 1,000,000."""
    if number < 100:
        return number
    magnitude = 10 ** (int(math.log10(number)) - 1)
    return round(number / magnitude) * magnitude


@dataclass(frozen=True)
class Tally:
    """How many records a queryset holds: exact, or (`estimated`) about that many."""

    number: int
    estimated: bool = False


def tally(queryset) -> Tally:
    """The exact count up to EXACT_COUNT_LIMIT; above it, the planner's estimate rounded (`about()`)."""
    guess = estimated_rows(queryset)
    if guess is not None and guess > EXACT_COUNT_LIMIT:
        return Tally(about(guess), estimated=True)
    return Tally(queryset.count())


class EstimatingPaginator(Paginator):
    """A paginator that counts exactly up to EXACT_COUNT_LIMIT and estimates above it (`estimated` says
    which), and that offers at most MAX_PAGES pages (`capped` says whether the list goes on after them)."""

    estimated = False
    max_pages = MAX_PAGES  # None: every page (the API, whose readers page through everything)

    @cached_property
    def count(self) -> int:
        counted = tally(self.object_list)
        self.estimated = counted.estimated
        return counted.number

    @cached_property
    def num_pages(self) -> int:
        pages = super().num_pages
        return pages if self.max_pages is None else min(pages, self.max_pages)

    @property
    def listed(self) -> int:
        """How many records the pages offered hold."""
        return min(self.count, self.num_pages * self.per_page)

    @property
    def capped(self) -> bool:
        return self.count > self.listed

    def page(self, number):
        page = super().page(number)
        if self.estimated and not page.object_list and page.number > 1:
            # The estimate was too high and this page is past the end: count exactly after all.
            self.estimated = False
            self.__dict__["count"] = self.object_list.count()
            self.__dict__.pop("num_pages", None)
            if self.max_pages is not None:  # a page of the site: the real last page, as get_page() gives
                number = min(page.number, self.num_pages)
            return self.page(number)  # the API: EmptyPage, past the real end
        return page


def paginate(request, queryset, per_page: int | None = None, paginator=Paginator):
    """The requested page; a page number that is not a number or out of range falls back to the nearest page."""
    return paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))


def render_filtered_list(request, template: str, form, queryset, paginator=Paginator):
    """A list with its filter form applied and paged.

    Filters that do not validate change nothing: the list is shown unfiltered, with the form's
    messages, and the response is a 400 so that crawlers and scripts see the request was bad.
    """
    if form.is_valid():
        page = paginate(request, form.filter(queryset), paginator=paginator)
        return render(request, template, {"form": form, "page": page})
    page = paginate(request, queryset, paginator=paginator)
    return render(request, template, {"form": form, "page": page}, status=400)


def first_and_count(queryset, number: int) -> tuple[list, int]:
    """The first `number` records of an ordered queryset and how many it holds in all, in one query: the
    count is a window over every row, taken before the LIMIT."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:number])
    return rows, (rows[0].total_rows if rows else 0)


class PreviewPaginator(Paginator):
    """The first page and the count of all in one query, with a COUNT(*) OVER () window on the page's rows.

    For previews that show a few records and how many there are (the search's overview of each type):
    the database finds every match once, to rank them, and counts them in the same pass. Only the first
    page is ever asked of it; a list with no rows is counted as 0 without a second query.
    """

    def get_page(self, number=None):
        # What the cached property `count` would have counted, taken with the rows.
        rows, self.count = first_and_count(self.object_list, self.per_page)
        return self._get_page(rows, 1, self)
