"""PostgreSQL search indexes on perpetrators: trigrams for names, full text for biographies. None on SQLite."""

from django.db import migrations

from archive.db import postgresql_only


class Migration(migrations.Migration):
    dependencies = [("perpetrators", "0002_search_fields"), ("archive", "0003_search_indexes")]

    operations = [
        postgresql_only(
            [
                "CREATE INDEX perpetrators_perpetrator_names_trgm ON perpetrators_perpetrator USING gin (search_names gin_trgm_ops)",
                "CREATE INDEX perpetrators_perpetrator_text_fts ON perpetrators_perpetrator "
                "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
            ],
            ["DROP INDEX IF EXISTS perpetrators_perpetrator_text_fts", "DROP INDEX IF EXISTS perpetrators_perpetrator_names_trgm"],
        ),
    ]
