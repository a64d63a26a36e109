"""The victims list and its filters: /victims/ and /fa/victims/."""

from __future__ import annotations

from unittest import mock

from django.db import connection
from django.test import SimpleTestCase, override_settings

from archive.lists import about
from archive.models import Event, Place, PlaceKind, Status
from tests.base import BaseTestCase
from victims.models import Gender, Verification, Victim, VictimName

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def make_victim(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


# On PostgreSQL a long list's count starts with the planner's estimate (archive.lists.tally): one query more.
ESTIMATE = int(connection.vendor == "postgresql")


class VictimListTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre", name_fa="کشتار ۶۷", status=Status.PUBLISHED
        )
        self.aban = Event.objects.create(name_en="November 2019 protests", status=Status.PUBLISHED)
        self.tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED)
        self.evin = Place.objects.create(
            name_en="Evin Prison", kind=PlaceKind.PRISON, parent=self.tehran, status=Status.PUBLISHED
        )
        self.mashhad = Place.objects.create(name_en="Mashhad", kind=PlaceKind.CITY, status=Status.PUBLISHED)

    def get_names(self, params=None) -> str:
        response = self.client.get("/victims/", params or {})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_lists_published_victims_in_english(self):
        make_victim(
            "Ali Rezaei",
            "علی رضایی",
            death_text="1367/05/12",
            death_calendar="solar_hijri",
            death_place=self.evin,
        )
        response = self.client.get("/victims/")
        self.assertContains(response, "1 person is remembered here.")
        self.assertContains(response, '<a href="/victims/ali-rezaei/"><span class="name">Ali Rezaei</span>')
        self.assertContains(response, "علی رضایی")
        self.assertContains(response, "3 August 1988 · Evin Prison")

    def test_it_lists_published_victims_in_persian(self):
        make_victim("Ali Rezaei", "علی رضایی", death_text="1367/05/12", death_calendar="solar_hijri")
        make_victim("Maryam Ahmadi", "مریم احمدی")
        response = self.client.get("/fa/victims/")
        lead = response.content.decode().split('<p class="lead">')[1].split("</p>")[0]
        self.assertIn("۲", lead)  # the count, in Persian digits
        self.assertNotIn("2", lead)
        self.assertContains(response, '<a href="/fa/victims/ali-rezaei/"><span class="name">علی رضایی</span>')
        self.assertContains(response, "۱۲ مرداد ۱۳۶۷")

    def test_it_leaves_drafts_in_review_and_withdrawn_victims_out_of_the_list_and_the_count(self):
        make_victim("Ali Rezaei")
        for status in UNPUBLISHED:
            make_victim(f"Hidden {status}", status=status)
        response = self.client.get("/victims/")
        self.assertContains(response, "1 person is remembered here.")
        self.assertNotContains(response, "Hidden")

    def test_staff_see_drafts_marked_as_such(self):
        make_victim("Ali Rezaei")
        make_victim("Unverified Person", status=Status.DRAFT)
        self.client.force_login(self.editor)
        response = self.client.get("/victims/")
        self.assertContains(response, "2 people are remembered here.")
        self.assertContains(response, "Unverified Person")
        self.assertContains(response, '<span class="badge badge-draft">draft</span>')

    def test_a_draft_place_of_death_is_not_named_in_the_row(self):
        secret = Place.objects.create(name_en="Unlisted Detention Site", kind=PlaceKind.PRISON)
        make_victim("Ali Rezaei", death_place=secret)
        self.assertNotContains(self.client.get("/victims/"), "Unlisted Detention Site")

    def test_sample_records_are_marked(self):
        sample = make_victim("Sample Person")
        Victim.objects.filter(pk=sample.pk).update(is_sample=True)
        self.assertContains(self.client.get("/victims/"), "sample record, not a real person")

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/victims/").status_code, 405)
        self.assertEqual(self.client.put("/victims/").status_code, 405)
        self.assertEqual(self.client.delete("/victims/").status_code, 405)

    def test_it_filters_by_event(self):
        make_victim("Ali Rezaei").events.add(self.massacre)
        make_victim("Pouya Bakhtiari").events.add(self.aban)
        page = self.get_names({"event": "1988-prison-massacre"})
        self.assertIn("Ali Rezaei", page)
        self.assertNotIn("Pouya Bakhtiari", page)

    def test_it_filters_by_place_including_the_places_within_it(self):
        make_victim("Held In Evin").prisons.add(self.evin)
        make_victim("Died In Tehran", death_place=self.tehran)
        make_victim("Buried In Evin", burial_place=self.evin)
        make_victim("Died In Mashhad", death_place=self.mashhad)
        page = self.get_names({"place": "tehran"})
        self.assertIn("Held In Evin", page)
        self.assertIn("Died In Tehran", page)
        self.assertIn("Buried In Evin", page)
        self.assertNotIn("Died In Mashhad", page)
        self.assertIn("3 people are remembered here.", page)

    def test_a_victim_held_in_two_prisons_of_a_place_is_listed_once(self):
        qezel = Place.objects.create(
            name_en="Qezel Hesar", kind=PlaceKind.PRISON, parent=self.tehran, status=Status.PUBLISHED
        )
        victim = make_victim("Ali Rezaei", death_place=self.evin)
        victim.prisons.add(self.evin, qezel)
        page = self.get_names({"place": "tehran"})
        self.assertIn("1 person is remembered here.", page)
        self.assertEqual(page.count('href="/victims/ali-rezaei/"'), 1)

    def test_it_filters_by_gender_and_verification(self):
        make_victim("Maryam Ahmadi", gender=Gender.FEMALE, verification=Verification.CONFIRMED)
        make_victim("Ali Rezaei", gender=Gender.MALE, verification=Verification.CONFIRMED)
        make_victim("Zahra Karimi", gender=Gender.FEMALE, verification=Verification.REPORTED)
        page = self.get_names({"gender": "female"})
        self.assertIn("Maryam Ahmadi", page)
        self.assertIn("Zahra Karimi", page)
        self.assertNotIn("Ali Rezaei", page)
        page = self.get_names({"gender": "female", "verification": "confirmed"})
        self.assertIn("Maryam Ahmadi", page)
        self.assertNotIn("Zahra Karimi", page)

    def test_it_filters_by_a_year_range_that_overlaps_the_date_of_death(self):
        # "1367" runs from March 1988 to March 1989: it overlaps both 1988 and 1989.
        make_victim("Died In 1367", death_text="1367", death_calendar="solar_hijri")
        make_victim("Died In 2019", death_text="Aban 1398", death_calendar="solar_hijri")
        make_victim("Date Unknown")
        page = self.get_names({"year_from": "1989", "year_to": "1989"})
        self.assertIn("Died In 1367", page)
        self.assertNotIn("Died In 2019", page)
        self.assertNotIn("Date Unknown", page)
        page = self.get_names({"year_from": "1990"})
        self.assertNotIn("Died In 1367", page)
        self.assertIn("Died In 2019", page)
        page = self.get_names({"year_to": "1987"})
        self.assertNotIn("Died In 1367", page)
        self.assertNotIn("Died In 2019", page)

    def test_it_finds_a_name_in_either_script_or_among_the_variants(self):
        victim = make_victim("Ali Rezaei", "علی رضایی")
        VictimName.objects.create(victim=victim, name="Ali Rezayi")
        VictimName.objects.create(victim=victim, name="Aliy Rezayi")
        make_victim("Maryam Ahmadi", "مریم احمدی")
        for q in ("rezaei", "رضایی", "Rezayi"):
            with self.subTest(q=q):
                page = self.get_names({"q": q})
                self.assertIn("Ali Rezaei", page)
                self.assertNotIn("Maryam Ahmadi", page)
                self.assertIn("1 person is remembered here.", page)

    def test_draft_events_and_places_are_not_offered_as_filters(self):
        Event.objects.create(name_en="Unannounced Event")
        Place.objects.create(name_en="Unlisted Detention Site", kind=PlaceKind.PRISON)
        response = self.client.get("/victims/")
        self.assertContains(response, "1988 prison massacre")
        self.assertNotContains(response, "Unannounced Event")
        self.assertNotContains(response, "Unlisted Detention Site")
        self.assertEqual(self.client.get("/victims/?event=unannounced-event").status_code, 400)

    def test_filter_choices_are_in_the_script_of_the_page(self):
        self.assertContains(self.client.get("/fa/victims/"), "کشتار ۶۷")

    @override_settings(PAGE_SIZE=2)
    def test_the_pagination_links_keep_the_filters(self):
        for n in range(5):
            make_victim(f"Woman {n}", gender=Gender.FEMALE)
        make_victim("Ali Rezaei", gender=Gender.MALE)
        response = self.client.get("/victims/", {"gender": "female"})
        self.assertContains(response, "5 people are remembered here.")
        self.assertContains(response, '<a rel="next" href="?gender=female&amp;page=2">')
        response = self.client.get("/victims/", {"gender": "female", "page": "2"})
        self.assertContains(response, '<a rel="prev" href="?gender=female&amp;page=1">')
        self.assertContains(response, '<a rel="next" href="?gender=female&amp;page=3">')
        self.assertContains(response, "Woman 2")
        response = self.client.get("/victims/", {"gender": "female", "page": "3"})
        self.assertContains(response, "Woman 4")
        self.assertNotContains(response, "Ali Rezaei")

    def test_it_makes_a_fixed_number_of_queries(self):
        make_victim("Ali Rezaei", death_place=self.evin).events.add(self.massacre)
        self.client.get("/victims/")
        # count, page, events of the page, and the event and place filter choices
        with self.assertNumQueries(5 + ESTIMATE):
            self.client.get("/victims/")
        with self.assertNumQueries(5 + ESTIMATE):
            self.client.get("/fa/victims/")

    def test_its_query_count_does_not_grow_with_more_victims(self):
        make_victim("Victim 0", death_place=self.evin).events.add(self.massacre)
        self.client.get("/victims/")
        with self.assertNumQueries(5 + ESTIMATE):
            self.client.get("/victims/")
        for n in range(1, 5):
            place = Place.objects.create(
                name_en=f"Prison {n}", kind=PlaceKind.PRISON, status=Status.PUBLISHED
            )
            victim = make_victim(f"Victim {n}", death_place=place)
            victim.events.add(self.massacre, self.aban)
        with self.assertNumQueries(5 + ESTIMATE):
            response = self.client.get("/victims/")
        self.assertContains(response, "Victim 4")

    def test_its_query_count_is_fixed_when_filtered(self):
        victim = make_victim("Ali Rezaei", gender=Gender.MALE, death_text="1988", death_place=self.evin)
        victim.events.add(self.massacre)
        url = "/victims/?q=ali&event=1988-prison-massacre&place=tehran&gender=male&verification=unconfirmed&year_from=1988&year_to=1988"
        self.client.get(url)
        # the chosen event, the chosen place and the places within it (one query at any depth), the usual five,
        # and the name variants that say which name matched the search
        with self.assertNumQueries(9 + ESTIMATE):
            response = self.client.get(url)
        self.assertContains(response, "1 person is remembered here.")


