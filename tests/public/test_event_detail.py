"""The event page, with its competing estimates side by side: /events/<slug>/ and /fa/events/<slug>/."""

from __future__ import annotations

import uuid
from unittest import mock

from django.utils import timezone

from archive.models import (
    Estimate,
    Event,
    Organization,
    OrganizationKind,
    PageGeneration,
    Place,
    PlaceKind,
    Status,
)
from perpetrators.models import CommissionRole, Perpetrator, Position
from tests.base import BaseTestCase
from victims.models import Victim

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def gone(status) -> int:
    """Not found, except that a withdrawn record leaves a notice (tests/editorial/test_public_history.py)."""
    return 410 if status == Status.WITHDRAWN else 404


class EventDetailTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre",
            name_fa="کشتار ۶۷",
            start_text="summer 1367",
            start_calendar="solar_hijri",
            description_en="Death Commissions sent thousands of prisoners to the gallows.",
            description_fa="هیئت‌های مرگ هزاران زندانی را اعدام کردند.",
            status=Status.PUBLISHED,
        )
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission", kind=OrganizationKind.COMMISSION, status=Status.PUBLISHED
        )

    def add_victim(self, name_en, status=Status.PUBLISHED, **fields) -> Victim:
        victim = Victim.objects.create(name_en=name_en, status=status, **fields)
        victim.events.add(self.massacre)
        return victim

    def add_official(self, name_en, status=Status.PUBLISHED, position_status=Status.PUBLISHED) -> Position:
        perpetrator = Perpetrator.objects.create(name_en=name_en, status=status)
        return Position.objects.create(
            perpetrator=perpetrator,
            organization=self.commission,
            event=self.massacre,
            commission_role=CommissionRole.SHARIA_JUDGE,
            title_en="Sharia judge",
            status=position_status,
        )

    def add_estimate(self, count_text, count_low, estimated_by, order=0) -> Estimate:
        return Estimate.objects.create(
            event=self.massacre,
            counted_en="political prisoners executed",
            counted_fa="زندانیان سیاسی اعدام‌شده",
            count_text=count_text,
            count_low=count_low,
            estimated_by=estimated_by,
            order=order,
        )

    def test_it_shows_a_published_event_in_english(self):
        self.add_victim("Ali Rezaei")
        self.add_official("Hossein-Ali Nayeri")
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "<h1>1988 prison massacre")
        self.assertContains(response, "summer 1367 (22 June 1988 – 22 September 1988)")
        self.assertContains(response, "Death Commissions sent thousands of prisoners to the gallows.")
        self.assertContains(response, "1 person is recorded.")
        self.assertContains(response, '<a href="/victims/ali-rezaei/"><span class="name">Ali Rezaei</span>')
        self.assertContains(
            response,
            '<a href="/perpetrators/hossein-ali-nayeri/"><span class="name">Hossein-Ali Nayeri</span></a>',
        )
        self.assertContains(response, '<span class="meta">Sharia judge</span>')

    def test_it_shows_a_published_event_in_persian(self):
        self.add_estimate("about 5,000", 5000, "Amnesty International")
        response = self.client.get("/fa/events/1988-prison-massacre/")
        self.assertContains(response, "<h1>کشتار ۶۷")
        self.assertContains(response, "تابستان ۱۳۶۷")
        self.assertContains(response, "هیئت‌های مرگ هزاران زندانی را اعدام کردند.")
        self.assertContains(response, "زندانیان سیاسی اعدام‌شده")

    def test_it_shows_competing_estimates_side_by_side_each_with_its_source(self):
        low = self.add_estimate("about 5,000", 5000, "Amnesty International", order=1)
        high = self.add_estimate("more than 30,000", 30000, "Geoffrey Robertson", order=2)
        amnesty = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")
        robertson = self.make_source("The massacre of political prisoners", slug="robertson-report")
        low_citation = self.cite(low, amnesty, claim="count", locator="p. 12", quote="some 5,000")
        high_citation = self.cite(high, robertson, claim="count", locator="p. 3", quote="over 30,000")
        response = self.client.get("/events/1988-prison-massacre/")
        content = response.content.decode()
        self.assertLess(content.index("about 5,000"), content.index("more than 30,000"))
        self.assertContains(response, f'<tr id="estimate-{low.pk}">')
        self.assertContains(response, "Geoffrey Robertson")
        self.assertContains(response, '<a href="#fn-1" id="ref-1-count" aria-label="source 1">1</a>')
        self.assertContains(response, '<a href="#fn-2" id="ref-2-count" aria-label="source 2">2</a>')
        self.assertContains(response, f'href="/sources/blood-soaked-secrets/#citation-{low_citation.pk}"')
        self.assertContains(response, f'href="/sources/robertson-report/#citation-{high_citation.pk}"')
        self.assertContains(response, "<blockquote>over 30,000</blockquote>")

    def test_it_says_so_when_no_estimate_or_victim_is_recorded(self):
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "No estimate is recorded yet.")
        self.assertContains(response, "No victim of this event is recorded yet.")

    def test_drafts_are_not_counted_or_listed_among_its_victims(self):
        self.add_victim("Ali Rezaei")
        for status in UNPUBLISHED:
            self.add_victim(f"Hidden victim {status}", status=status)
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "1 person is recorded.")
        self.assertNotContains(response, "Hidden victim")

    def test_draft_officials_and_draft_positions_are_not_listed(self):
        self.add_official("Hossein-Ali Nayeri")
        self.add_official("Unconfirmed Official", status=Status.DRAFT)
        self.add_official("Unproven Member", position_status=Status.IN_REVIEW)
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "Hossein-Ali Nayeri")
        self.assertNotContains(response, "Unconfirmed Official")
        self.assertNotContains(response, "Unproven Member")

    def test_a_post_known_only_by_a_draft_organization_does_not_name_it(self):
        nayeri = Perpetrator.objects.create(name_en="Hossein-Ali Nayeri", status=Status.PUBLISHED)
        secret = Organization.objects.create(
            name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY
        )
        Position.objects.create(
            perpetrator=nayeri, organization=secret, event=self.massacre, status=Status.PUBLISHED
        )
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Unlisted Security Council")

    def test_draft_places_are_not_listed(self):
        evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
        secret = Place.objects.create(name_en="Unlisted Detention Site", kind=PlaceKind.PRISON)
        self.massacre.places.add(evin, secret)
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, '<a href="/places/evin-prison/">Evin Prison</a>')
        self.assertNotContains(response, "Unlisted Detention Site")

    def test_a_citation_to_a_draft_source_produces_no_footnote(self):
        estimate = self.add_estimate("about 5,000", 5000, "Amnesty International")
        self.cite(estimate, self.make_source("Unchecked memo", status=Status.DRAFT), claim="count")
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertNotContains(response, "Unchecked memo")
        self.assertNotContains(response, "#fn-")

    def test_it_links_to_the_full_list_when_it_shows_only_the_first_victims(self):
        for n in range(61):
            self.add_victim(f"Victim {n:02d}")
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "61 people are recorded.")
        self.assertContains(response, '<a href="/victims/?event=1988-prison-massacre">See them all</a>')
        self.assertContains(response, 'class="victim-row"', count=60)

    def test_it_hides_drafts_in_review_and_withdrawn_events_from_the_public(self):
        for status in UNPUBLISHED:
            with self.subTest(status=status):
                event = Event.objects.create(name_en=f"Hidden {status}", status=status)
                self.assertEqual(self.client.get(f"/events/{event.slug}/").status_code, gone(status))
                self.assertEqual(self.client.get(f"/fa/events/{event.slug}/").status_code, gone(status))

    def test_staff_see_a_draft_on_its_public_url_with_a_not_public_notice(self):
        Event.objects.create(name_en="Unannounced Event", slug="unannounced-event", status=Status.DRAFT)
        for user in (self.editor, self.reviewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/events/unannounced-event/")
                self.assertContains(response, "<h1>Unannounced Event")
                self.assertContains(response, "Not public: this record is draft.")

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/events/1988-prison-massacre/").status_code, 405)
        self.assertEqual(self.client.put("/events/1988-prison-massacre/").status_code, 405)
        self.assertEqual(self.client.delete("/events/1988-prison-massacre/").status_code, 405)

    def test_a_sample_event_is_marked(self):
        Event.objects.filter(pk=self.massacre.pk).update(is_sample=True)
        self.assertContains(self.client.get("/events/1988-prison-massacre/"), "Sample record.")

    def test_an_old_slug_redirects_permanently_to_the_new_one(self):
        self.massacre.slug = "1988-massacre"
        self.massacre.save()
        self.assertRedirects(
            self.client.get("/events/1988-prison-massacre/"), "/events/1988-massacre/", status_code=301
        )
        self.assertRedirects(
            self.client.get("/fa/events/1988-prison-massacre/"), "/fa/events/1988-massacre/", status_code=301
        )

    def test_it_makes_a_fixed_number_of_queries(self):
        self.add_victim("Ali Rezaei")
        self.add_official("Hossein-Ali Nayeri")
        self.cite(
            self.add_estimate("about 5,000", 5000, "Amnesty International"), self.make_source(), claim="count"
        )
        self.client.get("/events/1988-prison-massacre/")  # warm the content-type cache
        # event, estimates, places, the archive's generation (for the kept figures, archive/aggregates.py),
        # deaths by day and place, victims, officials with their count, their positions, footnotes
        with self.assertNumQueries(10):
            self.client.get("/events/1988-prison-massacre/")
        with self.assertNumQueries(10):
            self.client.get("/fa/events/1988-prison-massacre/")

    def test_its_query_count_does_not_grow_with_more_victims_officials_estimates_and_citations(self):
        source = self.make_source()

        def add(n):
            place = Place.objects.create(
                name_en=f"Prison {n}", kind=PlaceKind.PRISON, status=Status.PUBLISHED
            )
            self.massacre.places.add(place)
            self.add_victim(f"Victim {n}", death_place=place)
            self.add_official(f"Official {n}")
            estimate = self.add_estimate(f"{n} thousand", n * 1000, f"Estimator {n}", order=n)
            self.cite(estimate, source, claim="count", locator=f"p. {n}")
            self.cite(self.massacre, source, claim="start", locator=f"para. {n}")

        add(0)
        self.client.get("/events/1988-prison-massacre/")
        # one more: the page lists a citation added since publication, whose source is checked
        with self.assertNumQueries(11):
            self.client.get("/events/1988-prison-massacre/")
        for n in range(1, 5):
            add(n)
        with self.assertNumQueries(11):
            response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "Victim 4")
        self.assertContains(response, "Official 4")
        self.assertContains(response, "Estimator 4")


