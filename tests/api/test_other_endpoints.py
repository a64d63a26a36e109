"""The index, positions, organizations, citations, events and places endpoints of /api/v1/."""

from __future__ import annotations

from archive.models import (
    Confidence,
    Estimate,
    Event,
    Organization,
    OrganizationKind,
    Place,
    PlaceKind,
    PlaceName,
    Status,
)
from perpetrators.models import CommissionRole, Position
from tests.api.support import UNPUBLISHED, assert_documented, make_perpetrator, make_victim
from tests.base import BaseTestCase
from victims.models import LinkRole, PerpetratorLink


class IndexTestCase(BaseTestCase):
    def test_the_index_lists_every_endpoint_and_the_openapi_document(self):
        response = self.client.get("/api/v1/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        assert_documented(data, "Index")
        self.assertEqual(data["openapi_url"], "http://testserver/api/v1/openapi.json")
        self.assertEqual(
            data["endpoints"],
            {
                name: f"http://testserver/api/v1/{name}/"
                for name in [
                    "victims",
                    "perpetrators",
                    "positions",
                    "organizations",
                    "sources",
                    "citations",
                    "events",
                    "places",
                ]
            },
        )


class PositionApiTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 massacre", slug="1988-massacre", status=Status.PUBLISHED
        )
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            slug="tehran-commission",
            kind=OrganizationKind.COMMISSION,
            status=Status.PUBLISHED,
        )
        self.raisi = make_perpetrator("Ebrahim Raisi")
        self.article = self.make_source("Article")

    def test_the_list_and_the_detail_give_public_positions_with_their_citations(self):
        seat = Position.objects.create(
            perpetrator=self.raisi,
            organization=self.commission,
            commission_role=CommissionRole.PROSECUTOR,
            event=self.massacre,
            during_text="1988",
            status=Status.PUBLISHED,
        )
        self.cite(seat, self.article, claim="commission_role", quote="Raisi, deputy prosecutor.")
        data = self.client.get("/api/v1/positions/").json()
        assert_documented(data, "PositionsPage")
        self.assertEqual([row["id"] for row in data["results"]], [seat.pk])
        response = self.client.get(f"/api/v1/positions/{seat.pk}/")
        self.assertEqual(response.status_code, 200)
        detail = response.json()
        assert_documented(detail, "PositionDetail")
        self.assertEqual(detail["perpetrator"]["slug"], "ebrahim-raisi")
        self.assertEqual(detail["url"], f"http://testserver/perpetrators/ebrahim-raisi/#position-{seat.pk}")
        self.assertEqual([c["quote"] for c in detail["citations"]], ["Raisi, deputy prosecutor."])

    def test_a_position_is_public_only_when_it_and_its_perpetrator_are(self):
        hidden = make_perpetrator("Hidden Official", status=Status.DRAFT)
        public = Position.objects.create(
            perpetrator=self.raisi, title_en="Prosecutor", status=Status.PUBLISHED
        )
        secret_posts = [
            Position.objects.create(perpetrator=hidden, title_en="Judge", status=Status.PUBLISHED)
        ]
        for status in UNPUBLISHED:
            secret_posts.append(
                Position.objects.create(perpetrator=self.raisi, title_en="Judge", status=status)
            )
        data = self.client.get("/api/v1/positions/").json()
        self.assertEqual((data["count"], [row["id"] for row in data["results"]]), (1, [public.pk]))
        for position in secret_posts:
            with self.subTest(position=position.pk):
                self.assertEqual(self.client.get(f"/api/v1/positions/{position.pk}/").status_code, 404)

    def test_positions_filter_by_perpetrator_organization_event_and_role(self):
        seat = Position.objects.create(
            perpetrator=self.raisi,
            organization=self.commission,
            commission_role=CommissionRole.PROSECUTOR,
            event=self.massacre,
            status=Status.PUBLISHED,
        )
        avaei = make_perpetrator("Alireza Avaei")
        post = Position.objects.create(
            perpetrator=avaei, title_en="Minister of Justice", status=Status.PUBLISHED
        )
        for query, expected in [
            ("perpetrator=alireza-avaei", [post.pk]),
            ("organization=tehran-commission", [seat.pk]),
            ("event=1988-massacre", [seat.pk]),
            ("commission_role=prosecutor", [seat.pk]),
            ("", [post.pk, seat.pk]),  # by the perpetrator's name
        ]:
            with self.subTest(query=query):
                data = self.client.get(f"/api/v1/positions/?{query}").json()
                self.assertEqual([row["id"] for row in data["results"]], expected)

    def test_the_list_takes_as_many_queries_for_five_positions_as_for_one(self):
        Position.objects.create(perpetrator=self.raisi, organization=self.commission, status=Status.PUBLISHED)
        with self.assertNumQueries(2):  # count, page with perpetrator, organization, place and event
            self.client.get("/api/v1/positions/")
        for n in range(4):
            Position.objects.create(
                perpetrator=make_perpetrator(f"Official {n}"), title_en="Judge", status=Status.PUBLISHED
            )
        with self.assertNumQueries(2):
            self.assertEqual(self.client.get("/api/v1/positions/").json()["count"], 5)


