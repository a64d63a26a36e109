"""verify_history: recompute the history's hash chain and say where it breaks, if it does."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from editorial.models import HistoryEntry
from editorial.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Recompute every history entry's hash and its link to the entry before it. Exits non-zero naming "
        "the first broken entry if any entry was altered or deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            help="A head hash noted earlier: the chain must still contain it (catches entries cut off the end).",
        )

    def handle(self, *args, head=None, **options):
        report = verify_chain(progress=self._progress if options["verbosity"] > 1 else None)
        if not report.intact:
            entry = report.broken
            raise CommandError(
                f"History broken at entry #{entry.sequence} ({entry.recorded_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"{entry.get_action_display()} {entry.content_type.app_label}.{entry.content_type.model} "
                f"#{entry.object_id} “{entry.object_repr}”): {report.problem}. "
                f"{report.checked} entries before it are intact."
            )
        if head and not HistoryEntry.objects.filter(hash=head).exists():
            raise CommandError(
                f"The chain is intact but does not contain the head {head}: entries were removed from its end "
                "or the history was rewritten."
            )
        self.stdout.write(
            self.style.SUCCESS(f"History intact: {report.checked} entries. Head: {report.head}")
        )

    def _progress(self, checked: int) -> None:
        self.stderr.write(f"checked {checked} entries", ending="\r")
