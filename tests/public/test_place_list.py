"""The places list, grouped by kind: /places/ and /fa/places/."""

from __future__ import annotations

from archive.models import Place, PlaceKind, Status
from tests.base import BaseTestCase

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def make_place(name_en, kind, name_fa="", status=Status.PUBLISHED, **fields) -> Place:
    return Place.objects.create(name_en=name_en, name_fa=name_fa, kind=kind, status=status, **fields)


class PlaceListTestCase(BaseTestCase):
    def test_it_lists_published_places_by_kind_in_english(self):
        tehran = make_place("Tehran", PlaceKind.CITY, "تهران")
        make_place("Evin Prison", PlaceKind.PRISON, "زندان اوین", parent=tehran)
        make_place("Khavaran", PlaceKind.MASS_GRAVE, "خاوران", parent=tehran)
        response = self.client.get("/places/")
        self.assertContains(response, "<h2>City</h2>")
        self.assertContains(response, "<h2>Prison</h2>")
        self.assertContains(response, "<h2>Mass grave</h2>")
        self.assertContains(
            response,
            '<a href="/places/evin-prison/"><span class="name">Evin Prison</span></a> <span class="meta">Tehran</span>',
        )

    def test_it_lists_published_places_in_persian(self):
        tehran = make_place("Tehran", PlaceKind.CITY, "تهران")
        make_place("Evin Prison", PlaceKind.PRISON, "زندان اوین", parent=tehran)
        response = self.client.get("/fa/places/")
        self.assertContains(
            response,
            '<a href="/fa/places/evin-prison/"><span class="name">زندان اوین</span></a> <span class="meta">تهران</span>',
        )

    def test_it_leaves_out_drafts_in_review_and_withdrawn_places(self):
        make_place("Tehran", PlaceKind.CITY)
        for status in UNPUBLISHED:
            make_place(f"Hidden place {status}", PlaceKind.PRISON, status=status)
        response = self.client.get("/places/")
        self.assertContains(response, "Tehran")
        self.assertNotContains(response, "Hidden place")
        self.assertNotContains(response, "<h2>Prison</h2>")

    def test_it_does_not_name_a_draft_parent(self):
        secret = make_place("Unlisted Compound", PlaceKind.OTHER, status=Status.DRAFT)
        make_place("Evin Prison", PlaceKind.PRISON, parent=secret)
        response = self.client.get("/places/")
        self.assertContains(response, "Evin Prison")
        self.assertNotContains(response, "Unlisted Compound")

    def test_it_says_so_when_there_is_no_place(self):
        self.assertContains(self.client.get("/places/"), "No place is recorded yet.")

    def test_staff_see_drafts_marked_as_such(self):
        make_place("Unlisted Detention Site", PlaceKind.PRISON, status=Status.DRAFT)
        self.client.force_login(self.editor)
        response = self.client.get("/places/")
        self.assertContains(response, "Unlisted Detention Site")
        self.assertContains(response, '<span class="badge badge-draft">draft</span>')

    def test_sample_places_are_marked(self):
        sample = make_place("Sample Prison", PlaceKind.PRISON)
        Place.objects.filter(pk=sample.pk).update(is_sample=True)
        self.assertContains(
            self.client.get("/places/"), '<span class="badge badge-sample">sample record</span>'
        )

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/places/").status_code, 405)
        self.assertEqual(self.client.put("/places/").status_code, 405)
        self.assertEqual(self.client.delete("/places/").status_code, 405)

    def test_it_makes_a_fixed_number_of_queries(self):
        make_place("Evin Prison", PlaceKind.PRISON, parent=make_place("Tehran", PlaceKind.CITY))
        with self.assertNumQueries(1):
            self.client.get("/places/")
        with self.assertNumQueries(1):
            self.client.get("/fa/places/")

    def test_its_query_count_does_not_grow_with_more_places(self):
        tehran = make_place("Tehran", PlaceKind.CITY)
        make_place("Prison 0", PlaceKind.PRISON, parent=tehran)
        with self.assertNumQueries(1):
            self.client.get("/places/")
        for n in range(1, 5):
            city = make_place(f"City {n}", PlaceKind.CITY)
            make_place(f"Prison {n}", PlaceKind.PRISON, parent=city)
            make_place(f"Cemetery {n}", PlaceKind.CEMETERY, parent=city)
        with self.assertNumQueries(1):
            response = self.client.get("/places/")
        self.assertContains(response, "Cemetery 4")
