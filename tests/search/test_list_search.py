"""The search box of the victims, perpetrators and sources lists: the same engine as /search/."""

from __future__ import annotations

from django.db import connection

from archive.models import Event, NameKind, Status
from perpetrators.models import Perpetrator, PerpetratorName
from tests.base import BaseTestCase
from victims.models import Gender, Victim, VictimName


def make_victim(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


def make_perpetrator(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Perpetrator:
    return Perpetrator.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


def rows(response) -> str:
    """The list of records on a list page, without the filters above it."""
    page = response.content.decode()
    return (
        page.split('<ol class="records">', 1)[1].split("</ol>", 1)[0]
        if '<ol class="records">' in page
        else ""
    )


# On PostgreSQL a long list's count starts with the planner's estimate (archive.lists.tally): one query more.
ESTIMATE = int(connection.vendor == "postgresql")


class VictimListSearchTestCase(BaseTestCase):
    def get_rows(self, params, url="/victims/") -> str:
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return rows(response)

    def test_spelling_variants_find_the_victim(self):
        make_victim("Mohammad Hossein Rezaei", "محمدحسین رضایی")
        make_victim("Maryam Ahmadi", "مریم احمدی")
        for q in ["Muhammad", "Mohammed Hussein", "muhammad-hosein rezaei", "محمد حسين", "رضايي"]:
            with self.subTest(q=q):
                found = self.get_rows({"q": q})
                self.assertIn("Mohammad Hossein Rezaei", found)
                self.assertNotIn("Maryam Ahmadi", found)

    def test_one_and_two_typos_in_a_long_name_are_forgiven(self):
        make_victim("Fatemeh Hosseinzadeh")
        make_victim("Zahra Karimi")
        for q in ["Hosseinzafeh", "Hosienzadeh"]:
            with self.subTest(q=q):
                found = self.get_rows({"q": q})
                self.assertIn("Fatemeh Hosseinzadeh", found)
                self.assertNotIn("Zahra Karimi", found)
                self.assertIn("matched a close spelling:", found)

    def test_the_exact_name_comes_before_the_alphabet(self):
        make_victim("Abbas Zahra Karimi")
        make_victim("Zahra Karimi")
        found = self.get_rows({"q": "zahra karimi"})
        self.assertLess(found.index(">Zahra Karimi<"), found.index(">Abbas Zahra Karimi<"))
        self.assertLess(
            self.get_rows({}).index("Abbas Zahra Karimi"), self.get_rows({}).index(">Zahra Karimi<")
        )

    def test_each_row_says_which_name_or_variant_matched(self):
        victim = make_victim("Ali Rezaei", "علی رضایی")
        VictimName.objects.create(victim=victim, name="Abolfazl Rezayi", kind=NameKind.ALIAS)
        victim.refresh_search()
        found = self.get_rows({"q": "abolfazl"})
        self.assertIn('matched: <span class="passage"><mark>Abolfazl</mark> Rezayi</span>', found)
        found = self.get_rows({"q": "رضایی"}, "/fa/victims/")
        self.assertIn("<mark>رضایی</mark>", found)
        self.assertNotIn("matched:", self.get_rows({}))

    def test_the_query_combines_with_the_other_filters_and_leaves_drafts_out(self):
        massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        make_victim("Ali Rezaei", gender=Gender.MALE).events.add(massacre)
        make_victim("Ali Karimi", gender=Gender.MALE)
        make_victim(
            "Ali Rezaei", gender=Gender.MALE, status=Status.DRAFT, slug="ali-rezaei-draft"
        ).events.add(massacre)
        response = self.client.get(
            "/victims/", {"q": "ali", "event": "1988-prison-massacre", "gender": "male"}
        )
        self.assertContains(response, "1 person is remembered here.")
        self.assertNotContains(response, "Ali Karimi")
        self.assertNotContains(response, "ali-rezaei-draft")

    def test_a_query_with_nothing_to_search_for_is_a_bad_request_with_a_message(self):
        make_victim("Ali Rezaei")
        for q in ["& | ! :*", "%_%", "\x01"]:
            with self.subTest(q=q):
                response = self.client.get("/victims/", {"q": q})
                self.assertContains(response, "Type a name, a place or a few words", status_code=400)
        self.assertContains(self.client.get("/victims/?q=%00"), "Null characters", status_code=400)

    def test_operator_laden_queries_are_plain_words(self):
        make_victim("Ali Rezaei")
        for q in ["' OR 1=1 --", '"unbalanced', "ali' OR 'x'='x"]:
            with self.subTest(q=q):
                self.assertEqual(self.client.get("/victims/", {"q": q}).status_code, 200)
        self.assertIn("Ali Rezaei", self.get_rows({"q": "rezaei:* & !ali"}))

    def test_its_query_count_does_not_grow_with_more_matches(self):
        make_victim("Karimi 0")
        url = "/victims/?q=karimi"
        self.client.get(url)
        # count, page, events and name variants of the page, and the event and place filter choices
        with self.assertNumQueries(7 + ESTIMATE):
            self.client.get(url)
        for n in range(1, 5):
            VictimName.objects.create(victim=make_victim(f"Karimi {n}"), name=f"Karimy {n}")
        with self.assertNumQueries(7 + ESTIMATE):
            response = self.client.get(url)
        self.assertContains(response, "5 people are remembered here.")


class PerpetratorListSearchTestCase(BaseTestCase):
    def setUp(self):
        self.official = make_perpetrator("Mostafa Pourmohammadi", "مصطفی پورمحمدی")
        PerpetratorName.objects.create(perpetrator=self.official, name="Mustafa Pour-Mohammadi")
        self.official.refresh_search()
        make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی")

    def test_every_spelling_of_the_officials_name_finds_him(self):
        spellings = [
            "Mostafa Pourmohammadi",
            "Mustafa Pour-Mohammadi",
            "pour mohammadi",
            "مصطفی پورمحمدی",
            "مصطفي پورمحمدي",
        ]
        for url in ["/perpetrators/", "/fa/perpetrators/"]:
            for q in spellings:
                with self.subTest(url=url, q=q):
                    response = self.client.get(url, {"q": q})
                    self.assertContains(response, "mostafa-pourmohammadi/")
                    self.assertNotContains(response, "ebrahim-raisi/")

    def test_each_row_says_which_name_matched(self):
        raisi = Perpetrator.objects.get(name_en="Ebrahim Raisi")
        PerpetratorName.objects.create(
            perpetrator=raisi, name="Ebrahim Raisol-Sadati", kind=NameKind.BIRTH_NAME
        )
        raisi.refresh_search()
        found = rows(self.client.get("/perpetrators/", {"q": "raisolsadati"}))
        self.assertIn("Ebrahim Raisi", found)
        self.assertIn('matched: <span class="passage">Ebrahim <mark>Raisol-Sadati</mark></span>', found)
        self.assertNotIn("Pourmohammadi", found)

    def test_the_articles_misspelling_is_a_close_match(self):
        make_perpetrator("Alireza Avaei")
        found = rows(self.client.get("/perpetrators/", {"q": "Alireza Avail"}))
        self.assertIn("Alireza Avaei", found)


class SourceListSearchTestCase(BaseTestCase):
    def test_a_title_author_or_summary_is_found_in_any_spelling_and_explained(self):
        self.make_source(
            "Blood-soaked secrets", author="Amnesty International", summary_en="On the Gohardasht killings."
        )
        self.make_source("Tasnim interview", author="Tasnim News")
        for q, why in [
            ("bloodsoaked", "<mark>Blood-soaked</mark> secrets"),
            ("amnesty", "<mark>Amnesty</mark> International"),
            ("gohardasht", "<mark>Gohardasht</mark>"),
        ]:
            with self.subTest(q=q):
                found = rows(self.client.get("/sources/", {"q": q}))
                self.assertIn("Blood-soaked secrets", found)
                self.assertNotIn("Tasnim", found)
                self.assertIn(why, found)

    def test_a_title_match_comes_before_a_match_in_the_summary(self):
        self.make_source("A report", summary_en="About the Evin commission.", published_text="2020")
        self.make_source("Evin commission", published_text="2001")
        found = rows(self.client.get("/sources/", {"q": "evin commission"}))
        self.assertLess(found.index("Evin commission</span>"), found.index("A report"))

    def test_drafts_are_not_found(self):
        self.make_source("Unreleased memo", status=Status.DRAFT)
        self.assertNotContains(self.client.get("/sources/", {"q": "memo"}), "Unreleased memo")

    def test_a_search_offers_to_look_inside_the_documents_too(self):
        self.make_source("Blood-soaked secrets")
        response = self.client.get("/sources/", {"q": "death commission"})
        self.assertContains(response, '<a href="/search/?q=death%20commission&amp;type=sources">')
        self.assertNotContains(self.client.get("/sources/"), "Search the text of the documents too")
