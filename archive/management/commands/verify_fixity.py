"""verify_fixity: hash every stored original again and report any file missing or altered (archive/fixity.py)."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from archive.fixity import check, count_stored_originals, stored_originals
from archive.management.progress import ProgressBar


class Command(BaseCommand):
    help = "Hash every stored original again and compare it with its recorded hash; fail on any difference."

    def handle(self, *args, verbosity: int, **options):
        progress = ProgressBar(self.stderr, count_stored_originals(), shown=verbosity > 0)
        findings, problems = [], Counter()
        checked = bytes_read = 0
        for original in stored_originals():
            finding, size = check(original)
            checked += 1
            bytes_read += size
            if finding is not None:
                findings.append(finding)
                problems[finding.problem] += 1
            progress.advance()
        progress.finish()

        for finding in findings:
            self.stdout.write(self.style.ERROR(str(finding)))
        counts = "".join(f", {count} {problem}" for problem, count in sorted(problems.items()))
        summary = (
            f"Checked {checked} file{'s' if checked != 1 else ''} ({bytes_read} bytes, "
            f"{filesizeformat(bytes_read)}): {checked - len(findings)} intact{counts}."
        )
        if findings:
            self.stdout.write(summary)
            raise CommandError(
                f"{len(findings)} of {checked} stored files failed the fixity check (listed above)."
            )
        self.stdout.write(self.style.SUCCESS(summary))
