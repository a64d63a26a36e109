"""One group of the wall, a page of names at a time: /names/<grouping>/<key>/."""

from __future__ import annotations

import re
from unittest import mock

from archive.models import Event, Place, PlaceKind, Status
from tests.base import BaseTestCase

from .helpers import bulk_victims, make_victim


def names_on(response) -> list[str]:
    """The names printed on the wall, in order."""
    wall = response.content.decode().split('<ul class="wall">')[1].split("</ul>")[0]
    return re.findall(r'<span class="name"[^>]*>([^<]+)</span>', wall)


class WallGroupTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre", name_fa="کشتار ۶۷", status=Status.PUBLISHED
        )

    def test_it_lists_the_names_of_an_event(self):
        make_victim("Ali Rezaei", "علی رضایی").events.add(self.massacre)
        make_victim("Other Event Victim")
        make_victim("Hidden Victim", status=Status.DRAFT).events.add(self.massacre)
        response = self.client.get("/names/event/1988-prison-massacre/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>1988 prison massacre</h1>")
        self.assertContains(response, "1 name.")
        self.assertContains(response, '<a href="/events/1988-prison-massacre/">About this event</a>')
        self.assertEqual(names_on(response), ["Ali Rezaei"])
        self.assertNotContains(response, "Hidden Victim")
        self.assertNotContains(response, "Other Event Victim")
        self.assertNotContains(response, 'rel="next"')

    def test_it_pages_through_a_large_group_in_name_order(self):
        victims = bulk_victims(7, "Victim")
        for victim in victims:
            victim.events.add(self.massacre)
        with mock.patch("victims.memorial.PAGE_SIZE", 3):
            first = self.client.get("/names/event/1988-prison-massacre/")
            self.assertContains(first, "7 names.")
            self.assertEqual(names_on(first), ["Victim 000", "Victim 001", "Victim 002"])
            self.assertNotContains(first, 'rel="prev"')
            self.assertContains(first, f'<a rel="next" href="?after={victims[2].pk}">next names</a>')
            second = self.client.get("/names/event/1988-prison-massacre/", {"after": victims[2].pk})
            self.assertEqual(names_on(second), ["Victim 003", "Victim 004", "Victim 005"])
            self.assertContains(second, f'<a rel="prev" href="?before={victims[3].pk}">previous names</a>')
            self.assertContains(second, '<a href="/names/event/1988-prison-massacre/">first names</a>')
            last = self.client.get("/names/event/1988-prison-massacre/", {"after": victims[5].pk})
            self.assertEqual(names_on(last), ["Victim 006"])
            self.assertNotContains(last, 'rel="next"')
            back = self.client.get("/names/event/1988-prison-massacre/", {"before": victims[3].pk})
            self.assertEqual(names_on(back), ["Victim 000", "Victim 001", "Victim 002"])
            self.assertNotContains(back, 'rel="prev"')
            self.assertContains(back, f'href="?after={victims[2].pk}"')
            before_the_first = self.client.get(
                "/names/event/1988-prison-massacre/", {"before": victims[0].pk}
            )
            self.assertEqual(names_on(before_the_first), ["Victim 000", "Victim 001", "Victim 002"])

    def test_same_names_are_paged_by_id_without_losing_anyone(self):
        twins = [make_victim("Same Name", slug=f"same-name-{n}") for n in range(5)]
        for victim in twins:
            victim.events.add(self.massacre)
        seen, after = [], None
        with mock.patch("victims.memorial.PAGE_SIZE", 2):
            for _page in range(3):
                params = {"after": after} if after else {}
                html = self.client.get("/names/event/1988-prison-massacre/", params).content.decode()
                seen += re.findall(r'href="/victims/(same-name-\d)/"', html)
                match = re.search(r'href="\?after=(\d+)"', html)
                after = match and match[1]
        self.assertEqual(seen, [f"same-name-{n}" for n in range(5)])

    def test_persian_pages_sort_by_persian_name_and_mark_latin_ones(self):
        make_victim("Zahra", "آذر").events.add(self.massacre)
        make_victim("Bijan", "یاسمن").events.add(self.massacre)
        make_victim("Latin Only").events.add(self.massacre)
        response = self.client.get("/fa/names/event/1988-prison-massacre/")
        self.assertContains(response, "<h1>کشتار ۶۷</h1>")
        self.assertEqual(names_on(response), ["Latin Only", "آذر", "یاسمن"])
        self.assertContains(response, '<span class="name" lang="en" dir="ltr">Latin Only</span>')
        self.assertContains(response, '<span class="other-name" lang="en" dir="ltr">Zahra</span>')
        self.assertContains(response, "۳")

    def test_an_invalid_page_marker_gets_a_message_and_the_first_page(self):
        make_victim("Ali Rezaei").events.add(self.massacre)
        draft = make_victim("Draft Person", status=Status.DRAFT)
        for marker in ("abc", "-1", "٣", str(draft.pk), "99999999"):
            response = self.client.get("/names/event/1988-prison-massacre/", {"after": marker})
            self.assertEqual(response.status_code, 400, marker)
            self.assertContains(response, "That page marker is not valid", status_code=400)
            self.assertEqual(names_on(response), ["Ali Rezaei"])

    def test_the_groups_of_places_dates_and_the_unknown_have_pages(self):
        evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
        city = Place.objects.create(name_en="Mahshahr", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        make_victim("Held In Evin", death_place=city).prisons.add(evin)
        make_victim("Shot In Mahshahr", death_place=city)
        make_victim("Died In Mordad", death_text="1367/05/15", death_calendar="solar_hijri")
        make_victim("Year Only", death_text="1988")
        make_victim("Nothing Known")

        evin_page = self.client.get("/names/place/evin-prison/")
        self.assertEqual(names_on(evin_page), ["Held In Evin"])
        self.assertContains(evin_page, '<a href="/places/evin-prison/">About this place</a>')
        self.assertEqual(names_on(self.client.get("/names/place/mahshahr/")), ["Shot In Mahshahr"])
        self.assertEqual(names_on(self.client.get("/names/date/1988-08/")), ["Died In Mordad"])
        self.assertEqual(names_on(self.client.get("/names/date/1988/")), ["Year Only"])
        mordad = self.client.get("/names/date/1367-05/")  # a Solar Hijri address works on the English page
        self.assertContains(mordad, "<h1>Mordad 1367</h1>")
        self.assertEqual(names_on(mordad), ["Died In Mordad"])
        self.assertEqual(names_on(self.client.get("/fa/names/date/1366-1367/")), ["Year Only"])
        self.assertContains(self.client.get("/fa/names/date/1366-1367/"), "۱۳۶۶")
        unknown = self.client.get("/names/place/not-known/")
        self.assertContains(unknown, "<h1>Place not recorded</h1>")
        self.assertEqual(names_on(unknown), ["Died In Mordad", "Nothing Known", "Year Only"])
        self.assertEqual(
            names_on(self.client.get("/names/date/not-known/")),
            ["Held In Evin", "Nothing Known", "Shot In Mahshahr"],
        )

    def test_an_old_address_of_the_event_redirects(self):
        make_victim("Ali Rezaei").events.add(self.massacre)
        self.massacre.slug = "massacre-1988"
        self.massacre.save()
        response = self.client.get("/names/event/1988-prison-massacre/")
        self.assertRedirects(response, "/names/event/massacre-1988/", status_code=301)

    def test_unknown_and_unpublished_groups_are_404(self):
        Event.objects.create(name_en="Unannounced Event", status=Status.DRAFT)
        Place.objects.create(name_en="Secret Prison", kind=PlaceKind.PRISON, status=Status.IN_REVIEW)
        for url in (
            "/names/colour/red/",
            "/names/event/unannounced-event/",
            "/names/place/secret-prison/",
            "/names/event/no-such-event/",
            "/names/date/1988-13/",
            "/names/date/1367-1366/",
            "/names/date/1367-1988/",
            "/names/date/summer/",
            "/names/date/0000/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_it_refuses_post(self):
        self.assertEqual(self.client.post("/names/event/1988-prison-massacre/").status_code, 405)

    def test_its_query_count_is_the_same_on_every_page(self):
        victims = bulk_victims(12, "Victim")
        evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
        for victim in victims:
            victim.events.add(self.massacre)
            victim.prisons.add(evin)
        with mock.patch("victims.memorial.PAGE_SIZE", 5):
            with self.assertNumQueries(3):  # the event, the count, the page
                self.client.get("/names/event/1988-prison-massacre/")
            with self.assertNumQueries(
                3
            ):  # the event, the page marker's name (instead of the count), the page
                response = self.client.get(f"/names/event/1988-prison-massacre/?after={victims[4].pk}")
            self.assertContains(response, "A further page of the names in this group.")
            self.assertEqual(names_on(response), [f"Victim {n:03d}" for n in range(5, 10)])
            with self.assertNumQueries(3):
                self.client.get(f"/names/place/evin-prison/?before={victims[9].pk}")
            with self.assertNumQueries(2):  # no record to look up for a period
                self.client.get(f"/names/date/not-known/?after={victims[4].pk}")
            with self.assertNumQueries(2):
                self.client.get("/names/date/not-known/")
