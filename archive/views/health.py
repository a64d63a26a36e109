"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import functools

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    """The process is up and answering."""
    return HttpResponse("ok\n", content_type="text/plain")


@functools.cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration the code has, as (app, name): read once, since the code does not change while running."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


@require_safe
@never_cache
def readyz(request):
    """The database answers and has every migration applied; until then, send no traffic here."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = {tuple(row) for row in cursor.fetchall()}
    except DatabaseError:  # unreachable, or not migrated at all (no django_migrations table)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if missing := migrations_on_disk() - applied:
        return HttpResponse(
            f"migrations not applied: {len(missing)}\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ready\n", content_type="text/plain")
