"""Database helpers for migrations: features only PostgreSQL has, skipped elsewhere."""

from __future__ import annotations

from django.db import migrations


def postgresql_only(sql: list[str], reverse_sql: list[str]) -> migrations.RunPython:
    """A migration step that runs SQL on PostgreSQL and does nothing on SQLite (a first-look database)."""

    def run(statements):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(sql), run(reverse_sql))
