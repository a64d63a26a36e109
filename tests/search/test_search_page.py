"""The one search across victims, perpetrators and sources: /search/ and /fa/search/."""

from __future__ import annotations

from django.test import override_settings

from archive.models import Event, NameKind, Place, PlaceKind, SourcePage, Status
from perpetrators.models import Perpetrator, PerpetratorName, Position
from tests.base import BaseTestCase
from victims.models import Gender, Verification, Victim, VictimName


def make_victim(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


def make_perpetrator(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Perpetrator:
    return Perpetrator.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


class SearchPageTestCase(BaseTestCase):
    def search(self, params, url="/search/", status_code=200):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, status_code)
        return response

    def results(self, params, url="/search/") -> str:
        """The results column of the page, without the search box, the filters and the navigation."""
        page = self.search(params, url).content.decode()
        return page.split('<div class="results">', 1)[1].split("</main>", 1)[0] if '"results"' in page else ""


class NameSearchTestCase(SearchPageTestCase):
    def setUp(self):
        self.official = make_perpetrator("Mostafa Pourmohammadi", "مصطفی پورمحمدی")
        PerpetratorName.objects.create(perpetrator=self.official, name="Mustafa Pour-Mohammadi")
        self.official.refresh_search()  # variants are saved after the record
        make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی")

    def test_every_spelling_of_the_officials_name_finds_him_in_english_and_persian(self):
        spellings = [
            "Mostafa Pourmohammadi",
            "Mustafa Pour-Mohammadi",
            "pour mohammadi",
            "مصطفی پورمحمدی",
            "مصطفي پورمحمدي",  # Arabic yeh
        ]
        for url, link in [("/search/", "/perpetrators/"), ("/fa/search/", "/fa/perpetrators/")]:
            for spelling in spellings:
                with self.subTest(url=url, spelling=spelling):
                    results = self.results({"q": spelling}, url)
                    self.assertIn(f'<a href="{link}mostafa-pourmohammadi/">', results)
                    self.assertNotIn("Raisi", results)
                    self.assertNotIn("رئیسی", results)

    def test_mohammad_muhammad_and_mohammed_find_one_another(self):
        make_victim("Mohammad Rezaei", "محمد رضایی")
        make_victim("Maryam Ahmadi")
        for spelling in ["Mohammad", "Muhammad", "Mohammed", "muhammad rezaei", "محمد"]:
            with self.subTest(spelling=spelling):
                results = self.results({"q": spelling})
                self.assertIn("Mohammad Rezaei", results)
                self.assertNotIn("Maryam Ahmadi", results)

    def test_hossein_and_hussein_find_one_another(self):
        make_victim("Hossein Ghasemi")
        make_victim("Hussein Karimi")
        make_victim("Ali Rahimi")
        for spelling in ["Hossein", "Hussein", "Hosein"]:
            with self.subTest(spelling=spelling):
                results = self.results({"q": spelling})
                self.assertIn("Hossein Ghasemi", results)
                self.assertIn("Hussein Karimi", results)
                self.assertNotIn("Ali Rahimi", results)

    def test_one_and_two_typos_in_a_long_name_are_forgiven_and_said_to_be_close(self):
        make_victim("Fatemeh Hosseinzadeh")
        make_victim("Zahra Karimi")
        for typo in ["Hosseinzafeh", "Hosienzadeh"]:
            with self.subTest(typo=typo):
                results = self.results({"q": typo})
                self.assertIn("Fatemeh Hosseinzadeh", results)
                self.assertNotIn("Zahra Karimi", results)
                self.assertIn("matched a close spelling:", results)

    def test_the_exact_name_is_ranked_first(self):
        make_victim("Abbas Zahra Karimi")
        make_victim("Fatemeh Zahra Karimi")
        make_victim("Zahra Karimi")
        results = self.results({"q": "Zahra Karimi", "type": "victims"})
        positions = [results.index(f">{name}</span>") for name in ("Zahra Karimi", "Abbas Zahra Karimi")]
        self.assertLess(positions[0], positions[1])

    def test_it_says_which_name_and_which_variant_matched_with_the_words_marked(self):
        raisi = Perpetrator.objects.get(name_en="Ebrahim Raisi")
        PerpetratorName.objects.create(
            perpetrator=raisi, name="Ebrahim Raisol-Sadati", kind=NameKind.BIRTH_NAME
        )
        raisi.refresh_search()
        results = self.results({"q": "Raisolsadati"})
        self.assertIn("Ebrahim Raisi", results)
        self.assertIn('matched: <span class="passage">Ebrahim <mark>Raisol-Sadati</mark></span>', results)
        results = self.results({"q": "پورمحمدی"}, "/fa/search/")
        self.assertIn("<mark>پورمحمدی</mark>", results)

    def test_a_victims_name_variant_is_found_and_shown(self):
        victim = make_victim("Ali Rezaei", "علی رضایی")
        VictimName.objects.create(victim=victim, name="Abolfazl Rezayi", kind=NameKind.ALIAS)
        victim.refresh_search()
        results = self.results({"q": "Abolfazl"})
        self.assertIn("Ali Rezaei", results)
        self.assertIn("<mark>Abolfazl</mark> Rezayi", results)

    def test_words_of_a_biography_are_found_and_the_passage_shown(self):
        make_victim(
            "Maryam Ahmadi", biography_en="She was held in Gohardasht Prison until the summer of 1988."
        )
        results = self.results({"q": "gohardasht"})
        self.assertIn("Maryam Ahmadi", results)
        self.assertIn("matched in the text:", results)
        self.assertIn("<mark>Gohardasht</mark>", results)

    def test_names_in_the_results_are_escaped(self):
        make_victim("Ali <script>alert(1)</script> Rezaei")
        results = self.results({"q": "rezaei"})
        self.assertNotIn("<script>", results)
        self.assertIn("&lt;script&gt;", results)


class DocumentSearchTestCase(SearchPageTestCase):
    def setUp(self):
        self.report = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")
        SourcePage.objects.create(source=self.report, number=1, text="Introduction and method of the report.")
        SourcePage.objects.create(
            source=self.report,
            number=2,
            text="Witnesses said the death commission met in Evin on 28 July and sent prisoners to the gallows.",
        )
        SourcePage.objects.create(source=self.report, number=3, text="گزارش دربارهٔ هیئت مرگ در زندان اوین.")

    def test_a_phrase_on_a_page_finds_the_document_and_links_to_that_page(self):
        results = self.results({"q": "commission met in Evin"})
        self.assertIn(
            '<a href="/sources/blood-soaked-secrets/"><span class="name">Blood-soaked secrets</span></a>',
            results,
        )
        self.assertIn('<a href="/sources/blood-soaked-secrets/#page-2">page 2</a>', results)
        self.assertIn("<mark>commission</mark> <mark>met</mark>", results)
        self.assertNotIn("#page-1", results)

    def test_a_persian_phrase_on_a_page_is_found_with_arabic_letter_forms_on_the_persian_page(self):
        results = self.results({"q": "هيئت مرگ"}, "/fa/search/")
        self.assertIn('href="/fa/sources/blood-soaked-secrets/#page-3"', results)
        self.assertIn("۳", results)

    def test_at_most_three_pages_of_a_document_are_shown(self):
        for number in range(4, 9):
            SourcePage.objects.create(
                source=self.report, number=number, text=f"The commission, page {number}."
            )
        results = self.results({"q": "commission"})
        self.assertIn("#page-2", results)
        self.assertIn("#page-4", results)
        self.assertIn("#page-5", results)
        self.assertNotIn("#page-6", results)

    def test_a_draft_documents_pages_are_neither_found_nor_shown(self):
        memo = self.make_source("Unreleased memo", status=Status.DRAFT, slug="unreleased-memo")
        SourcePage.objects.create(source=memo, number=1, text="The secret commission list of Qezel Hesar.")
        results = self.results({"q": "qezel hesar"})
        self.assertNotIn("Unreleased memo", results)
        self.assertNotIn("secret", results)
        self.assertIn("Nothing in the archive matches", results)
        self.client.force_login(self.editor)
        results = self.results({"q": "qezel hesar"})
        self.assertIn("Unreleased memo", results)
        self.assertIn('<span class="badge badge-draft">draft</span>', results)

    def test_a_match_in_the_title_ranks_before_a_match_on_a_page(self):
        self.make_source("Evin commission testimonies", slug="evin-commission-testimonies")
        results = self.results({"q": "evin commission"})
        self.assertLess(results.index("Evin commission testimonies"), results.index("Blood-soaked secrets"))


class FilterTestCase(SearchPageTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        self.aban = Event.objects.create(name_en="November 2019 protests", status=Status.PUBLISHED)
        self.tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED)
        self.evin = Place.objects.create(
            name_en="Evin Prison", kind=PlaceKind.PRISON, parent=self.tehran, status=Status.PUBLISHED
        )
        self.mashhad = Place.objects.create(name_en="Mashhad", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        held = make_victim("Ali Rezaei", gender=Gender.MALE, death_text="1988", age_at_death=24)
        held.events.add(self.massacre)
        held.prisons.add(self.evin)
        died = make_victim(
            "Ali Karimi",
            gender=Gender.MALE,
            death_text="1988",
            death_place=self.mashhad,
            age_at_death=40,
            verification=Verification.CONFIRMED,
        )
        died.events.add(self.massacre)
        shot = make_victim(
            "Ali Ahmadi", gender=Gender.FEMALE, death_text="Aban 1398", death_calendar="solar_hijri"
        )
        shot.events.add(self.aban)
        shot.prisons.add(self.evin)
        hidden = make_victim("Ali Hidden", gender=Gender.FEMALE, status=Status.DRAFT, death_place=self.evin)
        hidden.events.add(self.massacre)

    def test_each_facet_value_shows_how_many_published_victims_it_leaves(self):
        response = self.search({"q": "ali"})
        self.assertContains(response, "3 results for “ali”.")
        for html in [
            '<strong aria-current="true">all</strong> <span class="count">3</span>',
            '<a href="?q=ali&amp;type=victims">victims</a> <span class="count">3</span>',
            '<a href="?q=ali&amp;event=1988-prison-massacre">1988 prison massacre</a> <span class="count">2</span>',
            '<a href="?q=ali&amp;event=november-2019-protests">November 2019 protests</a> <span class="count">1</span>',
            '<a href="?q=ali&amp;place=tehran">Tehran</a> <span class="count">2</span>',
            '<a href="?q=ali&amp;place=mashhad">Mashhad</a> <span class="count">1</span>',
            '<a href="?q=ali&amp;gender=male">male</a> <span class="count">2</span>',
            '<a href="?q=ali&amp;gender=female">female</a> <span class="count">1</span>',
            '<a href="?q=ali&amp;verification=confirmed">identity confirmed</a> <span class="count">1</span>',
            '<a href="?q=ali&amp;verification=unconfirmed">unconfirmed</a> <span class="count">2</span>',
        ]:
            with self.subTest(html=html):
                self.assertContains(response, html, html=False)
        self.assertNotContains(response, "Ali Hidden")

    def test_a_facet_counts_under_the_other_filters_and_keeps_its_own_values(self):
        response = self.search({"q": "ali", "gender": "male"})
        self.assertContains(response, "2 results for “ali”.")
        self.assertContains(
            response, '<strong aria-current="true">male</strong> <span class="count">2</span>'
        )
        self.assertContains(
            response, '<a href="?q=ali&amp;gender=female">female</a> <span class="count">1</span>'
        )
        self.assertContains(
            response,
            '<a href="?q=ali&amp;gender=male&amp;event=1988-prison-massacre">1988 prison massacre</a> '
            '<span class="count">2</span>',
        )
        self.assertNotContains(response, "November 2019 protests")

    def test_two_facets_in_use_each_count_under_the_other_and_the_rest_under_both(self):
        response = self.search({"q": "ali", "gender": "female", "place": "tehran"})
        self.assertContains(response, "1 result for “ali”.")
        for html in [
            # Gender under the place: Ali Rezaei (male) and Ali Ahmadi (female) were both held in Evin.
            '<a href="?q=ali&amp;gender=male&amp;place=tehran">male</a> <span class="count">1</span>',
            '<strong aria-current="true">female</strong> <span class="count">1</span>',
            # The places within Tehran under the gender: only Ali Ahmadi.
            '<a href="?q=ali&amp;gender=female&amp;place=evin-prison">Evin Prison</a> <span class="count">1</span>',
            # Verification under both.
            '<a href="?q=ali&amp;gender=female&amp;place=tehran&amp;verification=unconfirmed">unconfirmed</a> '
            '<span class="count">1</span>',
        ]:
            with self.subTest(html=html):
                self.assertContains(response, html, html=False)
        self.assertNotContains(response, "identity confirmed")

    def test_a_filter_that_leaves_nothing_can_still_be_taken_off(self):
        response = self.search({"q": "ali", "verification": "reported"})
        self.assertContains(response, "0 results for “ali”.")
        self.assertContains(response, '<li><a href="?q=ali">any</a></li>')

    def test_a_place_takes_in_the_places_within_it_and_offers_them_next(self):
        results = self.results({"q": "ali", "place": "tehran"})
        self.assertIn("Ali Rezaei", results)  # held in Evin, in Tehran
        self.assertIn("Ali Ahmadi", results)
        self.assertNotIn("Ali Karimi", results)  # died in Mashhad
        response = self.search({"q": "ali", "place": "tehran"})
        self.assertContains(response, '<strong aria-current="true">Tehran</strong>')
        self.assertContains(
            response, '<a href="?q=ali&amp;place=evin-prison">Evin Prison</a> <span class="count">2</span>'
        )

    def test_event_gender_verification_and_age_narrow_the_victims(self):
        cases = [
            ({"event": "november-2019-protests"}, ["Ali Ahmadi"]),
            ({"gender": "female"}, ["Ali Ahmadi"]),
            ({"verification": "confirmed"}, ["Ali Karimi"]),
            ({"age_from": "30"}, ["Ali Karimi"]),
            ({"age_to": "30"}, ["Ali Rezaei"]),
            ({"age_from": "20", "age_to": "30", "event": "1988-prison-massacre"}, ["Ali Rezaei"]),
        ]
        everyone = ["Ali Rezaei", "Ali Karimi", "Ali Ahmadi"]
        for params, expected in cases:
            with self.subTest(params=params):
                results = self.results({"q": "ali", **params})
                for name in everyone:
                    (self.assertIn if name in expected else self.assertNotIn)(name, results)

    def test_a_year_range_overlaps_the_date_of_death_and_the_date_of_publication(self):
        self.make_source("Ali's testimony", published_text="2016")
        self.make_source("Ali's letter", published_text="1990")
        results = self.results({"q": "ali", "year_from": "2015", "year_to": "2020"})
        self.assertIn("Ali Ahmadi", results)  # Aban 1398 is November 2019
        self.assertIn("Ali&#x27;s testimony", results)
        self.assertNotIn("Ali Rezaei", results)
        self.assertNotIn("Ali&#x27;s letter", results)

    def test_a_victims_only_filter_leaves_perpetrators_and_sources_out(self):
        make_perpetrator("Ali Razini")
        self.make_source("Ali's testimony")
        self.assertIn("Ali Razini", self.results({"q": "ali"}))
        results = self.results({"q": "ali", "gender": "male"})
        self.assertNotIn("Ali Razini", results)
        self.assertNotIn("testimony", results)

    def test_an_event_finds_the_perpetrators_who_held_a_post_in_it(self):
        razini = make_perpetrator("Ali Razini")
        Position.objects.create(
            perpetrator=razini, title_en="Judge", event=self.massacre, status=Status.PUBLISHED
        )
        make_perpetrator("Ali Fallahian")
        results = self.results({"q": "ali", "event": "1988-prison-massacre"})
        self.assertIn("Ali Razini", results)
        self.assertNotIn("Ali Fallahian", results)

    def test_drafts_are_not_counted_in_any_facet(self):
        response = self.search({"q": "hidden"})
        self.assertContains(response, "0 results for “hidden”.")
        self.assertNotContains(response, "Ali Hidden")
        self.assertNotContains(response, 'class="count">1<')
        draft_event = Event.objects.create(name_en="Unannounced Event")
        make_victim("Ali Secret").events.add(draft_event)
        response = self.search({"q": "ali"})
        self.assertNotContains(response, "Unannounced Event")
        self.assertEqual(
            self.search({"q": "ali", "event": "unannounced-event"}, status_code=400).status_code, 400
        )

    def test_staff_see_drafts_marked_and_counted(self):
        self.client.force_login(self.editor)
        response = self.search({"q": "ali"})
        self.assertContains(response, "4 results for “ali”.")
        self.assertContains(response, "Ali Hidden")
        self.assertContains(response, '<span class="badge badge-draft">draft</span>')

    def test_the_type_filter_shows_one_type_and_the_overview_shows_each_with_a_link_to_all(self):
        for n in range(6):
            make_perpetrator(f"Ali Official {n}")
        response = self.search({"q": "ali"})
        self.assertContains(response, '<a href="?q=ali&amp;type=perpetrators">See all 6</a>')
        self.assertContains(response, "Ali Official 4")
        self.assertNotContains(response, "Ali Official 5")
        results = self.results({"q": "ali", "type": "perpetrators"})
        self.assertIn("Ali Official 5", results)
        self.assertNotIn("Ali Rezaei", results)

    @override_settings(PAGE_SIZE=2)
    def test_filters_and_the_type_survive_pagination(self):
        for n in range(3):
            make_victim(f"Ali Woman {n}", gender=Gender.FEMALE)
        response = self.search({"q": "ali", "type": "victims", "gender": "female"})
        self.assertContains(
            response, '<a rel="next" href="?q=ali&amp;type=victims&amp;gender=female&amp;page=2">'
        )
        self.assertContains(response, '<input type="hidden" name="gender" value="female"')
        results = self.results({"q": "ali", "type": "victims", "gender": "female", "page": "2"})
        self.assertIn("Ali Woman 2", results)
        self.assertNotIn("Ali Karimi", results)

    def test_the_persian_page_counts_in_persian_digits(self):
        response = self.search({"q": "ali"}, url="/fa/search/")
        self.assertContains(response, 'dir="rtl"')
        self.assertContains(response, '<span class="count">۳</span>')


class BadInputTestCase(SearchPageTestCase):
    def setUp(self):
        make_victim("Ali Rezaei")

    def test_an_empty_query_shows_the_form_and_a_prompt(self):
        for params in [{}, {"q": ""}, {"q": "   "}]:
            with self.subTest(params=params):
                response = self.search(params)
                self.assertContains(response, '<input type="search" name="q"')
                self.assertContains(response, "Type a name in Latin or Persian script")
                self.assertNotContains(response, 'role="alert"')
                self.assertNotContains(response, "Ali Rezaei")

    def test_troublesome_queries_give_a_normal_page_with_a_message(self):
        nothing = "Type a name, a place or a few words to search for."
        cases = [
            ("/search/?q=" + "x" * 201, "at most 200 characters"),
            ("/fa/search/?q=" + "x" * 201, 'role="alert"'),
            ("/search/?q=%00", "Null characters are not allowed."),
            ("/search/?q=ali%00rezaei", "Null characters are not allowed."),
            ("/search/?q=%01%02", nothing),
            ("/search/?q=%ED%A0%80", nothing),  # a lone surrogate, encoded
            ("/search/?q=%FF%FE", nothing),  # not UTF-8 at all
            ("/search/?q=%26+%7C+%21+%3A%2A", nothing),  # & | ! :*
            ("/search/?q=%25_%25", nothing),  # %_% is not "everything"
        ]
        for url, message in cases:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, message, status_code=200)
                self.assertContains(response, 'role="alert"')
                self.assertNotContains(response, "\x00")

    def test_operator_laden_queries_are_searched_as_plain_words(self):
        for q in ["' OR 1=1 --", '"unbalanced', "ali' OR 'x'='x", "rezaei:* | !ali", "ali\\", "a(b", "ali%"]:
            with self.subTest(q=q):
                self.assertContains(self.search({"q": q}), " for “")
        for q in ["ali & | ! :*", '"ali rezaei', "(ali) <-> rezaei"]:
            with self.subTest(q=q):
                self.assertContains(self.search({"q": q}), "Ali Rezaei")

    def test_control_characters_are_dropped_from_the_query(self):
        response = self.client.get("/search/?q=ali%07+rezaei%1B")
        self.assertContains(response, "Ali Rezaei")
        self.assertContains(response, 'value="ali rezaei"')

    def test_unknown_filter_values_are_a_bad_request_with_a_friendly_notice(self):
        cases = [
            ({"type": "x"}, "Select a valid choice."),
            ({"event": "nope"}, "Select a valid choice."),
            ({"place": "nope"}, "Select a valid choice."),
            ({"event": "\x00"}, "Null characters are not allowed."),
            ({"place": "evin\x00"}, "Null characters are not allowed."),
            ({"gender": "other"}, "Select a valid choice."),
            ({"verification": "maybe"}, "Select a valid choice."),
            ({"year_from": "abc"}, "Enter a whole number."),
            ({"year_to": "3000"}, "Ensure this value is less than or equal to 2100."),
            ({"age_from": "-3"}, "Ensure this value is greater than or equal to 0."),
            ({"age_from": "50", "age_to": "20"}, "The lower age is above the higher one."),
        ]
        for params, message in cases:
            with self.subTest(params=params):
                response = self.client.get("/search/", {"q": "ali", **params})
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "not ones the archive knows", status_code=400)
                self.assertContains(
                    response, '<a href="?q=ali">Search without these filters</a>', status_code=400
                )
                self.assertNotContains(response, "Ali Rezaei", status_code=400)

    def test_a_bad_page_number_falls_back_to_a_page_that_exists(self):
        for page in ["abc", "-1", "999"]:
            with self.subTest(page=page):
                self.assertContains(self.search({"q": "ali", "type": "victims", "page": page}), "Ali Rezaei")

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/search/", {"q": "ali"}).status_code, 405)
        self.assertEqual(self.client.put("/search/").status_code, 405)
        self.assertEqual(self.client.delete("/search/").status_code, 405)


