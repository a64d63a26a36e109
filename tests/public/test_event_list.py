"""The events list: /events/ and /fa/events/."""

from __future__ import annotations

from archive.models import Event, Status
from tests.base import BaseTestCase

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def make_event(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Event:
    return Event.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


class EventListTestCase(BaseTestCase):
    def test_it_lists_published_events_in_english_in_date_order(self):
        make_event("November 2019 protests", start_text="Aban 1398", start_calendar="solar_hijri")
        make_event("1988 prison massacre", "کشتار ۶۷", start_text="summer 1367", start_calendar="solar_hijri")
        response = self.client.get("/events/")
        self.assertContains(
            response,
            '<a href="/events/1988-prison-massacre/"><span class="name">1988 prison massacre</span></a>',
        )
        self.assertContains(response, "summer 1367 (22 June 1988 – 22 September 1988)")
        content = response.content.decode()
        self.assertLess(
            content.index("1988 prison massacre</span>"), content.index("November 2019 protests</span>")
        )

    def test_it_lists_published_events_in_persian(self):
        make_event("1988 prison massacre", "کشتار ۶۷", start_text="summer 1367", start_calendar="solar_hijri")
        response = self.client.get("/fa/events/")
        self.assertContains(
            response, '<a href="/fa/events/1988-prison-massacre/"><span class="name">کشتار ۶۷</span></a>'
        )
        self.assertContains(response, "تابستان ۱۳۶۷")

    def test_it_leaves_out_drafts_in_review_and_withdrawn_events(self):
        make_event("1988 prison massacre")
        for status in UNPUBLISHED:
            make_event(f"Hidden event {status}", status=status)
        response = self.client.get("/events/")
        self.assertContains(response, "1988 prison massacre")
        self.assertNotContains(response, "Hidden event")

    def test_it_says_so_when_there_is_no_event(self):
        make_event("Unannounced Event", status=Status.DRAFT)
        self.assertContains(self.client.get("/events/"), "No event is recorded yet.")

    def test_staff_see_drafts_marked_as_such(self):
        make_event("Unannounced Event", status=Status.IN_REVIEW)
        self.client.force_login(self.reviewer)
        response = self.client.get("/events/")
        self.assertContains(response, "Unannounced Event")
        self.assertContains(response, '<span class="badge badge-draft">in review</span>')

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/events/").status_code, 405)
        self.assertEqual(self.client.put("/events/").status_code, 405)
        self.assertEqual(self.client.delete("/events/").status_code, 405)

    def test_it_makes_a_fixed_number_of_queries(self):
        make_event("1988 prison massacre", start_text="1988")
        with self.assertNumQueries(1):
            self.client.get("/events/")
        with self.assertNumQueries(1):
            self.client.get("/fa/events/")

    def test_its_query_count_does_not_grow_with_more_events(self):
        make_event("Event 0", start_text="1988")
        with self.assertNumQueries(1):
            self.client.get("/events/")
        for n in range(1, 5):
            make_event(f"Event {n}", start_text=str(1988 + n))
        with self.assertNumQueries(1):
            response = self.client.get("/events/")
        self.assertContains(response, "Event 4")