class EventDetailBoundsTestCase(EventDetailTestCase):
    """At a million victims an event names thousands of officials: the page lists the first ones, says how
    many there are and links to all of them; its figures are kept until the archive changes."""

    def test_it_lists_the_first_officials_says_how_many_and_links_to_all(self):
        for name in ("Ali Razini", "Ebrahim Raisi", "Hossein-Ali Nayeri"):
            self.add_official(name)
        with mock.patch("archive.views.events.OFFICIALS_SHOWN", 2):
            response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "3 officials are named; the first 2 by name are listed here")
        self.assertContains(response, 'href="/perpetrators/?event=1988-prison-massacre"')
        self.assertContains(response, "Ali Razini")
        self.assertContains(response, "Ebrahim Raisi")
        self.assertNotContains(response, "Hossein-Ali Nayeri")

    def test_it_says_nothing_more_when_every_official_is_listed(self):
        self.add_official("Ali Razini")
        response = self.client.get("/events/1988-prison-massacre/")
        self.assertContains(response, "Ali Razini")
        self.assertNotContains(response, "officials are named")

    def test_its_figures_are_kept_until_the_archive_changes(self):
        generation = PageGeneration.objects.create(pk=1, token=uuid.uuid4().hex, changed_at=timezone.now())
        self.add_victim("Ali Rezaei")
        self.assertContains(self.client.get("/events/1988-prison-massacre/"), "1 person is recorded.")
        # Written without a new generation (the change would make one once its transaction commits):
        # the kept count stands.
        self.add_victim("Reza Alavi")
        self.assertContains(self.client.get("/events/1988-prison-massacre/"), "1 person is recorded.")
        generation.token = uuid.uuid4().hex
        generation.save()
        self.assertContains(self.client.get("/events/1988-prison-massacre/"), "2 people are recorded.")

    def test_staff_get_the_figures_computed(self):
        PageGeneration.objects.create(pk=1, token=uuid.uuid4().hex, changed_at=timezone.now())
        self.add_victim("Ali Rezaei")
        self.client.get("/events/1988-prison-massacre/")
        self.add_victim("Reza Alavi", status=Status.DRAFT)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/events/1988-prison-massacre/"), "2 people are recorded.")
