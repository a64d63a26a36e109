"""The table of distinct name words that typo-tolerant search looks in, filled from the records' search names.

On PostgreSQL the words carry a trigram index (a query finds the words holding a piece of it), and every
searchable table an index on its search names as an array of words (a record holding one of the near
words is found in one index lookup). Nothing but the table on SQLite.
"""

from django.db import migrations, models

from archive.db import postgresql_only

SEARCHABLE = [("victims", "Victim"), ("perpetrators", "Perpetrator"), ("archive", "Source")]


def fill(apps, schema_editor):
    NameWord = apps.get_model("archive", "NameWord")
    for app_label, model_name in SEARCHABLE:
        names = apps.get_model(app_label, model_name).objects.values_list("search_names", flat=True)
        words = {word for text in names.iterator(chunk_size=2000) for word in text.split()}
        NameWord.objects.bulk_create(
            [NameWord(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=2000
        )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_search_indexes"),
        ("victims", "0003_search_indexes"),
        ("perpetrators", "0003_search_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.TextField(unique=True, verbose_name="word")),
            ],
            options={"verbose_name": "name word", "verbose_name_plural": "name words"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        postgresql_only(
            [
                "CREATE INDEX archive_nameword_word_trgm ON archive_nameword USING gin (word gin_trgm_ops)",
                # The expression matches archive.search.name_words(): string_to_array(search_names, ' ').
                "CREATE INDEX archive_source_name_words ON archive_source "
                "USING gin (string_to_array(search_names, ' '::text))",
                "CREATE INDEX perpetrators_perpetrator_name_words ON perpetrators_perpetrator "
                "USING gin (string_to_array(search_names, ' '::text))",
                "CREATE INDEX victims_victim_name_words ON victims_victim "
                "USING gin (string_to_array(search_names, ' '::text))",
            ],
            [
                "DROP INDEX IF EXISTS victims_victim_name_words",
                "DROP INDEX IF EXISTS perpetrators_perpetrator_name_words",
                "DROP INDEX IF EXISTS archive_source_name_words",
                "DROP INDEX IF EXISTS archive_nameword_word_trgm",
            ],
        ),
    ]
