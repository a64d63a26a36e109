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

from archive import benchmark


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

    def handle(self, *args, requests: int, warmup: int, json_path: str, scenario: list[str], **options):
        if settings.DEBUG:
            raise CommandError(
                "DEBUG is on: every query is kept in memory and templates are not cached, so the "
                "figures would mean nothing. Run with DEBUG=0."
            )
        if requests < 1 or warmup < 0:
            raise CommandError("--requests must be at least 1 and --warmup cannot be negative.")
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
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Written to {path}.")

        failed = [result for result in results if result.failed]
        if failed:
            raise CommandError(
                "Some requests did not answer 200: "
                + "; ".join(f"{result.name} {result.statuses}" for result in failed)
            )

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
