"""The table of name words (archive.models.NameWord) that typo-tolerant search looks in.

Every path that writes search names keeps it whole; `near_words()` finds in it exactly the words a
look at every stored word would find.
"""

from __future__ import annotations

import importlib
import random
import string
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase, override_settings

from archive.models import NameWord, Status
from archive.normalize import edit_distance, skeleton
from archive.search import Query, near_words
from perpetrators.models import Perpetrator
from victims.models import Victim, VictimName


def stored_words() -> set[str]:
    return set(NameWord.objects.values_list("word", flat=True))


def words_of(*records) -> set[str]:
    return {word for record in records for word in record.search_names.split()}


class KeepingTheWordsTestCase(TestCase):
    def test_saving_a_record_keeps_the_words_of_its_names_in_both_scripts(self):
        victim = Victim.objects.create(name_en="Hossein Ghasemi", name_fa="حسین قاسمی")
        self.assertEqual(words_of(victim), {"hosainqasami", "hosain", "qasami", "حسینقاسمی", "حسین", "قاسمی"})
        self.assertEqual(stored_words(), words_of(victim))

    def test_a_draft_keeps_its_words_too_the_search_never_shows_them(self):
        Perpetrator.objects.create(name_en="Unnamed Official", status=Status.DRAFT)
        self.assertIn("onamadoficial", stored_words())

    def test_refreshing_after_a_variant_keeps_the_variants_words(self):
        victim = Victim.objects.create(name_en="Mostafa Karimi")
        VictimName.objects.create(victim=victim, name="Mustafa Kerimi")
        victim.refresh_search()
        self.assertIn("karimi", stored_words())
        self.assertEqual(stored_words(), words_of(victim))

    def test_a_word_two_records_share_is_kept_once(self):
        Victim.objects.create(name_en="Ali Karimi")
        Victim.objects.create(name_en="Reza Karimi")
        self.assertEqual(NameWord.objects.filter(word="karimi").count(), 1)

    def test_rebuilding_the_index_drops_the_words_no_name_holds_any_more(self):
        victim = Victim.objects.create(name_en="Ali Karimy")
        Victim.objects.filter(pk=victim.pk).update(name_en="Ali Rahimi")  # as a bulk change would
        self.assertIn("karimi", stored_words())
        call_command("rebuild_search_index", stdout=StringIO())
        victim.refresh_from_db()
        self.assertNotIn("karimi", stored_words())
        self.assertEqual(stored_words(), words_of(victim))

    def test_the_migration_fills_the_table_from_the_records_already_there(self):
        victim = Victim.objects.create(name_en="Ali Karimi")
        official = Perpetrator.objects.create(name_en="Mostafa Pourmohammadi")
        NameWord.objects.all().delete()
        migration = importlib.import_module("archive.migrations.0004_name_words")
        migration.fill(apps, schema_editor=None)
        self.assertEqual(stored_words(), words_of(victim, official))

    @override_settings(ALLOW_SAMPLE_DATA=True)
    def test_sample_data_keeps_the_words_of_the_victims_it_creates(self):
        call_command("load_sample_data", "--victims", "40", stdout=StringIO())
        self.assertLessEqual(words_of(*Victim.objects.all()), stored_words())


class NearWordsTestCase(TestCase):
    """`near_words()` reads only words holding a piece of the query near its place; it must lose none."""

    @classmethod
    def setUpTestData(cls):
        rng = random.Random(1988)
        letters = "abdfhiklmnoqrstz"
        cls.roots = ["".join(rng.choice(letters) for _ in range(rng.randint(6, 14))) for _ in range(40)]
        words = set(cls.roots)
        for root in cls.roots:  # neighbours of every root, one to three edits away, anywhere in the word
            for _ in range(12):
                words.add(cls.edit(rng, root, rng.randint(1, 3), letters))
        # Stored as the search names store words: as skeletons.
        NameWord.objects.bulk_create([NameWord(word=key) for key in {skeleton(word) for word in words}])

    @staticmethod
    def edit(rng: random.Random, word: str, times: int, letters: str) -> str:
        for _ in range(times):
            at = rng.randrange(len(word) + 1)
            kind = rng.choice(["insert", "delete", "replace"])
            if kind == "insert" or len(word) < 3:
                word = word[:at] + rng.choice(letters) + word[at:]
            elif kind == "delete":
                word = word[: max(0, at - 1)] + word[at:]
            else:
                word = word[: max(0, at - 1)] + rng.choice(letters) + word[at:]
        return word

    def test_it_finds_every_stored_word_within_the_allowance(self):
        everything = stored_words()
        rng = random.Random(2019)
        checked = 0
        for root in self.roots:
            for typed in [
                root,
                self.edit(rng, root, 1, string.ascii_lowercase),
                self.edit(rng, root, 2, "xyz"),
            ]:
                query = Query.parse(typed)
                expected = sorted(
                    word
                    for word in everything
                    if query.skeleton not in word
                    and edit_distance(query.skeleton, word, query.allowance) <= query.allowance
                )
                with self.subTest(query=typed):
                    self.assertEqual(near_words(query), expected)
                checked += 1
        self.assertGreater(checked, 60)
