"""The statistics page: published victims counted several ways, each as a chart, a table and a CSV file.

The figures come from archive/statistics.py, computed in the database and cached for a few minutes per
language; the same figures, for everyone (staff preview drafts on the records' own pages, not here).
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from archive import exports
from archive.charts.bars import Bar, bar_chart
from archive.statistics import CACHE_SECONDS, CHARTS, figures


@require_safe
def statistics(request):
    found = figures()
    charts = [
        (
            chart,
            bar_chart(
                (Bar(row.label, row.count, marked=row.marked, unknown=row.unknown) for row in chart.rows),
                chart_id=f"chart-{chart.name}",
                title=chart.title,
                description=chart.counts,
            ),
        )
        for chart in found.charts
    ]
    as_of = found.computed_at.astimezone(datetime.UTC)
    return render(
        request,
        "archive/statistics.html",
        {
            "figures": found,
            "charts": charts,
            # In UTC, as the page says, whatever the server's time zone; as text, which templates leave alone.
            "as_of_day": as_of.date(),
            "as_of_time": f"{as_of:%H:%M}",
            "cache_minutes": CACHE_SECONDS // 60,
        },
    )


@require_safe
def statistics_csv(request, chart):
    if chart not in CHARTS:
        raise Http404(gettext("There is no such chart."))
    found = figures()
    table = found.chart(chart)
    columns = [table.label_heading, gettext("Published victims"), gettext("Identifier")]
    lines = [exports.csv_header(columns)]
    lines += [
        exports.csv_line(columns, dict(zip(columns, (row.label, row.count, row.key), strict=True)))
        for row in table.rows
    ]
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    filename = f"statistics-{chart}-{found.language}-{found.computed_at:%Y-%m-%d}.csv"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
