"""/readyz says 503 while the database is down or a migration is not applied, and "ready" once both hold."""

from __future__ import annotations

from django.db import connection

from tests.base import BaseTestCase
from tests.outage.test_database_outage import database_down


class ReadyzTestCase(BaseTestCase):
    def test_ready_when_the_database_answers_and_is_migrated(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.content, b"ready\n")

    def test_503_when_the_database_is_down(self):
        with database_down():
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"database unavailable\n")
        self.assertEqual(self.client.get("/readyz").status_code, 200)  # and back by itself

    def test_503_when_a_migration_is_not_applied(self):
        with connection.cursor() as cursor:  # rolled back at the end of the test
            cursor.execute(
                "DELETE FROM django_migrations WHERE app = %s AND name = %s", ["victims", "0001_initial"]
            )
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"migrations not applied: 1\n")

    def test_503_when_the_database_was_never_migrated(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations")
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertTrue(response.content.startswith(b"migrations not applied: "))
