"""generate_sample_data: a fictional archive at scale (a million victims) for load tests and benchmarks.

Refuses unless settings.ALLOW_SAMPLE_DATA, as load_sample_data does, and refuses a database that holds
records that are not sample data unless --allow-real-records says so: the samples would mix with them.
The records are added in one transaction; the engine is victims/sample_archive.py.
"""

from __future__ import annotations

import time
from resource import RUSAGE_CHILDREN

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from victims.sample_archive import peak_memory_mb, real_records, sample_archive_generate


class Command(BaseCommand):
    help = "Add a large fictional archive (victims, perpetrators, sources, citations) for load tests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--victims", type=int, default=1000, help="How many sample victims (default 1000)."
        )
        parser.add_argument(
            "--perpetrators", type=int, help="How many sample perpetrators (default: one per 100 victims)."
        )
        parser.add_argument(
            "--sources", type=int, help="How many sample sources (default: one per 10 victims)."
        )
        parser.add_argument(
            "--seed", type=int, default=1988, help="Random seed: the same seed, the same records."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=2,
            help="Processes making the victims and sources while this one writes (PostgreSQL only; default 2).",
        )
        parser.add_argument(
            "--allow-real-records",
            action="store_true",
            help="Add the sample records even though the database holds records that are not samples.",
        )

    def handle(self, *args, victims, perpetrators, sources, seed, jobs, allow_real_records, **options):
        if not settings.ALLOW_SAMPLE_DATA:
            raise CommandError(
                "Sample data is fictional and never belongs in production: "
                "set DEBUG=1 or ALLOW_SAMPLE_DATA=1 to generate it."
            )
        perpetrators = max(1, victims // 100) if perpetrators is None else perpetrators
        sources = max(4, victims // 10) if sources is None else sources
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        for name, value in (("--victims", victims), ("--perpetrators", perpetrators), ("--sources", sources)):
            if value < 0:
                raise CommandError(f"{name} cannot be negative.")
        if sources < 4 and (victims or perpetrators):
            raise CommandError("--sources must be at least 4: the victims and perpetrators cite them.")
        real = real_records()
        if real and not allow_real_records:
            held = ", ".join(f"{count} {kind}" for kind, count in real.most_common())
            raise CommandError(
                f"This database holds records that are not sample data ({held}), so nothing was generated. "
                "Generate into an empty database, or pass --allow-real-records to add the fictional records "
                "beside the real ones."
            )

        started = time.monotonic()
        verbosity = options["verbosity"]

        def progress(line: str) -> None:
            if verbosity >= 1:
                self.stdout.write(line)

        writer = sample_archive_generate(
            victims=victims,
            perpetrators=perpetrators,
            sources=sources,
            seed=seed,
            jobs=jobs,
            progress=progress,
        )
        seconds = time.monotonic() - started
        for label, count in sorted(writer.written.items()):
            self.stdout.write(f"  {label}: {count:,} rows ({writer.seconds[label]:.1f}s writing)")
        memory = f"peak memory {peak_memory_mb():.0f} MB"
        if workers := peak_memory_mb(RUSAGE_CHILDREN):
            memory += f" ({workers:.0f} MB at most in a worker process)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample archive (seed {seed}): {victims:,} victims, {perpetrators:,} perpetrators, "
                f"{sources:,} sources, {sum(writer.written.values()):,} rows in {seconds:.1f}s; {memory}."
            )
        )
