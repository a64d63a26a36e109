"""benchmark: server time (p50, p95, max) and SQL queries per request for each kind of public page.

It reads whatever archive the database holds and changes nothing. For figures worth comparing, load the
sample victims first (`load_sample_data --victims 100000`, on PostgreSQL) and run with DEBUG off.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from archive import benchmark, load_benchmark


class Command(BaseCommand):
    help = "Time the public pages and count their SQL queries; print a table and write it as JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--requests", type=int, default=200, help="Measured requests per scenario (default 200)."
        )
        parser.add_argument(
            "--warmup",
            type=int,
            default=5,
            help="Unmeasured requests per scenario first, to warm caches and connections (default 5).",
        )
        parser.add_argument(
            "--json",
            dest="json_path",
            default=str(settings.BASE_DIR / "var" / "benchmark.json"),
            help="Where to write the figures (default var/benchmark.json).",
        )
        parser.add_argument(
            "--scenario", action="append", default=[], help="Run only this scenario (repeatable)."
        )
        parser.add_argument(
            "--no-load",
            dest="load",
            action="store_false",
            help="Skip the throughput test through gunicorn (which needs wrk).",
        )
        parser.add_argument(
            "--load-seconds", type=int, default=20, help="Seconds of load per throughput target (default 20)."
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="gunicorn workers for the throughput test (default 2)."
        )
        parser.add_argument(
            "--connections", type=int, default=16, help="Concurrent connections wrk keeps open (default 16)."
        )

    def handle(
        self,
        *args,
        requests,
        warmup,
        json_path,
        scenario,
        load,
        load_seconds,
        workers,
        connections,
        **options,
    ):
        if settings.DEBUG:
            raise CommandError(
                "DEBUG is on: every query is kept in memory and templates are not cached, so the "
                "figures would mean nothing. Run with DEBUG=0."
            )
        if requests < 1 or warmup < 0:
            raise CommandError("--requests must be at least 1 and --warmup cannot be negative.")
        if load and (load_seconds < 1 or workers < 1 or connections < 1):
            raise CommandError("--load-seconds, --workers and --connections must each be at least 1.")
        if load:
            try:
                load_benchmark.wrk_path()
            except load_benchmark.LoadError as error:
                raise CommandError(str(error)) from None
        if isinstance(staticfiles_storage, ManifestFilesMixin) and not staticfiles_storage.hashed_files:
            raise CommandError("No static files manifest: run `manage.py collectstatic --noinput` first.")

        if unanalyzed := benchmark.unanalyzed_tables():
            self.stderr.write(
                self.style.WARNING(
                    f"Never analyzed: {', '.join(unanalyzed)}. The planner is guessing; "
                    "run ANALYZE first for figures worth keeping."
                )
            )
        chosen = benchmark.scenarios()
        unknown = set(scenario) - {s.name for s in chosen}
        if unknown:
            raise CommandError(f"No such scenario: {', '.join(sorted(unknown))}.")
        chosen = [s for s in chosen if not scenario or s.name in scenario]

        records = benchmark.record_counts()
        self.stdout.write(
            "Records: "
            + ", ".join(
                f"{counts.get('published', counts['all'])} {label}" for label, counts in records.items()
            )
        )
        client = benchmark.client()
        results = []
        for item in chosen:
            results.append(
                benchmark.measure(
                    client,
                    item,
                    requests=requests,
                    warmup=warmup,
                    progress=self.progress(item.name, requests),
                )
            )
        if self.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(self.table(results))

        throughput = None
        if load:
            profiles = next(s for s in benchmark.scenarios() if s.name == "victim_profile").urls[:20]
            self.stderr.write(f"Load: {load_seconds} s per target through gunicorn ({workers} workers)…")
            try:
                throughput = load_benchmark.run(
                    profiles, workers=workers, connections=connections, seconds=load_seconds
                )
            except load_benchmark.LoadError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(self.load_table(throughput))

        path = Path(json_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "environment": benchmark.environment(),
            "records": records,
            "requests_per_scenario": requests,
            "warmup_per_scenario": warmup,
            "scenarios": {result.name: asdict(result) for result in results},
        }
        if throughput:
            report["load"] = asdict(throughput) | {"cached_to_static": throughput.cached_to_static}
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Written to {path}.")

        failed = [f"{result.name} {result.statuses}" for result in results if result.failed]
        if throughput:
            failed += [f"{t.name}: {t.errors} errors" for t in throughput.targets.values() if t.errors]
        if failed:
            raise CommandError("Some requests did not answer 200: " + "; ".join(failed))

    def progress(self, name: str, total: int):
        """A progress line on a terminal, rewritten in place as the requests go."""
        if not self.stderr.isatty():
            return None

        def report(done: int) -> None:
            if done == total or done % 10 == 0:
                self.stderr.write(f"\r{name}: {done}/{total}   ", ending="")
                self.stderr.flush()

        return report

    @staticmethod
    def table(results) -> str:
        header = ("scenario", "requests", "p50 ms", "p95 ms", "max ms", "queries")
        rows = [
            (
                r.name,
                str(r.requests),
                f"{r.p50_ms:.1f}",
                f"{r.p95_ms:.1f}",
                f"{r.max_ms:.1f}",
                str(r.queries["max"])
                if r.queries["min"] == r.queries["max"]
                else f"{r.queries['min']}-{r.queries['max']}",
            )
            for r in results
        ]
        return aligned(header, rows)

    @staticmethod
    def load_table(report: load_benchmark.LoadReport) -> str:
        header = ("through gunicorn", "requests/s", "p50 ms", "p99 ms", "errors")
        rows = [
            (
                t.name,
                f"{t.requests_per_second:.0f}",
                f"{t.latency_p50_ms:.1f}",
                f"{t.latency_p99_ms:.1f}",
                str(t.errors),
            )
            for t in report.targets.values()
        ]
        memory = ", ".join(f"{mb:.0f}" for mb in report.worker_peak_memory_mb)
        return "\n".join(
            [
                aligned(header, rows),
                f"cached page / static file: {report.cached_to_static}",
                f"peak memory per worker (MB): {memory}",
            ]
        )


def aligned(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A plain-text table: the first column to the left, the figures to the right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
