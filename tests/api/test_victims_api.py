"""The victims endpoints: /api/v1/victims/ and /api/v1/victims/<slug>/."""

from __future__ import annotations

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Event, Organization, OrganizationKind, Place, PlaceKind, Status
from tests.api.support import UNPUBLISHED, assert_documented, make_perpetrator, make_victim
from tests.base import BaseTestCase
from victims.models import Gender, LinkRole, PerpetratorLink, Verification, VictimName

# On PostgreSQL a long list's count starts with the planner's estimate (archive.lists.tally): one query more.
ESTIMATE = int(connection.vendor == "postgresql")


class VictimApiTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre", name_fa="کشتار ۶۷", slug="1988-massacre", status=Status.PUBLISHED
        )
        self.aban = Event.objects.create(name_en="November 2019 protests", status=Status.PUBLISHED)
        self.tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED)
        self.evin = Place.objects.create(
            name_en="Evin Prison", kind=PlaceKind.PRISON, parent=self.tehran, status=Status.PUBLISHED
        )
        self.mashhad = Place.objects.create(name_en="Mashhad", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        self.report = self.make_source("Amnesty report", slug="amnesty-report")

    def names(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        return [victim["name_en"] for victim in response.json()["results"]]

    def test_the_list_gives_each_published_victim_with_names_dates_and_addresses(self):
        victim = make_victim(
            "Ali Rezaei",
            "علی رضایی",
            gender=Gender.MALE,
            death_text="1367/05/12",
            death_calendar="solar_hijri",
            death_place=self.evin,
            verification=Verification.CONFIRMED,
            age_at_death=24,
        )
        victim.events.add(self.massacre)
        victim.prisons.add(self.evin)
        VictimName.objects.create(victim=victim, name="Ali Rezai")
        response = self.client.get("/api/v1/victims/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Cache-Control"], "public, max-age=300")
        data = response.json()
        assert_documented(data, "VictimsPage")
        self.assertEqual(data["count"], 1)
        row = data["results"][0]
        self.assertEqual(row["id"], victim.pk)
        self.assertEqual(row["slug"], "ali-rezaei")
        self.assertEqual(row["url"], "http://testserver/victims/ali-rezaei/")
        self.assertEqual(row["api_url"], "http://testserver/api/v1/victims/ali-rezaei/")
        self.assertEqual(row["name_fa"], "علی رضایی")
        self.assertEqual(row["variants"], [{"name": "Ali Rezai", "script": "latin", "kind": "spelling"}])
        self.assertEqual(
            row["death"],
            {
                "text": "1367/05/12",
                "calendar": "solar_hijri",
                "precision": "day",
                "earliest": "1988-08-03",
                "latest": "1988-08-03",
            },
        )
        self.assertIsNone(row["birth"])
        self.assertEqual(
            row["death_place"],
            {
                "slug": "evin-prison",
                "name": "Evin Prison",
                "api_url": "http://testserver/api/v1/places/evin-prison/",
            },
        )
        self.assertEqual([event["slug"] for event in row["events"]], ["1988-massacre"])
        self.assertEqual(row["gender"], "male")
        self.assertEqual(row["verification"], "confirmed")
        self.assertEqual(row["age_at_death"], 24)
        self.assertIs(row["is_sample"], False)
        self.assertNotIn("citations", row)

    def test_persian_is_sent_as_itself_not_escaped(self):
        make_victim("Ali Rezaei", "علی رضایی")
        self.assertIn("علی رضایی", self.client.get("/api/v1/victims/").content.decode())

    def test_drafts_in_review_and_withdrawn_victims_are_left_out_of_the_list_and_the_count(self):
        make_victim("Ali Rezaei")
        for status in UNPUBLISHED:
            make_victim(f"Hidden {status}", status=status)
        data = self.client.get("/api/v1/victims/").json()
        self.assertEqual(data["count"], 1)
        self.assertEqual([row["name_en"] for row in data["results"]], ["Ali Rezaei"])

    def test_staff_get_the_same_published_records_as_everyone(self):
        make_victim("Ali Rezaei")
        make_victim("Hidden Person", status=Status.DRAFT)
        self.client.force_login(self.editor)
        self.assertEqual(self.names("/api/v1/victims/"), ["Ali Rezaei"])
        self.assertEqual(self.client.get("/api/v1/victims/hidden-person/").status_code, 404)

    def test_an_unpublished_victim_is_a_json_404(self):
        for status in UNPUBLISHED:
            make_victim(f"Hidden {status}", status=status)
            with self.subTest(status=status):
                response = self.client.get(f"/api/v1/victims/hidden-{status.replace('_', '-')}/")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["error"]["code"], "not_found")

    def test_draft_events_prisons_and_places_are_left_out_of_a_published_victim(self):
        secret_prison = Place.objects.create(name_en="Unlisted Site", kind=PlaceKind.PRISON)
        draft_event = Event.objects.create(name_en="Draft event")
        victim = make_victim("Ali Rezaei", death_place=secret_prison, birth_place=secret_prison)
        victim.prisons.add(self.evin, secret_prison)
        victim.events.add(self.massacre, draft_event)
        for url in ("/api/v1/victims/", "/api/v1/victims/ali-rezaei/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotContains(response, "Unlisted Site")
                self.assertNotContains(response, "Draft event")
        row = self.client.get("/api/v1/victims/ali-rezaei/").json()
        self.assertIsNone(row["death_place"])
        self.assertIsNone(row["birth_place"])
        self.assertEqual([place["slug"] for place in row["prisons"]], ["evin-prison"])
        self.assertEqual([event["slug"] for event in row["events"]], ["1988-massacre"])

    def test_the_detail_gives_citations_of_published_sources_only(self):
        victim = make_victim("Ali Rezaei")
        self.cite(victim, self.report, claim="death", locator="p. 12", quote="Executed in Evin.")
        self.cite(victim, self.make_source("Draft source", status=Status.DRAFT), quote="Secret words.")
        self.cite(victim, self.make_source("Withdrawn source", status=Status.WITHDRAWN), quote="Old words.")
        response = self.client.get("/api/v1/victims/ali-rezaei/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        assert_documented(data, "VictimDetail")
        self.assertEqual(len(data["citations"]), 1)
        citation = data["citations"][0]
        self.assertEqual(citation["claim"], "death")
        self.assertEqual(citation["locator"], "p. 12")
        self.assertEqual(citation["quote"], "Executed in Evin.")
        self.assertEqual(citation["confidence"], "medium")
        self.assertEqual(
            citation["source"],
            {
                "slug": "amnesty-report",
                "title": "Amnesty report",
                "api_url": "http://testserver/api/v1/sources/amnesty-report/",
            },
        )
        self.assertNotContains(response, "Secret words.")
        self.assertNotContains(response, "Old words.")

    def test_a_perpetrator_link_shows_only_when_everyone_it_names_is_published(self):
        victim = make_victim("Ali Rezaei")
        judge = make_perpetrator("Hossein-Ali Nayyeri")
        hidden = make_perpetrator("Hidden Judge", status=Status.DRAFT)
        commission = Organization.objects.create(
            name_en="Tehran Death Commission", kind=OrganizationKind.COMMISSION, status=Status.PUBLISHED
        )
        draft_body = Organization.objects.create(name_en="Draft Body", kind=OrganizationKind.OTHER)
        link = PerpetratorLink.objects.create(
            victim=victim, perpetrator=judge, organization=commission, role=LinkRole.SENTENCED
        )
        self.cite(link, self.report, quote="Sentenced by Nayyeri.")
        PerpetratorLink.objects.create(victim=victim, perpetrator=hidden, role=LinkRole.SENTENCED)
        PerpetratorLink.objects.create(victim=victim, organization=draft_body, role=LinkRole.OTHER)
        response = self.client.get("/api/v1/victims/ali-rezaei/")
        links = response.json()["perpetrator_links"]
        self.assertEqual(len(links), 1)
        self.assertEqual(links[0]["role"], "sentenced")
        self.assertEqual(links[0]["perpetrator"]["slug"], "hossein-ali-nayyeri")
        self.assertEqual(links[0]["organization"]["name"], "Tehran Death Commission")
        self.assertEqual([c["quote"] for c in links[0]["citations"]], ["Sentenced by Nayyeri."])
        self.assertNotContains(response, "Hidden Judge")
        self.assertNotContains(response, "Draft Body")

    def test_the_filters_of_the_page_filter_the_api_list(self):
        ali = make_victim(
            "Ali Rezaei",
            gender=Gender.MALE,
            death_text="1988",
            death_place=self.evin,
            verification="confirmed",
        )
        ali.events.add(self.massacre)
        maryam = make_victim(
            "Maryam Ahmadi", gender=Gender.FEMALE, death_text="2019", death_place=self.mashhad
        )
        maryam.events.add(self.aban)
        self.assertEqual(self.names("/api/v1/victims/?event=1988-massacre"), ["Ali Rezaei"])
        self.assertEqual(self.names("/api/v1/victims/?place=tehran"), ["Ali Rezaei"])  # a prison within
        self.assertEqual(self.names("/api/v1/victims/?gender=female"), ["Maryam Ahmadi"])
        self.assertEqual(self.names("/api/v1/victims/?verification=confirmed"), ["Ali Rezaei"])
        self.assertEqual(self.names("/api/v1/victims/?year_from=2000"), ["Maryam Ahmadi"])
        self.assertEqual(self.names("/api/v1/victims/?year_to=1990&gender=male"), ["Ali Rezaei"])
        self.assertEqual(self.names("/api/v1/victims/?gender="), ["Ali Rezaei", "Maryam Ahmadi"])

    def test_q_finds_every_spelling_and_script_of_a_name_best_match_first(self):
        make_victim("Mohammad Hossein Rezaei", "محمدحسین رضایی")
        make_victim("Abbas Mohammad Hossein Rezaei Tehrani")
        make_victim("Maryam Ahmadi", "مریم احمدی")
        for q in ["Muhammad Hussein Rezaei", "muhammad-hosein rezaei", "محمد حسين رضايي"]:
            with self.subTest(q=q):
                found = self.names(f"/api/v1/victims/?q={q}")
                self.assertEqual(found[0], "Mohammad Hossein Rezaei")
                self.assertNotIn("Maryam Ahmadi", found)

    def test_q_combines_with_the_filters_and_hides_drafts(self):
        make_victim("Ali Rezaei", gender=Gender.MALE)
        make_victim("Ali Rezaei Tehrani", gender=Gender.FEMALE)
        make_victim("Ali Rezaei Hidden", status=Status.DRAFT)
        data = self.client.get("/api/v1/victims/?q=Rezaei&gender=male").json()
        self.assertEqual(data["count"], 1)
        self.assertEqual(data["results"][0]["name_en"], "Ali Rezaei")

    def test_an_old_slug_redirects_to_the_api_address_of_the_record(self):
        victim = make_victim("Ali Rezaei")
        victim.slug = "ali-rezaei-1988"
        victim.save()
        response = self.client.get("/api/v1/victims/ali-rezaei/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/api/v1/victims/ali-rezaei-1988/")

    def test_pages_are_stable_bounded_and_linked(self):
        for name in ["Zahra Karimi", "Ali Rezaei", "Maryam Ahmadi", "Ali Rezaei", "Bahram Sadeghi"]:
            make_victim(name)
        first = self.client.get("/api/v1/victims/?page_size=2&gender=").json()
        self.assertEqual(first["count"], 5)
        self.assertEqual(first["page_size"], 2)
        self.assertIsNone(first["previous"])
        self.assertEqual(first["next"], "http://testserver/api/v1/victims/?page_size=2&gender=&page=2")
        second = self.client.get(first["next"]).json()
        self.assertEqual(second["previous"], "http://testserver/api/v1/victims/?page_size=2&gender=&page=1")
        third = self.client.get(second["next"]).json()
        self.assertIsNone(third["next"])
        rows = first["results"] + second["results"] + third["results"]
        self.assertEqual(
            [row["name_en"] for row in rows],
            ["Ali Rezaei", "Ali Rezaei", "Bahram Sadeghi", "Maryam Ahmadi", "Zahra Karimi"],
        )
        namesakes = [row["id"] for row in rows[:2]]
        self.assertEqual(namesakes, sorted(namesakes))  # the same name: in the order of their ids
        self.assertEqual(rows, self.client.get("/api/v1/victims/?page_size=5").json()["results"])

    def test_the_default_page_has_fifty_victims(self):
        for n in range(61):
            make_victim(f"Person {n:03}")
        data = self.client.get("/api/v1/victims/").json()
        self.assertEqual((data["count"], len(data["results"]), data["page_size"]), (61, 50, 50))
        self.assertEqual(len(self.client.get("/api/v1/victims/?page=2").json()["results"]), 11)
        self.assertEqual(len(self.client.get("/api/v1/victims/?page_size=100").json()["results"]), 61)

    def add_victims(self, count: int) -> None:
        for n in range(count):
            victim = make_victim(f"Person {n}", death_place=self.evin, burial_place=self.mashhad)
            victim.events.add(self.massacre)
            victim.prisons.add(self.evin)
            VictimName.objects.create(victim=victim, name=f"Person {n} variant")
            self.cite(victim, self.report)

    def test_the_list_takes_as_many_queries_for_five_victims_as_for_one(self):
        self.add_victims(1)
        self.client.get("/api/v1/victims/?q=person")  # content types and the like, cached once per process
        filtered = "/api/v1/victims/?q=person&event=1988-massacre&place=tehran"
        with CaptureQueriesContext(connection) as for_one:
            self.assertEqual(self.client.get(filtered).json()["count"], 1)
        with self.assertNumQueries(5 + ESTIMATE):  # count, page, variants, events, prisons
            self.assertEqual(self.client.get("/api/v1/victims/").json()["count"], 1)
        self.add_victims(4)
        with self.assertNumQueries(len(for_one)):  # the search and the filters cost what they cost, once
            self.assertEqual(self.client.get(filtered).json()["count"], 5)
        with self.assertNumQueries(5 + ESTIMATE):
            self.assertEqual(self.client.get("/api/v1/victims/").json()["count"], 5)

    def test_the_detail_takes_as_many_queries_with_many_related_records_as_with_one(self):
        victim = make_victim("Ali Rezaei")
        judge = make_perpetrator("Hossein-Ali Nayyeri")
        link = PerpetratorLink.objects.create(victim=victim, perpetrator=judge, role=LinkRole.SENTENCED)
        self.cite(link, self.report)
        self.cite(victim, self.report)
        self.client.get("/api/v1/victims/ali-rezaei/")
        # the victim, variants, events, prisons, links, their citations, the victim's citations
        with self.assertNumQueries(7):
            self.client.get("/api/v1/victims/ali-rezaei/")
        for n in range(4):
            link = PerpetratorLink.objects.create(victim=victim, perpetrator=judge, role=LinkRole.SENTENCED)
            self.cite(link, self.report)
            self.cite(victim, self.make_source(f"Report {n}"))
            victim.prisons.add(Place.objects.create(name_en=f"Prison {n}", kind="prison", status="published"))
            VictimName.objects.create(victim=victim, name=f"Variant {n}")
        with self.assertNumQueries(7):
            data = self.client.get("/api/v1/victims/ali-rezaei/").json()
        self.assertEqual((len(data["citations"]), len(data["perpetrator_links"])), (5, 5))


class LongVictimListApiTestCase(BaseTestCase):
    """Past EXACT_COUNT_LIMIT the count is the database's estimate, and the list says so; every page is
    still there. The estimate is stood in for, so that the test runs on SQLite too."""

    def setUp(self):
        for n in range(3):
            make_victim(f"Person {n}")

    def test_a_long_list_says_its_count_is_an_estimate(self):
        with mock.patch("archive.lists.estimated_rows", return_value=998_900):
            data = self.client.get("/api/v1/victims/").json()
        self.assertEqual((data["count"], data["count_is_estimate"]), (1_000_000, True))
        assert_documented(data, "VictimsPage")

    def test_a_short_list_is_counted_exactly(self):
        data = self.client.get("/api/v1/victims/").json()
        self.assertEqual((data["count"], data["count_is_estimate"]), (3, False))

    def test_a_page_past_the_end_of_an_overestimated_list_is_refused_with_the_real_last_page(self):
        with mock.patch("archive.lists.estimated_rows", return_value=20_000):
            response = self.client.get("/api/v1/victims/?page=3&page_size=2")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["fields"]["page"], ["The last page is 2."])
