"""find_duplicates: list the victims that may be recorded twice, most likely first, with their admin links."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from editorial.duplicates import MIN_SCORE, likely_duplicates


class Command(BaseCommand):
    help = (
        "List pairs of victims that may be one person (names in either script, dates, places), most likely "
        "first, with the score, the reasons and the admin pages to compare and merge them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="How many pairs to list (default 100).")
        parser.add_argument(
            "--min-score",
            type=int,
            default=MIN_SCORE,
            help=f"Leave out pairs scoring below this, out of 100 (default {MIN_SCORE}).",
        )

    def handle(self, *args, limit, min_score, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        if not 0 <= min_score <= 100:
            raise CommandError("--min-score must be between 0 and 100.")
        findings = likely_duplicates(min_score=min_score, limit=limit)
        for pair in findings.pairs:
            self.stdout.write(
                f"{pair.score:3d}  #{pair.first.pk} {pair.first.name}  ~  #{pair.second.pk} {pair.second.name}"
            )
            for reason in pair.reasons:
                self.stdout.write(f"       {reason}")
            self.stdout.write(
                f"       compare and merge: {self._url('admin:victims_victim_merge', pair.first.pk, pair.second.pk)}"
            )
            self.stdout.write(f"       {self._url('admin:victims_victim_change', pair.first.pk)}")
            self.stdout.write(f"       {self._url('admin:victims_victim_change', pair.second.pk)}")
        summary = (
            f"{findings.found} likely pairs (score {min_score} or more) among {findings.victims} victims, "
            f"{len(findings.pairs)} listed; {findings.compared} pairs compared in {findings.seconds:.1f} s."
        )
        if findings.too_common:
            summary += f" {findings.too_common} groups of namesakes were too large to compare."
        self.stdout.write(self.style.SUCCESS(summary))

    def _url(self, name: str, *args) -> str:
        return settings.SITE_URL + reverse(name, args=args)