class OrganizationApiTestCase(BaseTestCase):
    def test_the_list_and_the_detail_give_published_organizations(self):
        tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        judiciary = Organization.objects.create(
            name_en="Judiciary", kind=OrganizationKind.JUDICIARY, status=Status.PUBLISHED
        )
        commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            name_fa="هیئت مرگ تهران",
            slug="tehran-commission",
            kind=OrganizationKind.COMMISSION,
            place=tehran,
            parent=judiciary,
            status=Status.PUBLISHED,
        )
        self.cite(commission, self.make_source("Article"), claim="place", locator="para. 2")
        Organization.objects.create(name_en="Secret Office", kind=OrganizationKind.OTHER, status=Status.DRAFT)
        data = self.client.get("/api/v1/organizations/").json()
        assert_documented(data, "OrganizationsPage")
        self.assertEqual(
            [row["name_en"] for row in data["results"]], ["Judiciary", "Tehran Death Commission"]
        )
        self.assertEqual(
            [
                row["name_en"]
                for row in self.client.get("/api/v1/organizations/?kind=commission").json()["results"]
            ],
            ["Tehran Death Commission"],
        )
        detail = self.client.get("/api/v1/organizations/tehran-commission/").json()
        assert_documented(detail, "OrganizationDetail")
        self.assertEqual(detail["parent"]["name"], "Judiciary")
        self.assertEqual(detail["place"]["slug"], "tehran")
        self.assertEqual(
            detail["positions_api_url"], "http://testserver/api/v1/positions/?organization=tehran-commission"
        )
        self.assertEqual([c["locator"] for c in detail["citations"]], ["para. 2"])
        self.assertEqual(self.client.get("/api/v1/organizations/secret-office/").status_code, 404)

    def test_an_unpublished_parent_or_place_is_null(self):
        secret = Organization.objects.create(name_en="Secret Office", kind=OrganizationKind.OTHER)
        place = Place.objects.create(name_en="Unlisted Site", kind=PlaceKind.OTHER)
        Organization.objects.create(
            name_en="Commission",
            kind=OrganizationKind.COMMISSION,
            parent=secret,
            place=place,
            status="published",
        )
        response = self.client.get("/api/v1/organizations/commission/")
        self.assertEqual((response.json()["parent"], response.json()["place"]), (None, None))
        self.assertNotContains(response, "Secret Office")
        self.assertNotContains(response, "Unlisted Site")


