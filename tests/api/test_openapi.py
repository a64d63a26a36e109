"""The OpenAPI document at /api/v1/openapi.json: valid, complete, and true to what the API does."""

from __future__ import annotations

import re

from django.urls import get_resolver
from openapi_spec_validator import validate

from archive.models import Estimate, Event, Organization, OrganizationKind, Place, PlaceKind, Status
from perpetrators.models import Position
from tests.api.support import assert_documented, make_perpetrator, make_victim
from tests.base import BaseTestCase
from victims.models import LinkRole, PerpetratorLink

# A value for each parameter that names a record by its slug; setUp makes the records.
SLUGS = {
    "victims": "ali-rezaei",
    "perpetrators": "ebrahim-raisi",
    "organizations": "tehran-commission",
    "sources": "amnesty-report",
    "events": "1988-massacre",
    "places": "evin-prison",
}
RECORD_PARAMETERS = {
    "event": "1988-massacre",
    "place": "evin-prison",
    "organization": "tehran-commission",
    "perpetrator": "ebrahim-raisi",
    "source": "amnesty-report",
}


class OpenApiDocumentTestCase(BaseTestCase):
    def setUp(self):
        self.event = Event.objects.create(
            name_en="1988 prison massacre", slug="1988-massacre", status="published"
        )
        evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
        commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            slug="tehran-commission",
            kind=OrganizationKind.COMMISSION,
            place=evin,
            status=Status.PUBLISHED,
        )
        source = self.make_source("Amnesty report", slug="amnesty-report", published_text="2018")
        victim = make_victim("Ali Rezaei", death_text="1988", death_place=evin)
        victim.events.add(self.event)
        raisi = make_perpetrator("Ebrahim Raisi")
        self.position = Position.objects.create(
            perpetrator=raisi, organization=commission, event=self.event, status=Status.PUBLISHED
        )
        link = PerpetratorLink.objects.create(victim=victim, perpetrator=raisi, role=LinkRole.COMMISSION)
        estimate = Estimate.objects.create(
            event=self.event, counted_en="executed", count_text="30,000", count_low=30000, estimated_by="PMOI"
        )
        self.citation = self.cite(victim, source, claim="death", locator="p. 1")
        for record in (raisi, self.position, commission, source, self.event, estimate, evin, link):
            self.cite(record, source)
        self.document = self.client.get("/api/v1/openapi.json").json()

    def real_path(self, path: str) -> str:
        """A documented path with a real record's slug or id in it."""
        name = path.split("/")[3]
        ids = {"positions": self.position.pk, "citations": self.citation.pk}
        return path.replace("{slug}", SLUGS.get(name, "")).replace("{id}", str(ids.get(name, "")))

    def test_the_document_is_valid_openapi_3_1(self):
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "public, max-age=300")
        self.assertEqual(self.document["openapi"], "3.1.0")
        self.assertEqual(self.document["servers"], [{"url": "http://testserver"}])
        validate(self.document)

    def test_every_documented_path_answers_200_with_what_the_document_says(self):
        self.assertEqual(len(self.document["paths"]), 18)
        for path, item in self.document["paths"].items():
            with self.subTest(path=path):
                response = self.client.get(self.real_path(path))
                self.assertEqual(response.status_code, 200, response.content)
                schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
                if "$ref" in schema:
                    assert_documented(response.json(), schema["$ref"].rsplit("/", 1)[1])

    def test_every_url_of_the_api_is_documented(self):
        documented = set(self.document["paths"])
        api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api")
        for pattern in api.url_patterns:
            if pattern.name == "not_found":  # the JSON 404 for every other address
                continue
            route = re.sub(
                r"<(?:\w+:)?(\w+)>", lambda m: "{id}" if m[1] == "pk" else f"{{{m[1]}}}", str(pattern.pattern)
            )
            with self.subTest(route=route):
                self.assertIn(f"/api/v1/{route}", documented)

    def list_parameters(self):
        for path, item in self.document["paths"].items():
            if path.endswith("/") and "{" not in path and path != "/api/v1/":
                for parameter in item["get"]["parameters"]:
                    yield path, parameter["name"], parameter["schema"]

    def test_every_documented_list_parameter_is_accepted(self):
        for path, name, schema in self.list_parameters():
            if "enum" in schema:
                values = schema["enum"]
            elif schema["type"] == "integer":
                values = [schema.get("minimum", 1), schema.get("maximum", schema.get("minimum", 1))]
            elif schema["type"] == "boolean":
                values = ["true", "false"]
            elif name in RECORD_PARAMETERS:
                values = [RECORD_PARAMETERS[name]]
            else:
                values = ["Ali"[: schema.get("maxLength")]]
            for value in values:
                with self.subTest(path=path, parameter=name, value=value):
                    response = self.client.get(path, {name: value})
                    self.assertEqual(response.status_code, 200, response.content)

    def test_values_outside_the_documented_bounds_and_enumerations_are_refused(self):
        for path, name, schema in self.list_parameters():
            bad = []
            if "enum" in schema:
                bad.append("not-a-choice")
            if "minimum" in schema:
                bad.append(schema["minimum"] - 1)
            if "maximum" in schema:
                bad.append(schema["maximum"] + 1)
            if "maxLength" in schema:
                bad.append("x" * (schema["maxLength"] + 1))
            if name in RECORD_PARAMETERS:
                bad.append("no-such-record")
            for value in bad:
                with self.subTest(path=path, parameter=name, value=str(value)[:20]):
                    response = self.client.get(path, {name: value})
                    self.assertEqual(response.status_code, 400)
                    self.assertIn(name, response.json()["error"]["fields"])

    def test_the_victims_list_documents_the_filters_of_the_victims_page(self):
        parameters = {p["name"]: p for p in self.document["paths"]["/api/v1/victims/"]["get"]["parameters"]}
        self.assertEqual(
            list(parameters),
            ["q", "event", "place", "gender", "verification", "year_from", "year_to", "page", "page_size"],
        )
        self.assertEqual(parameters["gender"]["schema"], {"type": "string", "enum": ["female", "male"]})
        self.assertEqual(parameters["q"]["schema"], {"type": "string", "maxLength": 200})
        self.assertEqual(
            parameters["page_size"]["schema"],
            {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
        )
        self.assertEqual(
            parameters["year_from"]["schema"], {"type": "integer", "minimum": 1900, "maximum": 2100}
        )
