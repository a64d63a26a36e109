"""The place page: what happened there, who was held, killed or buried, who held posts there."""

from __future__ import annotations

from unittest import mock

from archive.models import Event, Organization, OrganizationKind, Place, PlaceKind, PlaceName, Status
from perpetrators.models import CommissionRole, Perpetrator, Position
from tests.base import BaseTestCase
from victims.models import Victim

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def gone(status) -> int:
    """Not found, except that a withdrawn record leaves a notice (tests/editorial/test_public_history.py)."""
    return 410 if status == Status.WITHDRAWN else 404


def make_place(name_en, kind, name_fa="", status=Status.PUBLISHED, **fields) -> Place:
    return Place.objects.create(name_en=name_en, name_fa=name_fa, kind=kind, status=status, **fields)


class PlaceDetailTestCase(BaseTestCase):
    def setUp(self):
        self.province = make_place("Tehran Province", PlaceKind.PROVINCE, "استان تهران")
        self.tehran = make_place(
            "Tehran", PlaceKind.CITY, "تهران", parent=self.province, latitude="35.68920", longitude="51.38900"
        )
        self.evin = make_place("Evin Prison", PlaceKind.PRISON, "زندان اوین", parent=self.tehran)
        self.khavaran = make_place("Khavaran", PlaceKind.MASS_GRAVE, "خاوران", parent=self.tehran)
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            kind=OrganizationKind.COMMISSION,
            place=self.tehran,
            status=Status.PUBLISHED,
        )

    def add_official(self, name_en, status=Status.PUBLISHED, position_status=Status.PUBLISHED) -> Position:
        perpetrator = Perpetrator.objects.create(name_en=name_en, status=status)
        return Position.objects.create(
            perpetrator=perpetrator,
            organization=self.commission,
            commission_role=CommissionRole.PROSECUTOR,
            title_en="Prosecutor",
            during_text="1988",
            status=position_status,
        )

    def test_it_shows_a_published_place_in_english(self):
        massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        massacre.places.add(self.evin)
        PlaceName.objects.create(place=self.tehran, name="Teheran")
        response = self.client.get("/places/tehran/")
        self.assertContains(response, "<h1>Tehran")
        self.assertContains(response, "تهران")
        self.assertContains(response, 'City · <a href="/places/tehran-province/">Tehran Province</a>')
        self.assertContains(response, "Also written: Teheran")
        self.assertContains(response, "Coordinates: 35.68920, 51.38900")
        self.assertContains(
            response, '<a href="/places/evin-prison/">Evin Prison</a> <span class="meta">prison</span>'
        )
        self.assertContains(response, '<a href="/events/1988-prison-massacre/">1988 prison massacre</a>')

    def test_it_shows_a_published_place_in_persian(self):
        response = self.client.get("/fa/places/tehran/")
        self.assertContains(response, "<h1>تهران")
        self.assertContains(response, '<a href="/fa/places/tehran-province/">استان تهران</a>')
        self.assertContains(response, "۳۵.۶۸۹۲۰")
        self.assertContains(response, "۵۱.۳۸۹۰۰")
        self.assertContains(response, '<a href="/fa/places/evin-prison/">زندان اوین</a>')

    def test_it_counts_people_held_killed_or_buried_there_or_in_places_within_it(self):
        Victim.objects.create(name_en="Held In Evin", status=Status.PUBLISHED).prisons.add(self.evin)
        Victim.objects.create(
            name_en="Buried In Khavaran", burial_place=self.khavaran, status=Status.PUBLISHED
        )
        Victim.objects.create(name_en="Died In Tehran", death_place=self.tehran, status=Status.PUBLISHED)
        both = Victim.objects.create(
            name_en="Held And Buried", burial_place=self.khavaran, status=Status.PUBLISHED
        )
        both.prisons.add(self.evin)
        elsewhere = make_place("Mashhad", PlaceKind.CITY)
        Victim.objects.create(name_en="Died In Mashhad", death_place=elsewhere, status=Status.PUBLISHED)
        response = self.client.get("/places/tehran-province/")
        self.assertContains(response, "4 people are recorded.")
        self.assertContains(response, "Held In Evin")
        self.assertContains(response, 'href="/victims/held-and-buried/"', count=1)
        self.assertNotContains(response, "Died In Mashhad")

    def test_draft_victims_are_not_counted_or_listed(self):
        Victim.objects.create(name_en="Held In Evin", status=Status.PUBLISHED).prisons.add(self.evin)
        for status in UNPUBLISHED:
            Victim.objects.create(name_en=f"Hidden victim {status}", status=status).prisons.add(self.evin)
        response = self.client.get("/places/evin-prison/")
        self.assertContains(response, "1 person is recorded.")
        self.assertNotContains(response, "Hidden victim")

    def test_it_lists_the_officials_who_sat_on_a_commission_there(self):
        self.add_official("Morteza Eshraghi")
        response = self.client.get("/places/tehran/")
        self.assertContains(response, "Officials who held posts here")
        self.assertContains(response, "Morteza Eshraghi")
        self.assertContains(response, '<span class="badge badge-commission">death commission</span>')

    def test_draft_officials_and_draft_positions_are_not_listed(self):
        self.add_official("Morteza Eshraghi")
        self.add_official("Unconfirmed Official", status=Status.DRAFT)
        self.add_official("Unproven Member", position_status=Status.WITHDRAWN)
        response = self.client.get("/places/tehran/")
        self.assertContains(response, "Morteza Eshraghi")
        self.assertNotContains(response, "Unconfirmed Official")
        self.assertNotContains(response, "Unproven Member")

    def test_a_post_known_only_by_a_draft_organization_does_not_name_it(self):
        eshraghi = Perpetrator.objects.create(name_en="Morteza Eshraghi", status=Status.PUBLISHED)
        secret = Organization.objects.create(
            name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY
        )
        Position.objects.create(
            perpetrator=eshraghi, organization=secret, place=self.tehran, status=Status.PUBLISHED
        )
        response = self.client.get("/places/tehran/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Unlisted Security Council")

    def test_a_draft_organization_does_not_place_its_members_here(self):
        eshraghi = Perpetrator.objects.create(name_en="Morteza Eshraghi", status=Status.PUBLISHED)
        secret = Organization.objects.create(
            name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY, place=self.tehran
        )
        Position.objects.create(
            perpetrator=eshraghi, organization=secret, title_en="Member", status=Status.PUBLISHED
        )
        self.assertNotContains(self.client.get("/places/tehran/"), "Morteza Eshraghi")

    def test_draft_places_within_it_its_draft_parent_and_draft_events_are_not_shown(self):
        make_place("Unlisted Detention Site", PlaceKind.PRISON, parent=self.tehran, status=Status.DRAFT)
        Place.objects.filter(pk=self.province.pk).update(status=Status.DRAFT)
        Event.objects.create(name_en="Unannounced Event").places.add(self.tehran)
        response = self.client.get("/places/tehran/")
        self.assertContains(response, "Evin Prison")
        self.assertNotContains(response, "Unlisted Detention Site")
        self.assertNotContains(response, "Tehran Province")
        self.assertNotContains(response, "Unannounced Event")

    def test_a_cited_place_shows_a_numbered_marker_linking_to_its_footnote(self):
        source = self.make_source("Amnesty report", slug="amnesty-report")
        citation = self.cite(
            self.evin, source, claim="location", locator="annex 2", quote="Evin, north Tehran"
        )
        Place.objects.filter(pk=self.evin.pk).update(latitude="35.79600", longitude="51.38700")
        response = self.client.get("/places/evin-prison/")
        self.assertContains(response, '<a href="#fn-1" id="ref-1-location" aria-label="source 1">1</a>')
        self.assertContains(response, f'href="/sources/amnesty-report/#citation-{citation.pk}"')
        self.assertContains(response, "annex 2")
        self.assertContains(response, "<blockquote>Evin, north Tehran</blockquote>")

    def test_it_hides_drafts_in_review_and_withdrawn_places_from_the_public(self):
        for status in UNPUBLISHED:
            with self.subTest(status=status):
                place = make_place(f"Hidden {status}", PlaceKind.PRISON, status=status)
                self.assertEqual(self.client.get(f"/places/{place.slug}/").status_code, gone(status))
                self.assertEqual(self.client.get(f"/fa/places/{place.slug}/").status_code, gone(status))

    def test_staff_see_a_draft_on_its_public_url_with_a_not_public_notice(self):
        make_place("Unlisted Detention Site", PlaceKind.PRISON, status=Status.DRAFT)
        for user in (self.editor, self.reviewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/places/unlisted-detention-site/")
                self.assertContains(response, "<h1>Unlisted Detention Site")
                self.assertContains(response, "Not public: this record is draft.")

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/places/tehran/").status_code, 405)
        self.assertEqual(self.client.put("/places/tehran/").status_code, 405)
        self.assertEqual(self.client.delete("/places/tehran/").status_code, 405)

    def test_a_sample_place_is_marked(self):
        Place.objects.filter(pk=self.evin.pk).update(is_sample=True)
        self.assertContains(self.client.get("/places/evin-prison/"), "Sample record.")

    def test_an_old_slug_redirects_permanently_to_the_new_one(self):
        self.evin.slug = "evin"
        self.evin.save()
        self.assertRedirects(self.client.get("/places/evin-prison/"), "/places/evin/", status_code=301)
        self.assertRedirects(self.client.get("/fa/places/evin-prison/"), "/fa/places/evin/", status_code=301)

    def test_it_makes_a_fixed_number_of_queries(self):
        Victim.objects.create(name_en="Held In Evin", death_place=self.evin, status=Status.PUBLISHED)
        self.add_official("Morteza Eshraghi")
        self.client.get("/places/tehran/")  # warm the content-type cache
        # place with its parents, variants, children; the places within it (one query, at any depth);
        # events, victim count, victims, positions, footnotes, public changes
        with self.assertNumQueries(10):
            self.client.get("/places/tehran/")
        with self.assertNumQueries(10):
            self.client.get("/fa/places/tehran/")

    def test_its_query_count_does_not_grow_with_more_victims_officials_and_citations(self):
        source = self.make_source()
        massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)

        def add(n):
            victim = Victim.objects.create(
                name_en=f"Victim {n}", death_place=self.evin, status=Status.PUBLISHED
            )
            victim.prisons.add(self.evin)
            self.add_official(f"Official {n}")
            PlaceName.objects.create(place=self.tehran, name=f"Teheran {n}")
            self.cite(self.tehran, source, claim="name", locator=f"p. {n}")
            event = Event.objects.create(name_en=f"Event {n}", status=Status.PUBLISHED)
            event.places.add(self.tehran)
            massacre.places.add(self.evin)

        add(0)
        self.client.get("/places/tehran/")
        # one more: the page lists a citation added since publication, whose source is checked
        with self.assertNumQueries(11):
            self.client.get("/places/tehran/")
        for n in range(1, 5):
            add(n)
        with self.assertNumQueries(11):
            response = self.client.get("/places/tehran/")
        self.assertContains(response, "Victim 4")
        self.assertContains(response, "Official 4")
        self.assertContains(response, "Event 4")

    def test_it_lists_the_first_posts_and_says_how_many_there_are(self):
        for name in ("Ali Razini", "Ebrahim Raisi", "Hossein-Ali Nayeri"):
            self.add_official(name)
        with mock.patch("archive.views.places.POSITIONS_SHOWN", 2):
            response = self.client.get("/places/tehran/")
        self.assertContains(response, "3 posts are recorded here; the first 2 are listed")
        with mock.patch("archive.views.places.POSITIONS_SHOWN", 3):
            response = self.client.get("/places/tehran/")
        self.assertNotContains(response, "posts are recorded here")
