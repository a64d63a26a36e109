"""The benchmark's load test: wrk's figures read right, and a real run through gunicorn on PostgreSQL."""

from __future__ import annotations

import shutil
from unittest import skipUnless

from django.db import connection
from django.test import TestCase

from archive.load_benchmark import LoadReport, Throughput, parse_wrk, run

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8765/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.54ms    1.93ms  12.43ms   83.66%
    Req/Sec     0.86k   210.47     1.21k    60.00%
  Latency Distribution
     50%  497.00us
     75%    3.06ms
     90%    5.27ms
     99%    1.47s
  1726 requests in 1.01s, 4.14MB read
Requests/sec:   1716.93
Transfer/sec:      4.12MB
"""

WRK_ERRORS = WRK_OUTPUT.replace(
    "  1726 requests in 1.01s, 4.14MB read\n",
    "  1726 requests in 1.01s, 4.14MB read\n"
    "  Socket errors: connect 0, read 2, write 0, timeout 3\n"
    "  Non-2xx or 3xx responses: 10\n",
)


class ParseWrkTestCase(TestCase):
    def test_rate_latencies_and_count_are_read_in_their_units(self):
        figures = parse_wrk("static_file", "a file", WRK_OUTPUT)
        self.assertEqual(figures.requests_per_second, 1716.9)
        self.assertEqual(figures.latency_p50_ms, 0.5)
        self.assertEqual(figures.latency_p99_ms, 1470.0)
        self.assertEqual(figures.requests, 1726)
        self.assertEqual(figures.errors, 0)

    def test_failed_responses_and_socket_errors_are_counted(self):
        self.assertEqual(parse_wrk("page", "a page", WRK_ERRORS).errors, 15)

    def test_output_it_cannot_read_is_an_error_not_a_zero(self):
        with self.assertRaisesMessage(Exception, "not understood"):
            parse_wrk("page", "a page", "unable to connect to 127.0.0.1:1 Connection refused")

    def test_the_cached_page_is_compared_with_the_static_file(self):
        report = LoadReport(workers=2, connections=16, seconds=10)
        for name, rate in (("cached_page", 900.0), ("static_file", 1200.0)):
            report.targets[name] = Throughput(name, "", rate, 1.0, 2.0, 100, 0)
        self.assertEqual(report.cached_to_static, 0.75)


@skipUnless(connection.vendor == "postgresql", "gunicorn must reach the test database: PostgreSQL only")
@skipUnless(shutil.which("wrk"), "wrk is not installed (Debian: apt-get install wrk; .ci/run installs it)")
class LoadThroughGunicornTestCase(TestCase):
    """Two real gunicorn servers on the test database, loaded by wrk for a second per target.

    The pages need no records (the home page and the lists of an empty archive), so the servers, which
    cannot see this test's transaction, serve the same pages the test would.
    """

    def test_every_target_is_loaded_and_measured(self):
        db = connection.settings_dict
        environment = {
            "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}",
            "DEBUG": "1",  # the static files from the finders: the test run has collected none
        }
        report = run(["/", "/fa/", "/victims/"], workers=1, connections=2, seconds=1, environment=environment)
        self.assertEqual(set(report.targets), {"uncached_page", "cached_page", "static_file"})
        for target in report.targets.values():
            with self.subTest(target=target.name):
                self.assertEqual(target.errors, 0)
                self.assertGreater(target.requests, 0)
                self.assertGreater(target.requests_per_second, 0)
                self.assertGreater(target.latency_p99_ms, 0)
        self.assertIsNotNone(report.cached_to_static)
        # one worker in each of the two servers, each holding Django and the archive in memory
        self.assertEqual(len(report.worker_peak_memory_mb), 2)
        self.assertTrue(all(mb > 20 for mb in report.worker_peak_memory_mb))
