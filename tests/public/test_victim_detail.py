"""The victim profile: /victims/<slug>/ and /fa/victims/<slug>/."""

from __future__ import annotations

from archive.models import Event, Organization, OrganizationKind, Place, PlaceKind, SlugRedirect, Status
from perpetrators.models import Perpetrator
from tests.base import BaseTestCase
from victims.models import LinkRole, PerpetratorLink, Victim, VictimName

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def gone(status) -> int:
    """Not found, except that a withdrawn record leaves a notice (tests/editorial/test_public_history.py)."""
    return 410 if status == Status.WITHDRAWN else 404


def make_victim(name_en="Ali Rezaei", name_fa="علی رضایی", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


class VictimDetailTestCase(BaseTestCase):
    def setUp(self):
        self.evin = Place.objects.create(
            name_en="Evin Prison", name_fa="زندان اوین", kind=PlaceKind.PRISON, status=Status.PUBLISHED
        )
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre", name_fa="کشتار ۶۷", status=Status.PUBLISHED, start_text="1988"
        )

    def make_full_victim(self, **fields) -> Victim:
        victim = make_victim(
            death_text="1367/05/12",
            death_calendar="solar_hijri",
            death_place=self.evin,
            occupation="Teacher",
            **fields,
        )
        victim.events.add(self.massacre)
        victim.prisons.add(self.evin)
        return victim

    def test_it_shows_a_published_victim_in_english(self):
        self.make_full_victim()
        response = self.client.get("/victims/ali-rezaei/")
        self.assertContains(response, "<h1>Ali Rezaei")
        self.assertContains(response, "علی رضایی")  # the name in the other script, beside the main one
        self.assertContains(response, "3 August 1988")
        self.assertContains(response, "Teacher")
        self.assertContains(response, '<a href="/places/evin-prison/">Evin Prison</a>')
        self.assertContains(response, '<a href="/events/1988-prison-massacre/">1988 prison massacre</a>')

    def test_it_shows_a_published_victim_in_persian(self):
        self.make_full_victim()
        response = self.client.get("/fa/victims/ali-rezaei/")
        self.assertContains(response, "<h1>علی رضایی")
        self.assertContains(response, "۱۲ مرداد ۱۳۶۷")
        self.assertContains(response, '<a href="/fa/places/evin-prison/">زندان اوین</a>')
        self.assertContains(response, '<a href="/fa/events/1988-prison-massacre/">کشتار ۶۷</a>')

    def test_it_shows_the_other_spellings_of_the_name(self):
        victim = make_victim()
        VictimName.objects.create(victim=victim, name="Ali Rezayi")
        response = self.client.get("/victims/ali-rezaei/")
        self.assertContains(response, "Also written:")
        self.assertContains(response, "<span>Ali Rezayi</span>")

    def test_it_hides_drafts_in_review_and_withdrawn_victims_from_the_public(self):
        for status in UNPUBLISHED:
            with self.subTest(status=status):
                victim = make_victim(name_en=f"Hidden {status}", status=status)
                self.assertEqual(self.client.get(f"/victims/{victim.slug}/").status_code, gone(status))
                self.assertEqual(self.client.get(f"/fa/victims/{victim.slug}/").status_code, gone(status))

    def test_staff_see_a_draft_on_its_public_url_with_a_not_public_notice(self):
        make_victim(status=Status.DRAFT)
        for user in (self.editor, self.reviewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/victims/ali-rezaei/")
                self.assertContains(response, "<h1>Ali Rezaei")
                self.assertContains(response, "Not public: this record is draft.")

    def test_a_published_victim_carries_no_not_public_notice(self):
        make_victim()
        self.assertNotContains(self.client.get("/victims/ali-rezaei/"), "Not public")

    def test_it_refuses_post_put_and_delete(self):
        make_victim()
        self.assertEqual(self.client.post("/victims/ali-rezaei/").status_code, 405)
        self.assertEqual(self.client.put("/victims/ali-rezaei/").status_code, 405)
        self.assertEqual(self.client.delete("/victims/ali-rezaei/").status_code, 405)

    def test_a_cited_fact_shows_a_numbered_marker_linking_to_its_footnote(self):
        victim = self.make_full_victim()
        source = self.make_source("Amnesty report", slug="amnesty-report")
        citation = self.cite(
            victim, source, claim="death", locator="p. 112", quote="He was hanged in Mordad 1367."
        )
        response = self.client.get("/victims/ali-rezaei/")
        self.assertContains(response, '<a href="#fn-1" id="ref-1-death" aria-label="source 1">1</a>')
        self.assertContains(response, '<li id="fn-1" value="1">')
        self.assertContains(
            response, f'<a href="/sources/amnesty-report/#citation-{citation.pk}">Amnesty report</a>'
        )
        self.assertContains(response, "p. 112")
        self.assertContains(response, "<blockquote>He was hanged in Mordad 1367.</blockquote>")

    def test_footnote_markers_use_persian_digits_and_persian_links_on_persian_pages(self):
        victim = self.make_full_victim()
        source = self.make_source("Amnesty report", slug="amnesty-report")
        citation = self.cite(victim, source, claim="death", locator="p. 112")
        response = self.client.get("/fa/victims/ali-rezaei/")
        self.assertContains(response, '<a href="#fn-1" id="ref-1-death" aria-label="منبع ۱">۱</a>')
        self.assertContains(response, f'href="/fa/sources/amnesty-report/#citation-{citation.pk}"')

    def test_footnotes_are_numbered_in_the_order_the_page_mentions_them(self):
        victim = self.make_full_victim()
        source = self.make_source("Amnesty report")
        self.cite(victim, source, claim="death", quote="On the date of death.")
        self.cite(victim, source, claim="name", quote="On the name.")
        response = self.client.get("/victims/ali-rezaei/")
        self.assertContains(response, 'id="ref-1-name"')  # the name comes first on the page
        self.assertContains(response, 'id="ref-2-death"')

    def test_a_citation_to_a_draft_source_produces_no_footnote(self):
        victim = self.make_full_victim()
        draft = self.make_source("Unchecked leaked list", status=Status.DRAFT)
        self.cite(victim, draft, claim="death", quote="A line from the list.")
        response = self.client.get("/victims/ali-rezaei/")
        self.assertNotContains(response, "Unchecked leaked list")
        self.assertNotContains(response, "A line from the list.")
        self.assertNotContains(response, "#fn-")
        self.assertContains(response, "No public source is attached to this record yet.")

    def test_a_draft_perpetrator_named_in_the_case_is_not_shown(self):
        victim = make_victim()
        judge = Perpetrator.objects.create(name_en="Hossein-Ali Nayeri", status=Status.PUBLISHED)
        hidden = Perpetrator.objects.create(name_en="Unconfirmed Interrogator", status=Status.DRAFT)
        PerpetratorLink.objects.create(victim=victim, perpetrator=judge, role=LinkRole.SENTENCED)
        PerpetratorLink.objects.create(victim=victim, perpetrator=hidden, role=LinkRole.INTERROGATED)
        response = self.client.get("/victims/ali-rezaei/")
        self.assertContains(response, '<a href="/perpetrators/hossein-ali-nayeri/">Hossein-Ali Nayeri</a>')
        self.assertNotContains(response, "Unconfirmed Interrogator")
        self.assertNotContains(response, "interrogated by")

    def test_a_case_link_to_a_draft_commission_is_not_shown(self):
        victim = make_victim()
        commission = Organization.objects.create(
            name_en="Secret Commission", kind=OrganizationKind.COMMISSION, status=Status.DRAFT
        )
        PerpetratorLink.objects.create(victim=victim, organization=commission, role=LinkRole.COMMISSION)
        response = self.client.get("/victims/ali-rezaei/")
        self.assertNotContains(response, "Secret Commission")
        self.assertNotContains(response, "Named in this case")

    def test_staff_see_case_links_to_draft_perpetrators(self):
        victim = make_victim()
        hidden = Perpetrator.objects.create(name_en="Unconfirmed Interrogator", status=Status.DRAFT)
        PerpetratorLink.objects.create(victim=victim, perpetrator=hidden, role=LinkRole.INTERROGATED)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/victims/ali-rezaei/"), "Unconfirmed Interrogator")

    def test_draft_events_prisons_and_places_are_not_shown_as_facts(self):
        secret_prison = Place.objects.create(name_en="Unlisted Detention Site", kind=PlaceKind.PRISON)
        secret_event = Event.objects.create(name_en="Unannounced Event")
        victim = make_victim(death_place=secret_prison, birth_place=secret_prison)
        victim.prisons.add(secret_prison)
        victim.events.add(secret_event)
        response = self.client.get("/victims/ali-rezaei/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Unlisted Detention Site")
        self.assertNotContains(response, "Unannounced Event")

    def test_a_sparse_victim_with_only_a_name_says_what_is_not_known(self):
        Victim.objects.create(name_fa="مریم", status=Status.PUBLISHED, slug="maryam")
        response = self.client.get("/victims/maryam/")
        self.assertContains(response, '<h1><bdi lang="fa" dir="rtl">مریم</bdi>')
        self.assertContains(response, "Not known to the archive:")
        self.assertContains(response, "born, place of birth")
        self.assertContains(response, "died, place of death")
        self.assertContains(response, "No public source is attached to this record yet.")
        self.assertContains(self.client.get("/fa/victims/maryam/"), "<h1>مریم")

    def test_a_date_the_source_gives_as_a_season_keeps_its_precision(self):
        make_victim(death_text="summer 1367", death_calendar="solar_hijri")
        self.assertContains(
            self.client.get("/victims/ali-rezaei/"), "summer 1367 (22 June 1988 – 22 September 1988)"
        )
        self.assertContains(self.client.get("/fa/victims/ali-rezaei/"), "تابستان ۱۳۶۷")

    def test_a_sample_record_says_it_is_not_a_real_person(self):
        victim = make_victim()
        Victim.objects.filter(pk=victim.pk).update(is_sample=True)
        self.assertContains(self.client.get("/victims/ali-rezaei/"), "Sample record, not a real person.")

    def test_a_real_record_carries_no_sample_notice(self):
        make_victim()
        self.assertNotContains(self.client.get("/victims/ali-rezaei/"), "Sample record")

    def test_an_old_slug_redirects_permanently_to_the_new_one(self):
        victim = make_victim()
        victim.slug = "ali-rezaei-mashhad"
        victim.save()
        self.assertTrue(SlugRedirect.objects.filter(old_slug="ali-rezaei").exists())
        self.assertRedirects(
            self.client.get("/victims/ali-rezaei/"), "/victims/ali-rezaei-mashhad/", status_code=301
        )
        self.assertRedirects(
            self.client.get("/fa/victims/ali-rezaei/"), "/fa/victims/ali-rezaei-mashhad/", status_code=301
        )

    def test_an_old_slug_of_a_draft_victim_is_404_for_the_public(self):
        victim = make_victim(status=Status.DRAFT)
        victim.slug = "ali-rezaei-mashhad"
        victim.save()
        self.assertEqual(self.client.get("/victims/ali-rezaei/").status_code, 404)

    def test_an_unknown_slug_is_404(self):
        self.assertEqual(self.client.get("/victims/nobody/").status_code, 404)

    def test_it_makes_a_fixed_number_of_queries(self):
        victim = self.make_full_victim()
        self.cite(victim, self.make_source(), claim="death")
        self.client.get("/victims/ali-rezaei/")  # warm the content-type cache
        # victim with its places, variants, photos, events, prisons, case links, footnotes
        # one more: the page lists a citation added since publication, whose source is checked
        with self.assertNumQueries(9):
            self.client.get("/victims/ali-rezaei/")
        with self.assertNumQueries(9):
            self.client.get("/fa/victims/ali-rezaei/")

    def test_its_query_count_does_not_grow_with_citations_links_events_or_prisons(self):
        victim = self.make_full_victim()
        source = self.make_source()
        self.cite(victim, source, claim="death")
        judge = Perpetrator.objects.create(name_en="Judge 0", status=Status.PUBLISHED)
        link = PerpetratorLink.objects.create(victim=victim, perpetrator=judge, role=LinkRole.SENTENCED)
        self.cite(link, source)
        VictimName.objects.create(victim=victim, name="Ali Rezayi 0")
        self.client.get("/victims/ali-rezaei/")
        # one more: the page lists citations added since publication, whose sources are checked
        with self.assertNumQueries(9):
            self.client.get("/victims/ali-rezaei/")
        for n in range(1, 5):
            self.cite(victim, self.make_source(f"Report {n}"), claim="death", locator=f"p. {n}")
            self.cite(victim, source, claim="name", locator=f"para. {n}")
            judge = Perpetrator.objects.create(name_en=f"Judge {n}", status=Status.PUBLISHED)
            link = PerpetratorLink.objects.create(victim=victim, perpetrator=judge, role=LinkRole.SENTENCED)
            self.cite(link, source)
            VictimName.objects.create(victim=victim, name=f"Ali Rezayi {n}")
            victim.events.add(Event.objects.create(name_en=f"Event {n}", status=Status.PUBLISHED))
            victim.prisons.add(
                Place.objects.create(name_en=f"Prison {n}", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
            )
        with self.assertNumQueries(9):
            response = self.client.get("/victims/ali-rezaei/")
        self.assertContains(response, 'id="fn-')
        self.assertContains(response, "Judge 4")

    def test_a_staff_preview_makes_a_fixed_number_of_queries(self):
        self.make_full_victim(status=Status.DRAFT)
        self.client.force_login(self.editor)
        self.client.get("/victims/ali-rezaei/")
        # the session, the user and the device that verified the second factor (django-otp), then the same
        # seven queries as for the public, without those for its public changes (a draft has none)
        with self.assertNumQueries(10):
            self.client.get("/victims/ali-rezaei/")
