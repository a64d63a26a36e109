"""The perpetrator profile and its positions timeline: /perpetrators/<slug>/ and /fa/perpetrators/<slug>/."""

from __future__ import annotations

from unittest import mock

from archive.models import Event, Organization, OrganizationKind, Place, PlaceKind, Status
from perpetrators.models import CommissionRole, Perpetrator, PerpetratorName, Position
from tests.base import BaseTestCase
from victims.models import LinkRole, PerpetratorLink, Victim

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def gone(status) -> int:
    """Not found, except that a withdrawn record leaves a notice (tests/editorial/test_public_history.py)."""
    return 410 if status == Status.WITHDRAWN else 404


def make_perpetrator(name_en="Ebrahim Raisi", name_fa="ابراهیم رئیسی", status=Status.PUBLISHED, **fields):
    return Perpetrator.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


class PerpetratorDetailTestCase(BaseTestCase):
    def setUp(self):
        self.tehran = Place.objects.create(
            name_en="Tehran", name_fa="تهران", kind=PlaceKind.CITY, status=Status.PUBLISHED
        )
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            name_fa="هیئت مرگ تهران",
            kind=OrganizationKind.COMMISSION,
            place=self.tehran,
            status=Status.PUBLISHED,
        )
        self.judiciary = Organization.objects.create(
            name_en="Judiciary",
            name_fa="قوه قضاییه",
            kind=OrganizationKind.JUDICIARY,
            status=Status.PUBLISHED,
        )

    def seat_on_commission(self, perpetrator, **fields) -> Position:
        fields.setdefault("status", Status.PUBLISHED)
        return Position.objects.create(
            perpetrator=perpetrator,
            organization=self.commission,
            commission_role=CommissionRole.PROSECUTOR,
            title_en="Deputy prosecutor",
            title_fa="معاون دادستان",
            during_text="summer 1367",
            during_calendar="solar_hijri",
            **fields,
        )

    def later_post(
        self, perpetrator, title_en="Head of the Judiciary", start_text="2019", **fields
    ) -> Position:
        fields.setdefault("status", Status.PUBLISHED)
        return Position.objects.create(
            perpetrator=perpetrator,
            organization=self.judiciary,
            title_en=title_en,
            start_text=start_text,
            **fields,
        )

    def test_it_shows_a_published_perpetrator_in_english(self):
        raisi = make_perpetrator(birth_text="1960", birth_place=self.tehran)
        self.seat_on_commission(raisi)
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "<h1>Ebrahim Raisi")
        self.assertContains(response, "ابراهیم رئیسی")
        self.assertContains(response, "<strong>Deputy prosecutor</strong>")
        self.assertContains(response, "· prosecutor")  # the role in the commission
        self.assertContains(response, "Tehran Death Commission")
        self.assertContains(response, "in summer 1367 (22 June 1988 – 22 September 1988)")
        self.assertContains(response, '<a href="/places/tehran/">Tehran</a>')

    def test_it_shows_a_published_perpetrator_in_persian(self):
        raisi = make_perpetrator(birth_text="1960")
        self.seat_on_commission(raisi)
        response = self.client.get("/fa/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "<h1>ابراهیم رئیسی")
        self.assertContains(response, "<strong>معاون دادستان</strong>")
        self.assertContains(response, "هیئت مرگ تهران")
        self.assertContains(response, "تابستان ۱۳۶۷")
        self.assertContains(response, "۱۹۶۰")  # a Gregorian year of birth, in Persian digits

    def test_it_shows_the_other_spellings_of_the_name(self):
        perpetrator = make_perpetrator(name_en="Mostafa Pourmohammadi", name_fa="مصطفی پورمحمدی")
        PerpetratorName.objects.create(perpetrator=perpetrator, name="Mustafa Pour-Mohammadi")
        response = self.client.get("/perpetrators/mostafa-pourmohammadi/")
        self.assertContains(response, "<span>Mustafa Pour-Mohammadi</span>")

    def test_it_hides_drafts_in_review_and_withdrawn_perpetrators_from_the_public(self):
        for status in UNPUBLISHED:
            with self.subTest(status=status):
                perpetrator = make_perpetrator(name_en=f"Hidden {status}", status=status)
                self.assertEqual(
                    self.client.get(f"/perpetrators/{perpetrator.slug}/").status_code, gone(status)
                )
                self.assertEqual(
                    self.client.get(f"/fa/perpetrators/{perpetrator.slug}/").status_code, gone(status)
                )

    def test_staff_see_a_draft_on_its_public_url_with_a_not_public_notice(self):
        make_perpetrator(status=Status.IN_REVIEW)
        for user in (self.editor, self.reviewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/perpetrators/ebrahim-raisi/")
                self.assertContains(response, "<h1>Ebrahim Raisi")
                self.assertContains(response, "Not public: this record is in review.")

    def test_it_refuses_post_put_and_delete(self):
        make_perpetrator()
        self.assertEqual(self.client.post("/perpetrators/ebrahim-raisi/").status_code, 405)
        self.assertEqual(self.client.put("/perpetrators/ebrahim-raisi/").status_code, 405)
        self.assertEqual(self.client.delete("/perpetrators/ebrahim-raisi/").status_code, 405)

    def test_the_timeline_lists_the_commission_seat_before_a_later_post_created_before_it(self):
        raisi = make_perpetrator()
        self.later_post(raisi, title_en="Head of the Judiciary", start_text="2019")
        self.later_post(raisi, title_en="Attorney-General", start_text="2014")
        self.seat_on_commission(raisi)
        content = self.client.get("/perpetrators/ebrahim-raisi/").content.decode()
        commission = content.index("Deputy prosecutor")
        attorney = content.index("Attorney-General")
        judiciary = content.index("Head of the Judiciary")
        self.assertLess(commission, attorney)
        self.assertLess(attorney, judiciary)

    def test_a_draft_position_is_not_in_the_timeline(self):
        raisi = make_perpetrator()
        self.seat_on_commission(raisi)
        for status in UNPUBLISHED:
            self.later_post(raisi, title_en=f"Unverified post {status}", status=status)
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "Deputy prosecutor")
        self.assertNotContains(response, "Unverified post")

    def test_staff_see_a_draft_position_marked_as_such(self):
        raisi = make_perpetrator()
        self.later_post(raisi, title_en="Unverified post", status=Status.DRAFT)
        self.client.force_login(self.editor)
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "Unverified post")
        self.assertContains(response, '<span class="badge badge-draft">draft</span>')

    def test_a_draft_organization_is_not_named_in_the_timeline(self):
        raisi = make_perpetrator()
        secret = Organization.objects.create(
            name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY
        )
        Position.objects.create(
            perpetrator=raisi, organization=secret, title_en="Member", status=Status.PUBLISHED
        )
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "<strong>Member</strong>")
        self.assertNotContains(response, "Unlisted Security Council")

    def test_a_post_known_only_by_a_draft_organization_does_not_name_it(self):
        raisi = make_perpetrator()
        secret = Organization.objects.create(
            name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY
        )
        Position.objects.create(perpetrator=raisi, organization=secret, status=Status.PUBLISHED)
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Unlisted Security Council")

    def test_staff_see_a_post_known_only_by_a_draft_organization(self):
        raisi = make_perpetrator()
        secret = Organization.objects.create(
            name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY
        )
        Position.objects.create(perpetrator=raisi, organization=secret, status=Status.PUBLISHED)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/perpetrators/ebrahim-raisi/"), "Unlisted Security Council")

    def test_draft_places_and_events_of_a_position_are_not_shown(self):
        raisi = make_perpetrator()
        place = Place.objects.create(name_en="Unlisted City", kind=PlaceKind.CITY)
        event = Event.objects.create(name_en="Unannounced Event")
        self.later_post(raisi, place=place, event=event)
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "Head of the Judiciary")
        self.assertNotContains(response, "Unlisted City")
        self.assertNotContains(response, "Unannounced Event")

    def test_it_lists_the_published_victims_whose_cases_name_them(self):
        raisi = make_perpetrator()
        named = Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED)
        hidden = Victim.objects.create(name_en="Unverified Person", status=Status.DRAFT)
        PerpetratorLink.objects.create(victim=named, perpetrator=raisi, role=LinkRole.SENTENCED)
        PerpetratorLink.objects.create(victim=hidden, perpetrator=raisi, role=LinkRole.SENTENCED)
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, '<a href="/victims/ali-rezaei/">Ali Rezaei</a>: sentenced by')
        self.assertNotContains(response, "Unverified Person")

    def test_a_cited_position_shows_a_numbered_marker_linking_to_its_footnote(self):
        raisi = make_perpetrator()
        seat = self.seat_on_commission(raisi)
        source = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")
        citation = self.cite(
            seat, source, claim="commission_role", locator="p. 94", quote="Raisi, deputy prosecutor."
        )
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(
            response, '<a href="#fn-1" id="ref-1-commission_role" aria-label="source 1">1</a>'
        )
        self.assertContains(response, '<li id="fn-1" value="1">')
        self.assertContains(response, f'href="/sources/blood-soaked-secrets/#citation-{citation.pk}"')
        self.assertContains(response, "p. 94")
        self.assertContains(response, "<blockquote>Raisi, deputy prosecutor.</blockquote>")

    def test_a_citation_to_a_draft_source_produces_no_footnote(self):
        raisi = make_perpetrator()
        self.cite(
            raisi, self.make_source("Unchecked memo", status=Status.DRAFT), claim="name", quote="Unchecked."
        )
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertNotContains(response, "Unchecked memo")
        self.assertNotContains(response, "#fn-")

    def test_a_sparse_perpetrator_says_what_is_not_known(self):
        make_perpetrator()
        response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "No position is recorded yet.")
        self.assertContains(response, "Not known to the archive: born, place of birth, died.")

    def test_a_sample_record_says_it_is_not_a_real_person(self):
        perpetrator = make_perpetrator()
        Perpetrator.objects.filter(pk=perpetrator.pk).update(is_sample=True)
        self.assertContains(
            self.client.get("/perpetrators/ebrahim-raisi/"), "Sample record, not a real person."
        )

    def test_an_old_slug_redirects_permanently_to_the_new_one(self):
        perpetrator = make_perpetrator()
        perpetrator.slug = "ebrahim-raisolsadati"
        perpetrator.save()
        self.assertRedirects(
            self.client.get("/perpetrators/ebrahim-raisi/"),
            "/perpetrators/ebrahim-raisolsadati/",
            status_code=301,
        )
        self.assertRedirects(
            self.client.get("/fa/perpetrators/ebrahim-raisi/"),
            "/fa/perpetrators/ebrahim-raisolsadati/",
            status_code=301,
        )

    def test_it_makes_a_fixed_number_of_queries(self):
        raisi = make_perpetrator()
        self.seat_on_commission(raisi)
        self.client.get("/perpetrators/ebrahim-raisi/")  # warm the content-type cache
        # perpetrator, variants, photos, positions, case links, footnotes
        with self.assertNumQueries(7):
            self.client.get("/perpetrators/ebrahim-raisi/")
        with self.assertNumQueries(7):
            self.client.get("/fa/perpetrators/ebrahim-raisi/")

    def test_its_query_count_does_not_grow_with_positions_links_and_citations(self):
        raisi = make_perpetrator()
        source = self.make_source()

        def add(n):
            place = Place.objects.create(name_en=f"City {n}", kind=PlaceKind.CITY, status=Status.PUBLISHED)
            event = Event.objects.create(name_en=f"Event {n}", status=Status.PUBLISHED)
            post = self.later_post(
                raisi, title_en=f"Post {n}", start_text=str(1990 + n), place=place, event=event
            )
            self.cite(post, source, claim="title", locator=f"p. {n}")
            victim = Victim.objects.create(name_en=f"Victim {n}", status=Status.PUBLISHED)
            link = PerpetratorLink.objects.create(victim=victim, perpetrator=raisi, role=LinkRole.SENTENCED)
            self.cite(link, source, locator=f"para. {n}")
            PerpetratorName.objects.create(perpetrator=raisi, name=f"Raisi {n}")
            self.cite(raisi, source, claim="name", locator=f"line {n}")

        add(0)
        self.client.get("/perpetrators/ebrahim-raisi/")
        # one more: the page lists a citation added since publication, whose source is checked
        with self.assertNumQueries(8):
            self.client.get("/perpetrators/ebrahim-raisi/")
        for n in range(1, 5):
            add(n)
        with self.assertNumQueries(8):
            response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "Post 4")
        self.assertContains(response, "Victim 4")

    def test_it_lists_the_first_cases_and_says_how_many_there_are(self):
        raisi = Perpetrator.objects.create(name_en="Ebrahim Raisi", status=Status.PUBLISHED)
        for name in ("Ali Rezaei", "Maryam Karimi", "Reza Alavi"):
            victim = Victim.objects.create(name_en=name, status=Status.PUBLISHED)
            PerpetratorLink.objects.create(victim=victim, perpetrator=raisi, role=LinkRole.SENTENCED)
        with mock.patch("perpetrators.views.LINKS_SHOWN", 2):
            response = self.client.get("/perpetrators/ebrahim-raisi/")
        self.assertContains(response, "Named in 3 cases; the first 2 by name are listed here.")
        self.assertContains(response, "Maryam Karimi")
        self.assertNotContains(response, "Reza Alavi")
