"""PostgreSQL search indexes: trigrams for names (typo-tolerant, substring), full text for long text.

Nothing happens on SQLite, which searches the same columns without indexes.
The full-text expression matches the SQL Django writes for SearchVector("search_text", config="simple").
"""

from django.db import migrations

from archive.db import postgresql_only


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_search_fields")]

    operations = [
        postgresql_only(
            [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX archive_source_names_trgm ON archive_source USING gin (search_names gin_trgm_ops)",
                "CREATE INDEX archive_source_text_fts ON archive_source "
                "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
                "CREATE INDEX archive_sourcepage_text_fts ON archive_sourcepage "
                "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
            ],
            [
                "DROP INDEX IF EXISTS archive_sourcepage_text_fts",
                "DROP INDEX IF EXISTS archive_source_text_fts",
                "DROP INDEX IF EXISTS archive_source_names_trgm",
            ],
        ),
    ]
