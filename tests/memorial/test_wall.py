"""The wall of names, its index: /names/ and /fa/names/, grouped ?by=event, place or date."""

from __future__ import annotations

import re

from archive.models import Event, Place, PlaceKind, Status
from tests.base import BaseTestCase
from victims.models import Victim

from .helpers import bulk_victims, make_victim, section

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


class WallByEventTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre", name_fa="کشتار ۶۷", start_text="1988", status=Status.PUBLISHED
        )
        self.aban = Event.objects.create(
            name_en="November 2019 protests", start_text="2019", status=Status.PUBLISHED
        )

    def test_it_groups_the_names_by_event_with_counts(self):
        make_victim("Ali Rezaei", "علی رضایی").events.add(self.massacre)
        make_victim("Maryam Ahmadi").events.add(self.massacre)
        make_victim("Pouya Bakhtiari").events.add(self.aban)
        response = self.client.get("/names/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "3 people are remembered here by name.")
        massacre = section(
            response, '<a href="/names/event/1988-prison-massacre/"><span>1988 prison massacre'
        )
        self.assertIn("2 names", massacre)
        self.assertIn(
            '<a href="/victims/ali-rezaei/"><span class="name">Ali Rezaei</span> '
            '<span class="other-name" lang="fa" dir="rtl">علی رضایی</span></a>',
            massacre,
        )
        self.assertIn(
            '<a href="/victims/maryam-ahmadi/"><span class="name">Maryam Ahmadi</span></a>', massacre
        )
        self.assertNotIn("Pouya Bakhtiari", massacre)
        aban = section(response, "<span>November 2019 protests</span>")
        self.assertIn("1 name<", aban)
        self.assertIn("Pouya Bakhtiari", aban)
        html = response.content.decode()
        self.assertLess(
            html.index("1988 prison massacre</span>"), html.index("November 2019 protests</span>")
        )

    def test_it_prints_names_in_persian_with_latin_beside_and_marks_latin_only_names(self):
        make_victim("Ali Rezaei", "علی رضایی").events.add(self.massacre)
        make_victim("Maryam Ahmadi").events.add(self.massacre)
        response = self.client.get("/fa/names/")
        self.assertContains(response, '<html lang="fa" dir="rtl">')
        self.assertContains(
            response,
            '<a href="/fa/victims/ali-rezaei/"><span class="name">علی رضایی</span> '
            '<span class="other-name" lang="en" dir="ltr">Ali Rezaei</span></a>',
        )
        self.assertContains(
            response,
            '<a href="/fa/victims/maryam-ahmadi/"><span class="name" lang="en" dir="ltr">Maryam Ahmadi</span></a>',
        )
        self.assertContains(
            response, '<a href="/fa/names/event/1988-prison-massacre/"><span>کشتار ۶۷</span></a>'
        )
        # An event with no Persian name keeps its Latin name, marked as such.
        self.assertNotContains(response, "November 2019 protests")  # no published victim in it

    def test_persian_page_sorts_by_persian_name_falling_back_to_latin(self):
        make_victim("Zahra Aaa", "بهروز").events.add(self.massacre)
        make_victim("Aaron Zzz", "یاسمن").events.add(self.massacre)
        make_victim("Latin Only").events.add(self.massacre)
        html = self.client.get("/fa/names/").content.decode()
        self.assertLess(html.index("Latin Only"), html.index("بهروز"))  # "L" sorts before Arabic script
        self.assertLess(html.index("بهروز"), html.index("یاسمن"))
        english = self.client.get("/names/").content.decode()
        self.assertLess(english.index("Aaron Zzz"), english.index("Latin Only"))
        self.assertLess(english.index("Latin Only"), english.index("Zahra Aaa"))

    def test_it_hides_unpublished_victims_and_events(self):
        make_victim("Ali Rezaei").events.add(self.massacre)
        hidden_event = Event.objects.create(name_en="Unannounced Event", status=Status.DRAFT)
        make_victim("Held Back Event").events.add(hidden_event)
        for status in UNPUBLISHED:
            make_victim(f"Hidden victim {status}", status=status).events.add(self.massacre)
        response = self.client.get("/names/")
        self.assertContains(response, "2 people are remembered here by name.")
        self.assertNotContains(response, "Hidden victim")
        self.assertNotContains(response, "Unannounced Event")
        self.assertIn("1 name<", section(response, "<span>1988 prison massacre</span>"))
        # The victim of the unpublished event is remembered, among those with no (public) event.
        not_known = section(response, '<a href="/names/event/not-known/"><span>Event not recorded</span>')
        self.assertIn("Held Back Event", not_known)

    def test_the_not_known_group_comes_last(self):
        make_victim("No Event")
        make_victim("Ali Rezaei").events.add(self.aban)
        html = self.client.get("/names/").content.decode()
        self.assertLess(html.index("November 2019 protests</span>"), html.index("Event not recorded</span>"))
        self.assertIn("No Event", html.split("Event not recorded</span>")[1])

    def test_a_large_group_links_to_its_own_pages_instead_of_printing_every_name(self):
        for victim in bulk_victims(51, "Massacre victim"):
            victim.events.add(self.massacre)
        make_victim("Pouya Bakhtiari").events.add(self.aban)
        response = self.client.get("/names/")
        massacre = section(response, "<span>1988 prison massacre</span>")
        self.assertIn("51 names", massacre)
        self.assertIn('<a href="/names/event/1988-prison-massacre/">See all 51 names</a>', massacre)
        self.assertNotIn("Massacre victim", massacre)
        self.assertIn("Pouya Bakhtiari", section(response, "<span>November 2019 protests</span>"))

    def test_a_person_in_two_events_stands_in_both(self):
        both = make_victim("Twice Named")
        both.events.add(self.massacre, self.aban)
        response = self.client.get("/names/")
        self.assertContains(response, "1 person is remembered here by name.")
        self.assertIn("Twice Named", section(response, "<span>1988 prison massacre</span>"))
        self.assertIn("Twice Named", section(response, "<span>November 2019 protests</span>"))

    def test_sample_records_are_marked(self):
        sample = make_victim("Sample Person")
        sample.events.add(self.massacre)
        Victim.objects.filter(pk=sample.pk).update(is_sample=True)
        make_victim("Real Person").events.add(self.massacre)
        massacre = section(self.client.get("/names/"), "<span>1988 prison massacre</span>")
        self.assertIn(
            '<span class="name">Sample Person</span></a> '
            '<span class="badge badge-sample">sample record, not a real person</span>',
            massacre,
        )
        self.assertEqual(massacre.count("badge-sample"), 1)
        self.assertContains(self.client.get("/names/event/1988-prison-massacre/"), "badge-sample", count=1)

    def test_an_empty_archive_says_so(self):
        self.assertContains(self.client.get("/names/"), "No name has been published yet.")

    def test_an_unknown_grouping_gets_a_message_and_the_wall_by_event(self):
        make_victim("Ali Rezaei").events.add(self.massacre)
        response = self.client.get("/names/", {"by": "<b>colour</b>"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "The names cannot be grouped “&lt;b&gt;colour&lt;/b&gt;”", status_code=400
        )
        self.assertContains(response, "Ali Rezaei", status_code=400)
        self.assertContains(response, 'href="/names/?by=event" aria-current="page"', status_code=400)

    def test_it_refuses_post(self):
        self.assertEqual(self.client.post("/names/").status_code, 405)

    def test_its_query_count_does_not_grow_with_more_names_or_groups(self):
        make_victim("Ali Rezaei").events.add(self.massacre)
        make_victim("No Event")
        # groups, not known, names of the small groups, names of the not-known group, total
        with self.assertNumQueries(5):
            self.client.get("/names/")
        for n in range(10):
            event = Event.objects.create(name_en=f"Event {n}", status=Status.PUBLISHED)
            for m in range(3):
                make_victim(f"Victim {n} {m}").events.add(event)
            make_victim(f"Unplaced {n}")
        for victim in bulk_victims(60, "Big"):
            victim.events.add(self.aban)
        with self.assertNumQueries(5):
            response = self.client.get("/names/")
        self.assertContains(response, "Victim 9 2")
        self.assertContains(response, "Unplaced 9")
        with self.assertNumQueries(5):
            self.client.get("/fa/names/")


class WallByPlaceTestCase(BaseTestCase):
    def setUp(self):
        self.tehran = Place.objects.create(
            name_en="Tehran", name_fa="تهران", kind=PlaceKind.CITY, status=Status.PUBLISHED
        )
        self.evin = Place.objects.create(
            name_en="Evin Prison", name_fa="زندان اوین", kind=PlaceKind.PRISON, parent=self.tehran,
            status=Status.PUBLISHED,
        )  # fmt: skip
        self.gohardasht = Place.objects.create(
            name_en="Gohardasht Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED
        )
        self.mahshahr = Place.objects.create(name_en="Mahshahr", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        self.secret = Place.objects.create(
            name_en="Secret Prison", kind=PlaceKind.PRISON, status=Status.DRAFT
        )

    def test_it_groups_by_prison_of_death_then_prison_held_then_place_of_death(self):
        make_victim("Died In Evin", death_place=self.evin).prisons.add(self.gohardasht)
        make_victim("Held In Gohardasht", death_place=self.tehran).prisons.add(self.gohardasht)
        make_victim("Held In Two").prisons.add(self.evin, self.gohardasht)
        make_victim("Shot In Mahshahr", death_place=self.mahshahr)
        make_victim("Nowhere Known")
        make_victim("Died In Secret", death_place=self.secret).prisons.add(self.secret)
        response = self.client.get("/names/", {"by": "place"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "under each prison where they were held")
        evin = section(response, "<span>Evin Prison</span>")
        self.assertIn("2 names", evin)
        self.assertIn("Died In Evin", evin)
        self.assertIn("Held In Two", evin)
        gohardasht = section(response, "<span>Gohardasht Prison</span>")
        self.assertIn("2 names", gohardasht)
        self.assertIn("Held In Gohardasht", gohardasht)
        self.assertIn("Held In Two", gohardasht)
        self.assertNotIn("Died In Evin", gohardasht)  # held there, but died in Evin
        mahshahr = section(response, "<span>Mahshahr</span>")
        self.assertIn("1 name<", mahshahr)
        self.assertIn("Shot In Mahshahr", mahshahr)
        self.assertNotContains(response, "<span>Tehran</span>")  # its one death was of a prisoner
        self.assertNotContains(response, "Secret Prison")
        not_known = section(response, "<span>Place not recorded</span>")
        self.assertIn("2 names", not_known)
        self.assertIn("Nowhere Known", not_known)
        self.assertIn("Died In Secret", not_known)

    def test_a_city_among_the_prisons_is_ignored_and_the_index_agrees_with_the_group_pages(self):
        make_victim("City As Prison", death_place=self.mahshahr).prisons.add(self.tehran)
        make_victim("Died In Evin", death_place=self.evin).prisons.add(self.gohardasht)
        make_victim("Held In Two", death_place=self.tehran).prisons.add(self.evin, self.gohardasht)
        make_victim("Shot In Tehran", death_place=self.tehran)
        index = self.client.get("/names/", {"by": "place"})
        self.assertIn("City As Prison", section(index, "<span>Mahshahr</span>"))
        for place, names in (
            ("mahshahr", ["City As Prison"]),
            ("tehran", ["Shot In Tehran"]),
            ("evin-prison", ["Died In Evin", "Held In Two"]),
            ("gohardasht-prison", ["Held In Two"]),
        ):
            heading = f'<a href="/names/place/{place}/">'
            self.assertIn(f"{len(names)} name", section(index, heading))
            page = self.client.get(f"/names/place/{place}/").content.decode()
            self.assertEqual(re.findall(r'<span class="name">([^<]+)</span>', page), names, place)

    def test_places_are_named_in_the_page_script(self):
        make_victim("Died In Evin", death_place=self.evin)
        make_victim("Held In Gohardasht").prisons.add(self.gohardasht)
        response = self.client.get("/fa/names/", {"by": "place"})
        self.assertContains(response, '<a href="/fa/names/place/evin-prison/"><span>زندان اوین</span></a>')
        self.assertContains(
            response,
            '<a href="/fa/names/place/gohardasht-prison/"><span lang="en" dir="ltr">Gohardasht Prison</span></a>',
        )

    def test_its_query_count_does_not_grow_with_more_places(self):
        make_victim("Died In Evin", death_place=self.evin)
        make_victim("Nowhere Known")
        # died-in groups, held-in groups, not known, names: died in, held in, not known; total
        with self.assertNumQueries(7):
            self.client.get("/names/?by=place")
        for n in range(8):
            prison = Place.objects.create(
                name_en=f"Prison {n}", kind=PlaceKind.PRISON, status=Status.PUBLISHED
            )
            city = Place.objects.create(name_en=f"City {n}", kind=PlaceKind.CITY, status=Status.PUBLISHED)
            make_victim(f"Held {n}").prisons.add(prison, self.evin)
            make_victim(f"Died {n}", death_place=city)
        with self.assertNumQueries(7):
            response = self.client.get("/names/?by=place")
        self.assertIn("Held 7", section(response, "<span>Prison 7</span>"))
        self.assertIn("9 names", section(response, "<span>Evin Prison</span>"))


class WallByDateTestCase(BaseTestCase):
    def test_english_groups_by_gregorian_month_and_year(self):
        make_victim("Day In August", death_text="6 August 1988")
        make_victim("Month In August", death_text="August 1988")
        make_victim("Year Only", death_text="1988")
        make_victim("Mordad Only", death_text="Mordad 1367", death_calendar="solar_hijri")
        make_victim("Aban Day", death_text="1398/08/25", death_calendar="solar_hijri")
        make_victim("Date Unknown")
        response = self.client.get("/names/", {"by": "date"})
        august = section(response, '<a href="/names/date/1988-08/"><span>August 1988</span>')
        self.assertIn("2 names", august)
        self.assertIn("Day In August", august)
        self.assertIn("Month In August", august)
        year = section(response, '<a href="/names/date/1988/"><span>Sometime in 1988</span>')
        self.assertIn("Year Only", year)
        self.assertIn("Mordad Only", year)  # 23 July to 22 August 1988: the month is not one Gregorian month
        self.assertIn("Aban Day", section(response, "<span>November 2019</span>"))
        self.assertIn("Date Unknown", section(response, "<span>Date of death not known</span>"))
        html = response.content.decode()
        self.assertLess(html.index("<span>August 1988</span>"), html.index("<span>Sometime in 1988</span>"))
        self.assertLess(html.index("<span>Sometime in 1988</span>"), html.index("<span>November 2019</span>"))

    def test_persian_groups_by_solar_hijri_month_and_year(self):
        make_victim("Day In Mordad", death_text="6 August 1988")
        make_victim("Mordad Only", death_text="Mordad 1367", death_calendar="solar_hijri")
        make_victim("Gregorian Year", death_text="1988")
        make_victim("Solar Year", death_text="1367", death_calendar="solar_hijri")
        response = self.client.get("/fa/names/", {"by": "date"})
        mordad = section(response, '<a href="/fa/names/date/1367-05/"><span>مرداد ۱۳۶۷</span>')
        self.assertIn("Day In Mordad", mordad)
        self.assertIn("Mordad Only", mordad)
        self.assertIn("Solar Year", section(response, '<a href="/fa/names/date/1367/">'))
        # 1988 runs from Dey 1366 to Dey 1367: it stands between the two years.
        self.assertIn("Gregorian Year", section(response, '<a href="/fa/names/date/1366-1367/">'))
        self.assertContains(response, "۱۳۶۶")

    def test_its_query_count_does_not_grow_with_more_periods(self):
        make_victim("One", death_text="6 August 1988")
        with self.assertNumQueries(4):  # pairs of days, not known, names of the small groups, total
            self.client.get("/names/?by=date")
        for year in range(1990, 2030):
            make_victim(f"Died {year}", death_text=f"{year}")
            make_victim(f"Died in March {year}", death_text=f"March {year}")
        make_victim("Date Unknown")
        with self.assertNumQueries(4):
            response = self.client.get("/names/?by=date")
        self.assertContains(response, "Died in March 2009")  # the first 40 small groups are printed in full
        self.assertContains(response, '<a href="/names/date/2029/">See the name</a>')
        self.assertContains(response, '<a href="/names/date/not-known/">See the name</a>')