class CitationApiTestCase(BaseTestCase):
    def setUp(self):
        self.report = self.make_source("Amnesty report", slug="amnesty-report")
        self.victim = make_victim("Ali Rezaei")
        self.raisi = make_perpetrator("Ebrahim Raisi")

    def test_the_list_and_the_detail_give_each_public_citation_with_its_record_and_source(self):
        citation = self.cite(
            self.victim,
            self.report,
            claim="death",
            locator="p. 12",
            quote="Executed.",
            confidence=Confidence.HIGH,
        )
        data = self.client.get("/api/v1/citations/").json()
        assert_documented(data, "CitationsPage")
        response = self.client.get(f"/api/v1/citations/{citation.pk}/")
        detail = response.json()
        assert_documented(detail, "CitedClaim")
        self.assertEqual(data["results"], [detail])
        self.assertEqual(detail["confidence"], "high")
        self.assertEqual(detail["source"]["slug"], "amnesty-report")
        self.assertEqual(
            detail["record"],
            {
                "type": "victim",
                "id": self.victim.pk,
                "name": "Ali Rezaei",
                "url": "http://testserver/victims/ali-rezaei/",
                "api_url": "http://testserver/api/v1/victims/ali-rezaei/",
            },
        )

    def test_a_citation_is_public_only_when_its_source_and_its_record_are(self):
        public = self.cite(self.victim, self.report)
        hidden = [
            self.cite(self.victim, self.make_source("Draft source", status=Status.DRAFT)),
            self.cite(make_victim("Hidden Victim", status=Status.DRAFT), self.report),
            self.cite(Position.objects.create(perpetrator=self.raisi, title_en="Judge"), self.report),
            self.cite(
                Position.objects.create(
                    perpetrator=make_perpetrator("Hidden", status=Status.WITHDRAWN),
                    title_en="Judge",
                    status=Status.PUBLISHED,
                ),
                self.report,
            ),
            self.cite(
                PerpetratorLink.objects.create(
                    victim=self.victim,
                    perpetrator=make_perpetrator("Hidden Judge", status=Status.DRAFT),
                    role=LinkRole.SENTENCED,
                ),
                self.report,
            ),
            self.cite(Event.objects.create(name_en="Draft event"), self.report),
        ]
        data = self.client.get("/api/v1/citations/").json()
        self.assertEqual((data["count"], [row["id"] for row in data["results"]]), (1, [public.pk]))
        for citation in hidden:
            with self.subTest(citation=citation.pk):
                self.assertEqual(self.client.get(f"/api/v1/citations/{citation.pk}/").status_code, 404)

    def test_citations_filter_by_source_record_type_and_confidence(self):
        other = self.make_source("Tasnim interview", slug="tasnim-interview")
        on_victim = self.cite(self.victim, self.report, confidence=Confidence.HIGH)
        on_raisi = self.cite(self.raisi, other, confidence=Confidence.LOW)
        for query, expected in [
            ("source=tasnim-interview", [on_raisi.pk]),
            ("record_type=victim", [on_victim.pk]),
            ("record_type=perpetrator", [on_raisi.pk]),
            ("confidence=high", [on_victim.pk]),
            ("", [on_victim.pk, on_raisi.pk]),
        ]:
            with self.subTest(query=query):
                data = self.client.get(f"/api/v1/citations/?{query}").json()
                self.assertEqual([row["id"] for row in data["results"]], expected)

    def test_estimates_and_perpetrator_links_are_read_on_their_event_and_victim(self):
        event = Event.objects.create(name_en="1988 massacre", slug="1988-massacre", status=Status.PUBLISHED)
        estimate = Estimate.objects.create(
            event=event, counted_en="executed", count_text="30,000", count_low=30000, estimated_by="Montazeri"
        )
        link = PerpetratorLink.objects.create(
            victim=self.victim, perpetrator=self.raisi, role=LinkRole.SENTENCED
        )
        self.cite(estimate, self.report, claim="count")
        self.cite(link, self.report)
        records = [row["record"] for row in self.client.get("/api/v1/citations/").json()["results"]]
        self.assertEqual(
            [(r["type"], r["api_url"]) for r in records],
            [
                ("estimate", "http://testserver/api/v1/events/1988-massacre/"),
                ("perpetratorlink", "http://testserver/api/v1/victims/ali-rezaei/"),
            ],
        )
        self.assertEqual(records[0]["url"], f"http://testserver/events/1988-massacre/#estimate-{estimate.pk}")

    def test_the_list_takes_as_many_queries_for_many_citations_as_for_one(self):
        self.cite(self.victim, self.report)
        self.cite(self.raisi, self.report)
        # count, page with sources and content types, the victims, the perpetrators
        with self.assertNumQueries(4):
            self.client.get("/api/v1/citations/")
        for n in range(4):
            self.cite(make_victim(f"Victim {n}"), self.make_source(f"Report {n}"))
            self.cite(make_perpetrator(f"Official {n}"), self.report)
        with self.assertNumQueries(4):
            self.assertEqual(self.client.get("/api/v1/citations/").json()["count"], 10)


