"""PostgreSQL search indexes on victims: trigrams for names, full text for biographies. None on SQLite."""

from django.db import migrations

from archive.db import postgresql_only


class Migration(migrations.Migration):
    dependencies = [("victims", "0002_search_fields"), ("archive", "0003_search_indexes")]

    operations = [
        postgresql_only(
            [
                "CREATE INDEX victims_victim_names_trgm ON victims_victim USING gin (search_names gin_trgm_ops)",
                "CREATE INDEX victims_victim_text_fts ON victims_victim "
                "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
            ],
            ["DROP INDEX IF EXISTS victims_victim_text_fts", "DROP INDEX IF EXISTS victims_victim_names_trgm"],
        ),
    ]
