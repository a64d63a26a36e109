"""archive/routers.py: with DATABASE_REPLICA_URL, the public's page views read from the replica.

Everything else reads from the primary: writes, staff and anyone with a session (they may have just
written), unsafe methods, reads inside a transaction, and work outside a request.
"""

from __future__ import annotations

import sys
import tempfile
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.test import RequestFactory, SimpleTestCase, TestCase

from archive.routers import ReplicaReadsMiddleware, ReplicaRouter
from tests.deploy.production import production_env, run, settings_in
from victims.models import Victim

REPLICA = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}


def route_during(request, replica_configured: bool = True) -> str:
    """Where the router sends a read made while the middleware handles this request."""
    seen = []
    middleware = ReplicaReadsMiddleware(lambda r: seen.append(ReplicaRouter().db_for_read(Victim)))
    databases = {**settings.DATABASES, "replica": REPLICA} if replica_configured else settings.DATABASES
    with mock.patch.object(settings, "DATABASES", databases):
        middleware(request)
    return seen[0]


class RouterTests(SimpleTestCase):
    factory = RequestFactory()

    def test_an_anonymous_get_or_head_reads_from_the_replica(self):
        self.assertEqual(route_during(self.factory.get("/victims/")), "replica")
        self.assertEqual(route_during(self.factory.head("/victims/")), "replica")

    def test_without_a_replica_everything_reads_from_the_primary(self):
        self.assertEqual(route_during(self.factory.get("/victims/"), replica_configured=False), "default")

    def test_someone_with_a_session_reads_their_own_writes(self):
        request = self.factory.get("/victims/")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
        self.assertEqual(route_during(request), "default")

    def test_unsafe_methods_read_from_the_primary(self):
        self.assertEqual(route_during(self.factory.post("/submit/")), "default")

    def test_outside_a_request_and_for_writes_the_primary(self):
        with mock.patch.object(settings, "DATABASES", {**settings.DATABASES, "replica": REPLICA}):
            self.assertEqual(ReplicaRouter().db_for_read(Victim), "default")
        self.assertEqual(ReplicaRouter().db_for_write(Victim), "default")
        self.assertTrue(ReplicaRouter().allow_migrate("default", "victims"))
        self.assertFalse(ReplicaRouter().allow_migrate("replica", "victims"))

    def test_the_mark_ends_with_the_request(self):
        route_during(self.factory.get("/"))
        with mock.patch.object(settings, "DATABASES", {**settings.DATABASES, "replica": REPLICA}):
            self.assertEqual(ReplicaRouter().db_for_read(Victim), "default")


class InTransactionTests(TestCase):
    def test_a_read_inside_a_transaction_stays_on_the_primary(self):
        with transaction.atomic():
            self.assertEqual(route_during(RequestFactory().get("/victims/")), "default")


# In a process configured with a replica (the same SQLite file, so both answer): which alias each API
# request's queries went to.
QUERIES_BY_ALIAS = """
from collections import Counter
from django.db import connections
from django.test import Client

counts = Counter()
def counter(alias):
    def wrapper(execute, sql, params, many, context):
        counts[alias] += 1
        return execute(sql, params, many, context)
    return wrapper
for alias in ("default", "replica"):
    connections[alias].execute_wrappers.append(counter(alias))

def queries(client, method="get"):
    counts.clear()
    response = getattr(client, method)("/api/v1/victims/", headers={"X-Forwarded-Proto": "https"})
    return f"{response.status_code} default={counts['default']} replica={counts['replica']}"

print("anonymous", queries(Client(HTTP_HOST="archive.example.org")))
print("head", queries(Client(HTTP_HOST="archive.example.org"), "head"))
with_session = Client(HTTP_HOST="archive.example.org")
with_session.cookies["__Host-sessionid"] = "no-such-session"
print("session", queries(with_session))
"""


class ReplicaConfiguredTests(SimpleTestCase):
    def test_settings_add_the_replica_its_router_and_middleware_only_when_set(self):
        names = ("DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE")
        without = settings_in(production_env(), *names)
        self.assertEqual(list(without["DATABASES"]), ["default"])
        self.assertEqual(without["DATABASE_ROUTERS"], [])
        self.assertNotIn("archive.routers.ReplicaReadsMiddleware", without["MIDDLEWARE"])
        env = production_env(
            DATABASE_URL="postgres://archive@primary.internal:5432/archive",
            DATABASE_REPLICA_URL="postgres://archive@replica.internal:5432/archive",
        )
        found = settings_in(env, *names)
        self.assertEqual(found["DATABASES"]["replica"]["HOST"], "replica.internal")
        self.assertEqual(found["DATABASES"]["replica"]["TEST"]["MIRROR"], "default")
        self.assertEqual(
            found["DATABASES"]["replica"]["OPTIONS"], {"options": "-c pg_trgm.word_similarity_threshold=0.45"}
        )
        self.assertEqual(found["DATABASE_ROUTERS"], ["archive.routers.ReplicaRouter"])
        self.assertEqual(found["MIDDLEWARE"][1], "archive.routers.ReplicaReadsMiddleware")

    def test_public_page_views_query_the_replica_and_sessions_the_primary(self):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/archive.sqlite3"
            migrate = run(
                [sys.executable, "manage.py", "migrate", "--noinput"], production_env(DATABASE_URL=url)
            )
            self.assertEqual(migrate.returncode, 0, migrate.stderr)
            env = production_env(DATABASE_URL=url, DATABASE_REPLICA_URL=url)
            result = run([sys.executable, "manage.py", "shell", "--no-imports", "-c", QUERIES_BY_ALIAS], env)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
        self.assertRegex(lines["anonymous"], r"^200 default=0 replica=[1-9]\d*$")
        self.assertRegex(lines["head"], r"^200 default=0 replica=[1-9]\d*$")
        self.assertRegex(lines["session"], r"^200 default=[1-9]\d* replica=0$")