class EventApiTestCase(BaseTestCase):
    def test_the_list_and_the_detail_give_events_with_estimates_side_by_side(self):
        evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
        secret = Place.objects.create(name_en="Unlisted Site", kind=PlaceKind.PRISON)
        event = Event.objects.create(
            name_en="1988 prison massacre", slug="1988-massacre", start_text="summer 1988", status="published"
        )
        event.places.add(evin, secret)
        Event.objects.create(
            name_en="November 2019 protests", start_text="15 November 2019", status="published"
        )
        Event.objects.create(name_en="Draft event", status=Status.DRAFT)
        report = self.make_source("Report")
        low = Estimate.objects.create(
            event=event,
            counted_en="executed",
            count_text="about 4,500",
            count_low=4500,
            estimated_by="Amnesty",
        )
        Estimate.objects.create(
            event=event,
            counted_en="executed",
            count_text="30,000",
            count_low=30000,
            estimated_by="PMOI",
            order=1,
        )
        self.cite(low, report, claim="count", locator="p. 4")
        data = self.client.get("/api/v1/events/").json()
        assert_documented(data, "EventsPage")
        self.assertEqual(
            [row["name_en"] for row in data["results"]], ["1988 prison massacre", "November 2019 protests"]
        )
        response = self.client.get("/api/v1/events/1988-massacre/")
        detail = response.json()
        assert_documented(detail, "EventDetail")
        self.assertEqual(detail["start"]["precision"], "season")
        self.assertEqual([p["slug"] for p in detail["places"]], ["evin-prison"])
        self.assertEqual([e["count_text"] for e in detail["estimates"]], ["about 4,500", "30,000"])
        self.assertEqual([c["locator"] for c in detail["estimates"][0]["citations"]], ["p. 4"])
        self.assertEqual(detail["victims_api_url"], "http://testserver/api/v1/victims/?event=1988-massacre")
        self.assertNotContains(response, "Unlisted Site")
        self.assertEqual(self.client.get("/api/v1/events/draft-event/").status_code, 404)

    def test_the_related_lists_of_an_event_answer(self):
        event = Event.objects.create(name_en="1988 massacre", slug="1988-massacre", status=Status.PUBLISHED)
        make_victim("Ali Rezaei").events.add(event)
        detail = self.client.get("/api/v1/events/1988-massacre/").json()
        self.assertEqual(self.client.get(detail["victims_api_url"]).json()["count"], 1)
        self.assertEqual(self.client.get(detail["positions_api_url"]).json()["count"], 0)


class PlaceApiTestCase(BaseTestCase):
    def test_the_list_and_the_detail_give_published_places_with_variants_and_coordinates(self):
        tehran = Place.objects.create(
            name_en="Tehran", name_fa="تهران", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED
        )
        evin = Place.objects.create(
            name_en="Evin Prison",
            kind=PlaceKind.PRISON,
            parent=tehran,
            latitude="35.79620",
            longitude="51.38860",
            status=Status.PUBLISHED,
        )
        PlaceName.objects.create(place=evin, name="زندان اوین", script="persian")
        self.cite(evin, self.make_source("Report"), claim="location", locator="map 2")
        Place.objects.create(name_en="Unlisted Site", kind=PlaceKind.PRISON, status=Status.IN_REVIEW)
        data = self.client.get("/api/v1/places/").json()
        assert_documented(data, "PlacesPage")
        self.assertEqual([row["name_en"] for row in data["results"]], ["Evin Prison", "Tehran"])
        prisons = self.client.get("/api/v1/places/?kind=prison").json()["results"]
        self.assertEqual([row["slug"] for row in prisons], ["evin-prison"])
        detail = self.client.get("/api/v1/places/evin-prison/").json()
        assert_documented(detail, "PlaceDetail")
        self.assertEqual(detail["parent"]["slug"], "tehran")
        self.assertEqual((detail["latitude"], detail["longitude"]), (35.7962, 51.3886))
        self.assertEqual(
            detail["variants"], [{"name": "زندان اوین", "script": "persian", "kind": "spelling"}]
        )
        self.assertEqual([c["locator"] for c in detail["citations"]], ["map 2"])
        self.assertEqual(self.client.get("/api/v1/places/unlisted-site/").status_code, 404)

    def test_a_draft_parent_place_is_null(self):
        secret = Place.objects.create(name_en="Unlisted Province", kind=PlaceKind.PROVINCE)
        Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, parent=secret, status="published")
        response = self.client.get("/api/v1/places/evin-prison/")
        self.assertIsNone(response.json()["parent"])
        self.assertNotContains(response, "Unlisted Province")

    def test_the_list_takes_as_many_queries_for_five_places_as_for_one(self):
        Place.objects.create(name_en="Place 0", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        with self.assertNumQueries(3):  # count, page with parents, variants
            self.client.get("/api/v1/places/")
        for n in range(1, 5):
            place = Place.objects.create(name_en=f"Place {n}", kind=PlaceKind.CITY, status=Status.PUBLISHED)
            PlaceName.objects.create(place=place, name=f"Variant {n}")
        with self.assertNumQueries(3):
            self.assertEqual(self.client.get("/api/v1/places/").json()["count"], 5)
