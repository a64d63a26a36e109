"""The search engine (archive/search.py) over real records: what matches, in which order, and why.

Runs on SQLite (Python edit distance, substring) and on PostgreSQL (trigram and full-text indexes):
the same queries must give the same answers on both.
"""

from __future__ import annotations

from django.test import TestCase

from archive.models import NameKind, Script, Status
from archive.search import (
    MAX_QUERY_LENGTH,
    NAME_PART,
    NAME_WORD,
    NEAR_NAME,
    TEXT,
    WHOLE_NAME,
    Query,
    QueryError,
    explain,
    matching,
    near_words,
)
from perpetrators.models import Perpetrator, PerpetratorName
from victims.models import Victim, VictimName


def victim(name_en: str, name_fa: str = "", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


def search(queryset, raw: str) -> list:
    return list(matching(queryset, Query.parse(raw)).order_by("-search_rank", "pk"))


def names(records) -> list[str]:
    return [record.name_en or record.name_fa for record in records]


class EngineTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.official = Perpetrator.objects.create(
            name_en="Mostafa Pourmohammadi",
            name_fa="مصطفی پورمحمدی",
            status=Status.PUBLISHED,
            biography_en="Intelligence ministry representative on the Tehran commission in 1988.",
        )
        PerpetratorName.objects.create(perpetrator=cls.official, name="Mustafa Pour-Mohammadi")
        cls.official.refresh_search()
        cls.avaei = Perpetrator.objects.create(
            name_en="Alireza Avaei", name_fa="علیرضا آوایی", status=Status.PUBLISHED
        )
        cls.nayeri = Perpetrator.objects.create(
            name_en="Hossein-Ali Nayeri", name_fa="حسینعلی نیری", status=Status.PUBLISHED
        )

        cls.ghasemi = victim("Hossein Ghasemi", "حسین قاسمی")
        cls.hosseini = victim("Hossein Hosseini", "حسین حسینی")
        cls.rezaei = victim("Ali Rezaei", "علی رضایی")
        cls.rahimi = victim("Ali Rahimi", "علی رحیمی")
        cls.hosseinzadeh = victim("Fatemeh Hosseinzadeh", "فاطمه حسین‌زاده")
        cls.karimi = victim("Zahra Karimi", "زهرا کریمی")
        cls.ahmadi = victim(
            "Maryam Ahmadi",
            "مریم احمدی",
            biography_en="She was held in Gohardasht Prison with her sister until the summer of 1988.",
            biography_fa="او تا تابستان ۱۳۶۷ با خواهرش در زندان گوهردشت زندانی بود.",
        )
        cls.draft = victim("Hossein Ghasemi", "حسین قاسمی", status=Status.DRAFT, slug="hossein-ghasemi-draft")

    def test_every_spelling_of_the_officials_name_finds_him_first(self):
        spellings = [
            "Mostafa Pourmohammadi",
            "Mustafa Pour-Mohammadi",
            "mostafa pour mohammadi",
            "POUR-MOHAMMADI",
            "Pourmohammadi",
            "Pour Mohammadi Mostafa",
            "مصطفی پورمحمدی",
            "مصطفي پورمحمدي",
            "مصطفى پور‌محمدى",
            "پورمحمدی",
            "پور محمدي",
        ]
        for spelling in spellings:
            with self.subTest(spelling=spelling):
                self.assertEqual(search(Perpetrator.objects.all(), spelling)[:1], [self.official])

    def test_the_whole_latin_name_in_any_spelling_ranks_as_the_whole_name(self):
        for spelling in ["Mostafa Pourmohammadi", "Mustafa Pour-Mohammadi"]:
            with self.subTest(spelling=spelling):
                self.assertEqual(search(Perpetrator.objects.all(), spelling)[0].search_rank, WHOLE_NAME)

    def test_the_whole_persian_name_ranks_only_as_a_word_of_the_names(self):
        # The whole-name rank looks at the first of the search names, which is the Latin name when there is
        # one; the Persian name is one token among the others. So a record known only in Persian outranks one
        # known in both scripts for the same Persian name; both stay above a partial match.
        self.assertEqual(search(Perpetrator.objects.all(), "مصطفي پورمحمدي")[0].search_rank, NAME_WORD)
        whole, part = victim("", "علی رضایی", slug="ali-rezaei-fa"), victim("", "محمدعلی رضایی‌پور")
        found = search(Victim.objects.published(), "علی رضایی")
        self.assertEqual(found, [whole, self.rezaei, part])
        self.assertEqual([record.search_rank for record in found], [WHOLE_NAME, NAME_WORD, NAME_PART])

    def test_a_persian_query_with_arabic_letter_forms_finds_the_persian_name(self):
        self.assertEqual(search(Victim.objects.published(), "علي رضايي"), [self.rezaei])
        self.assertEqual(search(Victim.objects.published(), "فاطمة حسين زاده"), [self.hosseinzadeh])
        self.assertEqual(search(Victim.objects.published(), "حسینزاده"), [self.hosseinzadeh])

    def test_a_latin_variant_spelling_finds_the_record(self):
        for spelling in ["Husein Qasemi", "Hussein Ghassemi", "Fateme Hosseinzade", "Zahra Karimy"]:
            with self.subTest(spelling=spelling):
                self.assertEqual(len(search(Victim.objects.published(), spelling)), 1)

    def test_a_stored_name_variant_and_an_alias_are_searchable(self):
        VictimName.objects.create(victim=self.karimi, name="Zari Karimi", script=Script.LATIN)
        VictimName.objects.create(victim=self.karimi, name="Mother of Omid", kind=NameKind.ALIAS)
        self.karimi.refresh_search()
        self.assertEqual(search(Victim.objects.published(), "Zari"), [self.karimi])
        self.assertEqual(search(Victim.objects.published(), "mother of omid"), [self.karimi])

    def test_words_in_any_order_find_the_name(self):
        self.assertEqual(search(Victim.objects.published(), "Ghasemi Hossein"), [self.ghasemi])
        self.assertEqual(search(Victim.objects.published(), "رضایی علی"), [self.rezaei])
        self.assertEqual(search(Perpetrator.objects.all(), "Nayeri Hossein Ali")[:1], [self.nayeri])

    def test_one_typo_is_tolerated_from_six_letters(self):
        found = search(Victim.objects.published(), "Ghasemu")  # qasamo, one from qasami
        self.assertEqual(found, [self.ghasemi])
        self.assertEqual(found[0].search_rank, NEAR_NAME)

    def test_two_typos_are_tolerated_from_ten_letters(self):
        found = search(Victim.objects.published(), "Hoseinzodi")  # hosainzodi, two from hosainzada
        self.assertEqual(found, [self.hosseinzadeh])
        self.assertEqual(found[0].search_rank, NEAR_NAME)

    def test_the_articles_misspelling_finds_the_official(self):
        self.assertEqual(search(Perpetrator.objects.all(), "Alireza Avail"), [self.avaei])

    def test_a_typo_and_other_spacing_together_are_tolerated(self):
        self.assertEqual(search(Perpetrator.objects.all(), "Pour Mohamdi"), [self.official])

    def test_a_near_match_is_a_whole_name_or_word_within_the_allowance(self):
        near, longer = victim("Reza Qasimi"), victim("Reza Qasimipour")  # qasimi: one edit; qasimipor: three
        found = search(Victim.objects.published(), "Ghasemi")
        self.assertEqual(found, [self.ghasemi, near])
        self.assertEqual(found[1].search_rank, NEAR_NAME)
        self.assertEqual(explain([near.name_en], [], Query.parse("Ghasemi")).kind, "near")
        self.assertIsNone(explain([longer.name_en], [], Query.parse("Ghasemi")))

    def test_one_word_is_not_near_a_stretch_across_two_words(self):
        victim("Abbas Sharifi")  # "abasharifi" holds "ashar", one edit from "afshar"
        self.assertEqual(search(Victim.objects.published(), "Afshar"), [])

    def test_the_near_words_are_found_once_for_every_search_of_a_request(self):
        query = Query.parse("Ghasemu")
        with self.assertNumQueries(1):
            self.assertEqual(near_words(query), ["qasami"])
            self.assertEqual(near_words(query), ["qasami"])
        with self.assertNumQueries(2):
            self.assertEqual(list(matching(Victim.objects.published(), query)), [self.ghasemi])
            self.assertEqual(list(matching(Perpetrator.objects.all(), query)), [])

    def test_a_typo_in_a_short_name_is_not_tolerated(self):
        self.assertEqual(search(Victim.objects.published(), "Rezqi"), [])

    def test_two_typos_in_a_name_under_ten_letters_are_not_tolerated(self):
        self.assertEqual(search(Victim.objects.published(), "Ghasimo"), [])

    def test_a_different_family_name_is_not_a_near_match(self):
        self.assertEqual(search(Victim.objects.published(), "Ali Rahimi"), [self.rahimi])
        self.assertEqual(search(Victim.objects.published(), "Ali Rezaei"), [self.rezaei])
        self.assertEqual(search(Perpetrator.objects.all(), "Mostafa Rahimi"), [])

    def test_it_searches_only_the_records_it_is_given(self):
        self.assertEqual(search(Victim.objects.published(), "Hossein Ghasemi"), [self.ghasemi])
        self.assertEqual(len(search(Victim.objects.all(), "Hossein Ghasemi")), 2)

    def test_results_rank_whole_name_then_word_then_part_then_near_then_text(self):
        whole = victim("Ghasemi")  # known only by the family name
        word = self.ghasemi
        part = victim("Ali Ghasemipour")
        near = victim("Reza Qasimi")
        text = victim("Shirin Nouri", biography_en="Arrested with her cousin, a Ghasemi from Tabriz.")
        found = search(Victim.objects.published(), "Ghasemi")
        self.assertEqual(found, [whole, word, part, near, text])
        self.assertEqual(
            [record.search_rank for record in found], [WHOLE_NAME, NAME_WORD, NAME_PART, NEAR_NAME, TEXT]
        )

    def test_words_of_a_biography_are_found_in_either_language(self):
        self.assertEqual(search(Victim.objects.published(), "Gohardasht"), [self.ahmadi])
        self.assertEqual(search(Victim.objects.published(), "زندان گوهردشت"), [self.ahmadi])
        self.assertEqual(search(Victim.objects.published(), "summer 1988"), [self.ahmadi])
        self.assertEqual(search(Victim.objects.published(), "Gohardasht summer sister"), [self.ahmadi])
        self.assertEqual(search(Perpetrator.objects.all(), "intelligence commission"), [self.official])

    def test_text_can_be_left_out(self):
        found = matching(Victim.objects.published(), Query.parse("Gohardasht"), text=False)
        self.assertEqual(list(found), [])

    def test_operator_laden_queries_are_harmless(self):
        queries = [
            "' OR 1=1 --",
            "Ali' OR '1'='1",
            "Ali & Rezaei | !",
            "Rezaei:* & !Ali",
            "(((Ali)))",
            "Ali%",
            "%ali%",
            "_",
            "Ali\\",
            '"Ali Rezaei"',
            "<script>alert(1)</script>",
            "Ali %> Rezaei",
            "Ali <-> Rezaei",
            "NOT Ali",
            "*",
        ]
        everyone = Victim.objects.published().count()
        for raw in queries:
            with self.subTest(raw=raw):
                try:
                    Query.parse(raw)
                except QueryError:
                    continue
                found = search(Victim.objects.published(), raw)
                self.assertLess(len(found), everyone)
        self.assertEqual(search(Victim.objects.published(), "Ali & Rezaei | !"), [self.rezaei])
        self.assertEqual(search(Victim.objects.published(), "' OR 1=1 --"), [])
        self.assertEqual(search(Victim.objects.published(), "%ali%"), [self.rezaei, self.rahimi])
        self.assertEqual(Query.parse("a_i").words, ("a", "i"))  # wildcards are punctuation, not patterns


class QueryParseTestCase(TestCase):
    def test_it_normalizes_the_query_like_the_names(self):
        query = Query.parse("  Mustafa Pour-Mohammadi ")
        self.assertEqual(query.text, "Mustafa Pour-Mohammadi")
        self.assertEqual(query.normalized, "mustafa pour mohammadi")
        self.assertEqual(query.skeleton, "mostafapormohamadi")
        self.assertEqual(query.words, ("mustafa", "pour", "mohammadi"))
        self.assertEqual(query.allowance, 2)

    def test_an_empty_query_is_refused_with_a_message(self):
        for raw in ["", "   ", None, "- ؟ ،", "\x00\x01", "\u200c\u200f"]:
            with self.subTest(raw=raw), self.assertRaisesMessage(QueryError, "Type a name"):
                Query.parse(raw)

    def test_a_query_over_the_limit_is_refused_with_a_message(self):
        Query.parse("a" * MAX_QUERY_LENGTH)
        with self.assertRaisesMessage(QueryError, f"at most {MAX_QUERY_LENGTH} characters"):
            Query.parse("a" * (MAX_QUERY_LENGTH + 1))
        with self.assertRaisesMessage(QueryError, "at most"):
            Query.parse("علی " * 60)

    def test_control_characters_and_lone_surrogates_are_dropped(self):
        self.assertEqual(Query.parse("Ali\x00 Re\x1bzaei\x7f").text, "Ali Rezaei")
        self.assertEqual(Query.parse("Ali\ud800").text, "Ali")
        self.assertEqual(Query.parse("Ali\tRezaei\n").normalized, "ali rezaei")


class ExplainTestCase(TestCase):
    NAMES = ["Mostafa Pourmohammadi", "مصطفی پورمحمدی", "Mustafa Pour-Mohammadi"]
    TEXTS = ["He sat on the Tehran commission in the summer of 1988, for the intelligence ministry."]

    def test_it_names_the_name_that_matched_with_the_words_marked(self):
        explanation = explain(self.NAMES, self.TEXTS, Query.parse("mustafa pour mohammadi"))
        self.assertEqual(explanation.kind, "name")
        self.assertEqual(explanation.html, "<mark>Mostafa</mark> <mark>Pourmohammadi</mark>")

    def test_a_persian_query_marks_the_persian_name(self):
        explanation = explain(self.NAMES, self.TEXTS, Query.parse("پورمحمدي"))
        self.assertEqual((explanation.kind, explanation.html), ("name", "مصطفی <mark>پورمحمدی</mark>"))

    def test_a_typo_is_explained_as_a_near_match(self):
        explanation = explain(self.NAMES, self.TEXTS, Query.parse("Pourmohamdi"))
        self.assertEqual((explanation.kind, explanation.html), ("near", "<mark>Mostafa Pourmohammadi</mark>"))

    def test_a_text_match_shows_the_passage(self):
        explanation = explain(self.NAMES, self.TEXTS, Query.parse("Commission"))
        self.assertEqual(explanation.kind, "text")
        self.assertIn("the Tehran <mark>commission</mark> in the summer", explanation.html)

    def test_a_long_text_is_cut_around_the_match(self):
        text = " ".join(["word"] * 40 + ["Gohardasht"] + ["word"] * 40)
        explanation = explain([], [text], Query.parse("gohardasht"))
        self.assertTrue(explanation.html.startswith("… word"))
        self.assertTrue(explanation.html.endswith("word …"))
        self.assertEqual(explanation.html.count("word"), 24)

    def test_nothing_matched_explains_nothing(self):
        self.assertIsNone(explain(self.NAMES, self.TEXTS, Query.parse("Rahimi")))
        self.assertIsNone(explain(["", ""], [""], Query.parse("Rahimi")))

    def test_names_and_passages_are_escaped(self):
        explanation = explain(["<b>Ali</b> Rezaei"], ["<script>Ali</script>"], Query.parse("Rezaei"))
        self.assertEqual(explanation.html, "&lt;b&gt;Ali&lt;/b&gt; <mark>Rezaei</mark>")
        explanation = explain([], ["<script>Ali</script> was here"], Query.parse("here"))
        self.assertNotIn("<script>", explanation.html)
