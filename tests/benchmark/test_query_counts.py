"""Queries per page do not grow with the archive: every benchmark scenario at two sizes, at most 12 each.

The same scenarios as `manage.py benchmark` (archive/benchmark.py), so the pages counted here are the
pages measured there: home, lists with and without filters, search in both scripts with and without
filters, every profile and document page, the API's lists and records, and a sitemap page. The same
addresses are asked in a small archive and again after it has grown eightfold around them.
"""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from archive import benchmark
from victims.models import Victim
from victims.sample_data import sample_records_create

MOST_QUERIES = 12  # issue 8's bound for any public page


def queries_per_address(scenarios: list[benchmark.Scenario]) -> dict[tuple[str, str], int]:
    client = benchmark.client()
    counts = {}
    for scenario in scenarios:
        for url in scenario.urls:
            with CaptureQueriesContext(connection) as captured:
                status = benchmark._get(client, url)
            assert status == 200, f"{url} answered {status}"
            counts[scenario.name, url] = len(captured)
    return counts


@override_settings(ALLOW_SAMPLE_DATA=True, PAGE_CACHE_SECONDS=0)
class QueryCountsAtTwoSizesTestCase(TestCase):
    def test_queries_are_bounded_and_do_not_grow_with_the_archive(self):
        call_command("load_sample_data", "--victims", "40", stdout=StringIO())
        scenarios = benchmark.scenarios()
        queries_per_address(scenarios)  # once unmeasured: the per-process caches (content types) fill
        small = queries_per_address(scenarios)

        sample_records_create(victims=280, seed=7)
        self.assertEqual(Victim.objects.count(), 320)
        large = queries_per_address(scenarios)

        for name in {name for name, _ in small}:
            with self.subTest(scenario=name):
                before = max(count for (scenario, _), count in small.items() if scenario == name)
                after = max(count for (scenario, _), count in large.items() if scenario == name)
                self.assertLessEqual(after, MOST_QUERIES)
                # An address can take a query or two more when a filter that found nothing finds
                # something, but no page type takes more queries than it took in the small archive.
                self.assertLessEqual(after, before)
