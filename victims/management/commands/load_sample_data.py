"""load_sample_data: replace the fictional sample victims (and their places and sources) for a demo.

Refuses unless settings.ALLOW_SAMPLE_DATA, which production leaves off. Running it again deletes
the previous sample records and makes the same ones anew, in one transaction.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from archive.models import Event, Place
from victims.sample_data import SEED_EVENTS, SEED_PLACES, sample_records_create, sample_records_delete


class Command(BaseCommand):
    help = "Replace the fictional sample victims, places and sources (demonstration only, never production)."

    def add_arguments(self, parser):
        parser.add_argument("--victims", type=int, default=400, help="How many sample victims (default 400).")
        parser.add_argument(
            "--seed", type=int, default=1988, help="Random seed: the same seed, the same records."
        )

    def handle(self, *args, victims: int, seed: int, **options):
        if not settings.ALLOW_SAMPLE_DATA:
            raise CommandError(
                "Sample data is fictional and never belongs in production: "
                "set DEBUG=1 or ALLOW_SAMPLE_DATA=1 to load it."
            )
        if victims < 0:
            raise CommandError("--victims cannot be negative.")
        if not self.seed_is_loaded():
            # The sample victims belong to the seed events and hang from the seed places.
            call_command("load_seed", stdout=self.stdout, stderr=self.stderr, verbosity=options["verbosity"])
            if not self.seed_is_loaded():
                raise CommandError(
                    f"load_seed did not create the events {SEED_EVENTS} and places {SEED_PLACES}."
                )

        started = time.monotonic()
        try:
            with transaction.atomic():
                deleted = sample_records_delete()
                created = sample_records_create(victims=victims, seed=seed)
        except ProtectedError as error:
            held = ", ".join(sorted({str(record) for record in error.protected_objects})[:5])
            raise CommandError(
                f"Real records refer to sample records, so nothing was replaced: {held}. "
                "Point them elsewhere first."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample data (seed {seed}): {created['victims']} victims, {created['names']} name variants, "
                f"{created['citations']} citations, {created['sources']} sources, {created['places']} places "
                f"in {time.monotonic() - started:.1f}s (replacing {deleted['victims']} victims)."
            )
        )

    def seed_is_loaded(self) -> bool:
        return Event.objects.filter(slug__in=SEED_EVENTS).count() == len(
            SEED_EVENTS
        ) and Place.objects.filter(slug__in=SEED_PLACES).count() == len(SEED_PLACES)
