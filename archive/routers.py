"""Public page views read from a replica of the database when DATABASE_REPLICA_URL is set.

A replica lags the primary by a moment, so only what cannot tell reads from it: a request that is safe
(GET or HEAD) from someone without a session (no editor, no one just back from a form). Every other
request, every write, every read inside a transaction and every read outside a request (management
commands, the release step) goes to the primary, "default". ReplicaReadsMiddleware marks the requests;
settings.py installs both only when a replica is configured.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


class ReplicaReadsMiddleware:
    """Marks a request whose reads may come from the replica: GET or HEAD, with no session cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class ReplicaRouter:
    """Reads of a marked request → "replica" (when configured); everything else → "default"."""

    def db_for_read(self, model, **hints):
        if (
            _public_read.get()
            and REPLICA in settings.DATABASES
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
