"""The perpetrators list and its filters: /perpetrators/ and /fa/perpetrators/."""

from __future__ import annotations

from django.test import override_settings

from archive.models import Event, Organization, OrganizationKind, Status
from perpetrators.models import CommissionRole, Perpetrator, PerpetratorName, Position
from tests.base import BaseTestCase

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def make_perpetrator(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Perpetrator:
    return Perpetrator.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


class PerpetratorListTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission", kind=OrganizationKind.COMMISSION, status=Status.PUBLISHED
        )
        self.ministry = Organization.objects.create(
            name_en="Ministry of Justice", kind=OrganizationKind.MINISTRY, status=Status.PUBLISHED
        )

    def seat(self, perpetrator, status=Status.PUBLISHED, **fields) -> Position:
        return Position.objects.create(
            perpetrator=perpetrator,
            organization=self.commission,
            event=self.massacre,
            commission_role=CommissionRole.SHARIA_JUDGE,
            title_en="Sharia judge",
            during_text="1988",
            status=status,
            **fields,
        )

    def minister(self, perpetrator, status=Status.PUBLISHED) -> Position:
        return Position.objects.create(
            perpetrator=perpetrator,
            organization=self.ministry,
            title_en="Minister of Justice",
            start_text="2013",
            status=status,
        )

    def test_it_lists_published_perpetrators_in_english(self):
        nayeri = make_perpetrator("Hossein-Ali Nayeri", "حسینعلی نیری")
        self.minister(nayeri)
        self.seat(nayeri)
        response = self.client.get("/perpetrators/")
        self.assertContains(
            response, '<a href="/perpetrators/hossein-ali-nayeri/"><span class="name">Hossein-Ali Nayeri'
        )
        self.assertContains(response, "حسینعلی نیری")
        # The first line of a career is the commission seat, whatever was recorded first.
        self.assertContains(response, '<span class="meta">Sharia judge, 1988</span>')

    def test_it_lists_published_perpetrators_in_persian(self):
        nayeri = make_perpetrator("Hossein-Ali Nayeri", "حسینعلی نیری")
        self.seat(nayeri)
        response = self.client.get("/fa/perpetrators/")
        self.assertContains(
            response, '<a href="/fa/perpetrators/hossein-ali-nayeri/"><span class="name">حسینعلی نیری'
        )
        self.assertContains(response, "Sharia judge, ۱۹۸۸")

    def test_it_leaves_out_drafts_in_review_and_withdrawn_perpetrators(self):
        make_perpetrator("Hossein-Ali Nayeri")
        for status in UNPUBLISHED:
            make_perpetrator(f"Hidden {status}", status=status)
        response = self.client.get("/perpetrators/")
        self.assertContains(response, "Hossein-Ali Nayeri")
        self.assertNotContains(response, "Hidden")

    def test_a_draft_position_is_not_the_first_line_of_a_career(self):
        nayeri = make_perpetrator("Hossein-Ali Nayeri")
        self.seat(nayeri, status=Status.DRAFT)
        self.minister(nayeri)
        response = self.client.get("/perpetrators/")
        self.assertContains(response, '<span class="meta">Minister of Justice, 2013</span>')
        self.assertNotContains(response, "Sharia judge")

    def test_a_post_known_only_by_a_draft_organization_does_not_name_it(self):
        nayeri = make_perpetrator("Hossein-Ali Nayeri")
        secret = Organization.objects.create(
            name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY
        )
        Position.objects.create(perpetrator=nayeri, organization=secret, status=Status.PUBLISHED)
        response = self.client.get("/perpetrators/")
        self.assertContains(response, "Hossein-Ali Nayeri")
        self.assertNotContains(response, "Unlisted Security Council")

    def test_staff_see_drafts_marked_as_such(self):
        make_perpetrator("Unconfirmed Official", status=Status.DRAFT)
        self.client.force_login(self.reviewer)
        response = self.client.get("/perpetrators/")
        self.assertContains(response, "Unconfirmed Official")
        self.assertContains(response, '<span class="badge badge-draft">draft</span>')

    def test_sample_records_are_marked(self):
        sample = make_perpetrator("Sample Official")
        Perpetrator.objects.filter(pk=sample.pk).update(is_sample=True)
        self.assertContains(self.client.get("/perpetrators/"), "sample record, not a real person")

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/perpetrators/").status_code, 405)
        self.assertEqual(self.client.put("/perpetrators/").status_code, 405)
        self.assertEqual(self.client.delete("/perpetrators/").status_code, 405)

    def test_it_finds_a_name_in_either_script_or_among_the_variants(self):
        pourmohammadi = make_perpetrator("Mostafa Pourmohammadi", "مصطفی پورمحمدی")
        PerpetratorName.objects.create(perpetrator=pourmohammadi, name="Mustafa Pour-Mohammadi")
        make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی")
        for q in ("pourmohammadi", "پورمحمدی", "Pour-Mohammadi"):
            with self.subTest(q=q):
                response = self.client.get("/perpetrators/", {"q": q})
                self.assertContains(response, "Mostafa Pourmohammadi")
                self.assertNotContains(response, "Ebrahim Raisi")

    def test_it_filters_by_a_seat_on_a_death_commission(self):
        self.seat(make_perpetrator("Hossein-Ali Nayeri"))
        self.minister(make_perpetrator("Alireza Avaei"))
        self.seat(make_perpetrator("Unproven Member"), status=Status.DRAFT)
        response = self.client.get("/perpetrators/", {"commission": "on"})
        self.assertContains(response, "Hossein-Ali Nayeri")
        self.assertNotContains(response, "Alireza Avaei")
        self.assertNotContains(response, "Unproven Member")  # only a published seat counts

    def test_it_filters_by_organization_and_event(self):
        self.seat(make_perpetrator("Hossein-Ali Nayeri"))
        self.minister(make_perpetrator("Alireza Avaei"))
        response = self.client.get("/perpetrators/", {"organization": "ministry-of-justice"})
        self.assertContains(response, "Alireza Avaei")
        self.assertNotContains(response, "Hossein-Ali Nayeri")
        response = self.client.get("/perpetrators/", {"event": "1988-prison-massacre"})
        self.assertContains(response, "Hossein-Ali Nayeri")
        self.assertNotContains(response, "Alireza Avaei")

    def test_a_draft_organization_is_not_offered_as_a_filter(self):
        Organization.objects.create(name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY)
        response = self.client.get("/perpetrators/")
        self.assertContains(response, "Ministry of Justice")
        self.assertNotContains(response, "Unlisted Security Council")
        self.assertEqual(
            self.client.get("/perpetrators/?organization=unlisted-security-council").status_code, 400
        )

    def test_an_unknown_organization_is_a_bad_request_with_a_message(self):
        response = self.client.get("/perpetrators/", {"organization": "nope"})
        self.assertContains(response, "Select a valid choice", status_code=400)

    @override_settings(PAGE_SIZE=2)
    def test_the_next_page_link_keeps_the_filters(self):
        for n in range(3):
            self.seat(make_perpetrator(f"Commissioner {n}"))
        self.minister(make_perpetrator("Alireza Avaei"))
        response = self.client.get("/perpetrators/", {"commission": "on"})
        self.assertContains(response, 'href="?commission=on&amp;page=2"')
        response = self.client.get("/perpetrators/", {"commission": "on", "page": "2"})
        self.assertContains(response, "Commissioner 2")
        self.assertNotContains(response, "Alireza Avaei")

    def test_it_makes_a_fixed_number_of_queries(self):
        self.seat(make_perpetrator("Hossein-Ali Nayeri"))
        self.client.get("/perpetrators/")
        # count, page, positions, and the organization and event filter choices
        with self.assertNumQueries(5):
            self.client.get("/perpetrators/")
        with self.assertNumQueries(5):
            self.client.get("/fa/perpetrators/")

    def test_its_query_count_does_not_grow_with_more_perpetrators(self):
        self.seat(make_perpetrator("Commissioner 0"))
        self.client.get("/perpetrators/")
        with self.assertNumQueries(5):
            self.client.get("/perpetrators/")
        for n in range(1, 5):
            perpetrator = make_perpetrator(f"Commissioner {n}")
            self.seat(perpetrator)
            self.minister(perpetrator)
        with self.assertNumQueries(5):
            response = self.client.get("/perpetrators/")
        self.assertContains(response, "Commissioner 4")

    def test_its_query_count_is_fixed_when_filtered(self):
        self.seat(make_perpetrator("Commissioner 0"))
        url = "/perpetrators/?q=commissioner&organization=tehran-death-commission&event=1988-prison-massacre&commission=on"
        self.client.get(url)
        # the chosen organization and event, then the same five queries, and the name variants that say
        # which name matched the search, and the stored name words near the query (typo tolerance)
        with self.assertNumQueries(9):
            response = self.client.get(url)
        self.assertContains(response, "Commissioner 0")
