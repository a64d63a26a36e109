"""The benchmark command on a tiny archive: every scenario measured and written, no timing asserted."""

from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from archive.benchmark import percentile, respell
from archive.models import Place, Source
from perpetrators.models import Perpetrator
from victims.models import Victim

SCENARIOS = {
    "home",
    "search_latin",
    "search_persian",
    "search_latin_filtered",
    "search_persian_filtered",
    "victims_list",
    "victims_list_filtered",
    "victim_profile",
    "perpetrator_profile",
    "source_page",
    "event_page",
    "place_page",
    "api_list",
    "api_detail",
    "sitemap_page",
}


@override_settings(ALLOW_SAMPLE_DATA=True)
class BenchmarkCommandTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_sample_data", "--victims", "12", stdout=StringIO())

    def run_benchmark(self, *args: str) -> tuple[dict, str]:
        path = Path(tempfile.mkdtemp(prefix="archive-benchmark-")) / "figures.json"
        out = StringIO()
        call_command(
            "benchmark",
            "--requests",
            "2",
            "--warmup",
            "0",
            "--no-load",
            "--json",
            str(path),
            *args,
            stdout=out,
        )
        return json.loads(path.read_text(encoding="utf-8")), out.getvalue()

    def test_every_scenario_has_its_times_and_query_counts(self):
        report, _ = self.run_benchmark()
        self.assertEqual(set(report["scenarios"]), SCENARIOS)
        for name, figures in report["scenarios"].items():
            with self.subTest(scenario=name):
                self.assertEqual(figures["requests"], 2)
                for key in ("p50_ms", "p95_ms", "max_ms"):
                    self.assertIsInstance(figures[key], float)
                    self.assertGreaterEqual(figures[key], 0)
                self.assertLessEqual(figures["p50_ms"], figures["max_ms"])
                self.assertGreater(figures["queries"]["max"], 0)
                self.assertLessEqual(figures["queries"]["min"], figures["queries"]["max"])
                self.assertEqual(figures["statuses"], {"200": 2})

    def test_it_reports_the_records_it_ran_against_and_the_machine(self):
        report, output = self.run_benchmark("--scenario", "home")
        self.assertEqual(report["records"]["victims"]["all"], 12)
        self.assertEqual(report["records"]["perpetrators"]["all"], Perpetrator.objects.count())
        self.assertEqual(report["records"]["sources"]["all"], Source.objects.count())
        self.assertEqual(report["records"]["places"]["published"], Place.objects.published().count())
        self.assertEqual(report["requests_per_scenario"], 2)
        self.assertIn("cpus", report["environment"])
        self.assertIn("Records: ", output)
        self.assertRegex(output, r"home\s+2\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+")

    def test_it_changes_nothing_in_the_archive(self):
        before = list(Victim.objects.order_by("pk").values_list("pk", "slug", "search_names"))
        self.run_benchmark("--scenario", "victim_profile", "--scenario", "search_persian")
        self.assertEqual(
            list(Victim.objects.order_by("pk").values_list("pk", "slug", "search_names")), before
        )

    def test_an_unknown_scenario_is_refused(self):
        with self.assertRaisesMessage(CommandError, "No such scenario: nope"):
            self.run_benchmark("--scenario", "nope")

    def test_bad_load_settings_are_refused(self):
        with self.assertRaisesMessage(CommandError, "must each be at least 1"):
            call_command("benchmark", "--load-seconds", "0", stdout=StringIO())

    @override_settings(DEBUG=True)
    def test_it_refuses_to_run_with_debug_on(self):
        with self.assertRaisesMessage(CommandError, "DEBUG is on"):
            self.run_benchmark()


class HelpersTestCase(TestCase):
    def test_percentiles_are_nearest_rank(self):
        values = [float(n) for n in range(1, 101)]
        self.assertEqual(percentile(values, 0.50), 50.0)
        self.assertEqual(percentile(values, 0.95), 95.0)
        self.assertEqual(percentile([7.0], 0.95), 7.0)
        self.assertEqual(percentile([3.0, 1.0], 0.50), 1.0)

    def test_respelling_gives_another_common_transliteration(self):
        self.assertEqual(respell("Mohammad Rezaei"), "Muhammad Rezaei")
        self.assertEqual(respell("Ali Ghasemi"), "Ali Qasemi")
        self.assertEqual(respell("Ali Rezaei"), "Ali Rezaey")