class LongListTestCase(BaseTestCase):
    """A list too long to count or page through quickly: an estimate said to be one, and a last page that
    says where the rest is. The database's estimate is stood in for, so that the test runs on SQLite too."""

    def setUp(self):
        for n in range(5):
            make_victim(f"Victim {n}")

    def test_a_long_list_says_its_count_is_an_estimate_in_both_languages(self):
        with mock.patch("archive.lists.estimated_rows", return_value=998_900):
            english = self.client.get("/victims/")
            persian = self.client.get("/fa/victims/")
        self.assertContains(english, "About 1,000,000 people are remembered here.")
        self.assertContains(english, "an estimate")
        self.assertEqual(persian.status_code, 200)
        self.assertNotContains(persian, "5 people")

    def test_a_short_list_is_counted_exactly(self):
        with mock.patch("archive.lists.estimated_rows", return_value=12):
            response = self.client.get("/victims/")
        self.assertContains(response, "5 people are remembered here.")
        self.assertNotContains(response, "About")

    def test_the_pages_stop_at_the_cap_and_the_last_one_says_so(self):
        with override_settings(PAGE_SIZE=2), mock.patch("archive.lists.EstimatingPaginator.max_pages", 2):
            first = self.client.get("/victims/")
            last = self.client.get("/victims/?page=3")  # past the cap: the last page offered
        self.assertContains(first, "5 people are remembered here.")
        self.assertNotContains(first, "The pages stop")
        self.assertEqual(last.context["page"].number, 2)
        self.assertContains(last, "The pages stop at the first 4 names.")

    def test_a_page_past_the_end_of_an_overestimated_list_falls_back_to_the_real_last_page(self):
        with override_settings(PAGE_SIZE=2), mock.patch("archive.lists.estimated_rows", return_value=20_000):
            response = self.client.get("/victims/?page=7")
        self.assertEqual(response.context["page"].number, 3)
        self.assertContains(response, "Victim 4")
        self.assertContains(response, "5 people are remembered here.")


class AboutTestCase(SimpleTestCase):
    def test_an_estimate_keeps_two_significant_figures(self):
        self.assertEqual(
            [about(n) for n in (7, 99, 998_900, 12_345, 45_626)], [7, 99, 1_000_000, 12_000, 46_000]
        )
