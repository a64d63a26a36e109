"""make_derivatives: make the web copies, thumbnails and PDF previews that stored originals lack
(archive/derivatives.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.derivatives import PDF, DerivativeError, make_derivatives, pdftoppm_path
from archive.fixity import count_stored_originals, stored_originals
from archive.management.progress import ProgressBar


class Command(BaseCommand):
    help = "Make the public derivatives of stored originals that lack them (all of them again with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Make every derivative again.")

    def handle(self, *args, force: bool, verbosity: int, **options):
        if pdftoppm_path() is None:
            self.stderr.write("pdftoppm is not installed (Debian: poppler-utils): PDFs get no preview.")
        progress = ProgressBar(self.stderr, count_stored_originals(), shown=verbosity > 0)
        made = originals = 0
        failures = []
        for original in stored_originals():
            if original.sha256 is None:
                # Named before names were hashes: its derivatives would have no name. verify_fixity lists it.
                failures.append(f"{original}: {original.name}: the stored name carries no hash")
            elif original.derivative_kind is not None and not (
                original.derivative_kind == PDF and pdftoppm_path() is None
            ):
                try:
                    written = make_derivatives(
                        original.storage,
                        original.name,
                        original.sha256,
                        original.derivative_kind,
                        force=force,
                    )
                except DerivativeError as error:
                    failures.append(f"{original}: {error}")
                else:
                    made += len(written)
                    originals += bool(written)
            progress.advance()
        progress.finish()

        for failure in failures:
            self.stdout.write(self.style.ERROR(failure))
        summary = f"Made {made} derivative{'s' if made != 1 else ''} for {originals} file{'s' if originals != 1 else ''}"
        if failures:
            self.stdout.write(f"{summary}; {len(failures)} failed.")
            raise CommandError(f"{len(failures)} files have no derivatives (listed above).")
        self.stdout.write(self.style.SUCCESS(f"{summary}."))