class QueryCountTestCase(SearchPageTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        self.tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED)

    def add_matches(self, n):
        evin = Place.objects.create(
            name_en=f"Prison {n}", kind=PlaceKind.PRISON, parent=self.tehran, status=Status.PUBLISHED
        )
        victim = make_victim(f"Karimi Victim {n}", death_place=evin, gender=Gender.MALE)
        victim.events.add(self.massacre)
        victim.prisons.add(evin)
        VictimName.objects.create(victim=victim, name=f"Karimy Victim {n}")
        official = make_perpetrator(f"Karimi Official {n}")
        PerpetratorName.objects.create(perpetrator=official, name=f"Karimy Official {n}")
        source = self.make_source(f"Karimi report {n}")
        SourcePage.objects.create(source=source, number=1, text="Karimi was there.")
        SourcePage.objects.create(source=source, number=2, text="Karimi again.")

    def test_the_number_of_queries_does_not_grow_with_the_number_of_results(self):
        # For each type its first few and their count in one query, with the name variants of victims and
        # perpetrators and the document pages of sources; the stored name words near the query (typo
        # tolerance); then the events, the places, and one count for the facets together.
        url = "/search/?q=karimi"
        self.add_matches(0)
        self.client.get(url)
        with self.assertNumQueries(10):
            response = self.client.get(url)
        self.assertContains(response, "3 results")
        for n in range(1, 6):
            self.add_matches(n)
        with self.assertNumQueries(10):
            response = self.client.get(url)
        self.assertContains(response, "18 results")
        self.assertContains(response, "See all 6")

    def test_the_number_of_queries_is_fixed_when_filtered(self):
        # The chosen event, the chosen place and the places within it (one query at any depth), then for victims a count,
        # a page and their variants, and the four facets (five queries). A gender leaves out perpetrators and
        # sources without a query.
        url = "/fa/search/?q=karimi&place=tehran&event=1988-prison-massacre&gender=male&type=victims"
        self.add_matches(0)
        self.client.get(url)
        with self.assertNumQueries(12):
            self.client.get(url)
        for n in range(1, 5):
            self.add_matches(n)
        with self.assertNumQueries(12):
            response = self.client.get(url)
        self.assertContains(response, "Karimi Victim 4")

    def test_the_number_of_queries_is_fixed_for_sources(self):
        # the counts of the other two types, and the sources' count, page and document pages; no facets
        url = "/search/?q=karimi&type=sources"
        self.add_matches(0)
        self.client.get(url)
        with self.assertNumQueries(6):
            self.client.get(url)
        for n in range(1, 5):
            self.add_matches(n)
        with self.assertNumQueries(6):
            response = self.client.get(url)
        self.assertContains(response, "#page-2")
