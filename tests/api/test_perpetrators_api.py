"""The perpetrators endpoints: /api/v1/perpetrators/ and /api/v1/perpetrators/<slug>/."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Event, NameKind, Organization, OrganizationKind, Place, PlaceKind, Status
from perpetrators.models import CommissionRole, PerpetratorName, Position
from tests.api.support import UNPUBLISHED, assert_documented, make_perpetrator, make_victim
from tests.base import BaseTestCase
from victims.models import LinkRole, PerpetratorLink


class PerpetratorApiTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre", slug="1988-massacre", status=Status.PUBLISHED
        )
        self.tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            slug="tehran-commission",
            kind=OrganizationKind.COMMISSION,
            place=self.tehran,
            status=Status.PUBLISHED,
        )
        self.ministry = Organization.objects.create(
            name_en="Ministry of Justice",
            slug="ministry-of-justice",
            kind=OrganizationKind.MINISTRY,
            status=Status.PUBLISHED,
        )
        self.article = self.make_source("Call to end impunity", slug="call-to-end-impunity")

    def names(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        return [row["name_en"] for row in response.json()["results"]]

    def make_pourmohammadi(self):
        perpetrator = make_perpetrator("Mostafa Pourmohammadi", "مصطفی پورمحمدی", birth_text="1959")
        PerpetratorName.objects.create(
            perpetrator=perpetrator, name="Mustafa Pour-Mohammadi", kind=NameKind.SPELLING
        )
        perpetrator.refresh_search()
        return perpetrator

    def test_the_list_gives_each_perpetrator_with_names_and_positions(self):
        perpetrator = self.make_pourmohammadi()
        Position.objects.create(
            perpetrator=perpetrator,
            organization=self.commission,
            commission_role=CommissionRole.INTELLIGENCE,
            event=self.massacre,
            during_text="1988",
            status=Status.PUBLISHED,
        )
        Position.objects.create(
            perpetrator=perpetrator,
            organization=self.ministry,
            title_en="Minister of Justice",
            start_text="2013",
            end_text="2017",
            status=Status.PUBLISHED,
        )
        response = self.client.get("/api/v1/perpetrators/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        assert_documented(data, "PerpetratorsPage")
        row = data["results"][0]
        self.assertEqual(row["slug"], "mostafa-pourmohammadi")
        self.assertEqual(row["url"], "http://testserver/perpetrators/mostafa-pourmohammadi/")
        self.assertEqual(row["name_fa"], "مصطفی پورمحمدی")
        self.assertEqual([v["name"] for v in row["variants"]], ["Mustafa Pour-Mohammadi"])
        self.assertEqual(row["birth"]["precision"], "year")
        self.assertEqual(row["birth"]["earliest"], "1959-01-01")
        commission, minister = row["positions"]
        self.assertEqual(commission["commission_role"], "intelligence")
        self.assertEqual(commission["organization"]["slug"], "tehran-commission")
        self.assertEqual(commission["event"]["slug"], "1988-massacre")
        self.assertEqual(commission["during"]["text"], "1988")
        self.assertEqual(minister["title_en"], "Minister of Justice")
        self.assertEqual(minister["start"]["latest"], "2013-12-31")
        self.assertEqual(minister["api_url"], f"http://testserver/api/v1/positions/{minister['id']}/")

    def test_unpublished_perpetrators_are_left_out_of_the_list_the_count_and_their_addresses(self):
        make_perpetrator("Ebrahim Raisi")
        for status in UNPUBLISHED:
            make_perpetrator(f"Hidden {status}", status=status)
        data = self.client.get("/api/v1/perpetrators/").json()
        self.assertEqual((data["count"], [row["name_en"] for row in data["results"]]), (1, ["Ebrahim Raisi"]))
        response = self.client.get("/api/v1/perpetrators/hidden-draft/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["error"]["code"], "not_found")

    def test_unpublished_positions_and_their_unpublished_organizations_are_left_out(self):
        perpetrator = make_perpetrator("Ebrahim Raisi")
        draft_body = Organization.objects.create(name_en="Secret Office", kind=OrganizationKind.OTHER)
        Position.objects.create(
            perpetrator=perpetrator, title_en="Deputy prosecutor", status=Status.PUBLISHED
        )
        Position.objects.create(perpetrator=perpetrator, title_en="Draft post", status=Status.DRAFT)
        # Without a title of its own the post is named by its organization: hidden while that is.
        Position.objects.create(perpetrator=perpetrator, organization=draft_body, status=Status.PUBLISHED)
        Position.objects.create(
            perpetrator=perpetrator, organization=draft_body, title_en="Adviser", status=Status.PUBLISHED
        )
        for url in ("/api/v1/perpetrators/", "/api/v1/perpetrators/ebrahim-raisi/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotContains(response, "Draft post")
                self.assertNotContains(response, "Secret Office")
        positions = self.client.get("/api/v1/perpetrators/ebrahim-raisi/").json()["positions"]
        self.assertEqual([p["title_en"] for p in positions], ["Deputy prosecutor", "Adviser"])
        self.assertIsNone(positions[1]["organization"])

    def test_the_detail_gives_positions_victims_and_citations_that_are_public(self):
        perpetrator = make_perpetrator("Hossein-Ali Nayyeri")
        position = Position.objects.create(
            perpetrator=perpetrator,
            organization=self.commission,
            commission_role=CommissionRole.SHARIA_JUDGE,
            status=Status.PUBLISHED,
        )
        self.cite(position, self.article, claim="commission_role", quote="Nayyeri, the sharia judge.")
        self.cite(perpetrator, self.article, quote="He headed the commission.")
        self.cite(perpetrator, self.make_source("Draft source", status=Status.DRAFT), quote="Secret words.")
        victim = make_victim("Ali Rezaei")
        link = PerpetratorLink.objects.create(victim=victim, perpetrator=perpetrator, role=LinkRole.SENTENCED)
        self.cite(link, self.article, quote="Sentenced by Nayyeri.")
        hidden = make_victim("Hidden Victim", status=Status.DRAFT)
        PerpetratorLink.objects.create(victim=hidden, perpetrator=perpetrator, role=LinkRole.SENTENCED)
        response = self.client.get("/api/v1/perpetrators/hossein-ali-nayyeri/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        assert_documented(data, "PerpetratorDetail")
        self.assertEqual([c["quote"] for c in data["citations"]], ["He headed the commission."])
        self.assertEqual(
            [c["quote"] for c in data["positions"][0]["citations"]], ["Nayyeri, the sharia judge."]
        )
        self.assertEqual(len(data["victim_links"]), 1)
        self.assertEqual(data["victim_links"][0]["victim"]["slug"], "ali-rezaei")
        self.assertEqual(data["victim_links"][0]["citations"][0]["quote"], "Sentenced by Nayyeri.")
        self.assertNotContains(response, "Hidden Victim")
        self.assertNotContains(response, "Secret words.")

    def test_every_spelling_of_pourmohammadi_finds_him_in_either_script(self):
        self.make_pourmohammadi()
        make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی")
        for q in ["Pour-Mohammadi", "Mustafa Pourmohammadi", "pour mohammadi", "پورمحمدی", "مصطفي پورمحمدي"]:
            with self.subTest(q=q):
                self.assertEqual(self.names(f"/api/v1/perpetrators/?q={q}"), ["Mostafa Pourmohammadi"])

    def test_the_filters_of_the_page_filter_the_api_list(self):
        raisi = make_perpetrator("Ebrahim Raisi")
        Position.objects.create(
            perpetrator=raisi,
            organization=self.commission,
            event=self.massacre,
            commission_role="prosecutor",
            status=Status.PUBLISHED,
        )
        minister = make_perpetrator("Alireza Avaei")
        Position.objects.create(perpetrator=minister, organization=self.ministry, status=Status.PUBLISHED)
        drafted = make_perpetrator("Draft Member")
        Position.objects.create(perpetrator=drafted, organization=self.commission, status=Status.DRAFT)
        self.assertEqual(
            self.names("/api/v1/perpetrators/?organization=ministry-of-justice"), ["Alireza Avaei"]
        )
        self.assertEqual(self.names("/api/v1/perpetrators/?event=1988-massacre"), ["Ebrahim Raisi"])
        self.assertEqual(self.names("/api/v1/perpetrators/?commission=true"), ["Ebrahim Raisi"])
        self.assertEqual(
            self.names("/api/v1/perpetrators/?commission=false"),
            ["Alireza Avaei", "Draft Member", "Ebrahim Raisi"],
        )

    def test_the_list_and_the_detail_take_as_many_queries_for_five_as_for_one(self):
        def add(count):
            for n in range(count):
                perpetrator = make_perpetrator(f"Official {len(added)}")
                added.append(perpetrator)
                PerpetratorName.objects.create(perpetrator=perpetrator, name=f"Variant {n}")
                position = Position.objects.create(
                    perpetrator=perpetrator,
                    organization=self.commission,
                    place=self.tehran,
                    event=self.massacre,
                    status=Status.PUBLISHED,
                )
                self.cite(position, self.article)
                self.cite(perpetrator, self.article)
                link = PerpetratorLink.objects.create(
                    victim=make_victim(f"Victim {len(added)}"), perpetrator=added[0], role=LinkRole.SENTENCED
                )
                self.cite(link, self.article)

        added = []
        add(1)
        self.client.get("/api/v1/perpetrators/?q=official")
        searched = "/api/v1/perpetrators/?q=official&commission=true"
        with CaptureQueriesContext(connection) as for_one:
            self.client.get(searched)
        # count, page, variants, positions; the detail: the perpetrator, variants, positions and their
        # citations, victim links and their citations, its citations
        with self.assertNumQueries(4):
            self.client.get("/api/v1/perpetrators/")
        with self.assertNumQueries(7):
            self.client.get("/api/v1/perpetrators/official-0/")
        add(4)
        with self.assertNumQueries(len(for_one)):
            self.assertEqual(self.client.get(searched).json()["count"], 5)
        with self.assertNumQueries(4):
            self.assertEqual(self.client.get("/api/v1/perpetrators/").json()["count"], 5)
        with self.assertNumQueries(7):
            self.assertEqual(
                len(self.client.get("/api/v1/perpetrators/official-0/").json()["victim_links"]), 5
            )
