"""The Popolo export: /perpetrators/popolo.json and `manage.py export_popolo FILE`, validated against the schemas."""

from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from archive.models import Event, Organization, OrganizationKind, Place, PlaceKind, Status
from perpetrators.models import CommissionRole, PerpetratorName, Position
from tests.base import BaseTestCase
from tests.exports.support import json_rows, make_perpetrator, streamed

SITE = "https://archive.example.org"
SCHEMAS = Path(__file__).parent / "popolo-schemas"
SECTIONS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
}


def popolo_validators() -> dict[str, Draft3Validator]:
    """A draft-03 validator per Popolo class, every schema loaded into one registry by its id."""
    schemas = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (schema["id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT3))
        for schema in schemas.values()
    )
    return {
        section: Draft3Validator(
            schemas[name], registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER
        )
        for section, name in SECTIONS.items()
    }


VALIDATORS = popolo_validators()


def popolo_errors(document: dict) -> list[str]:
    return [
        f"{section}[{n}]: {error.message}"
        for section, validator in VALIDATORS.items()
        for n, item in enumerate(document[section])
        for error in validator.iter_errors(item)
    ]


@override_settings(SITE_URL=SITE)
class PopoloTestCase(BaseTestCase):
    def setUp(self):
        self.tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        self.massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        self.judiciary = Organization.objects.create(
            name_en="Judiciary of Iran",
            name_fa="قوه قضاییه",
            kind=OrganizationKind.JUDICIARY,
            status=Status.PUBLISHED,
        )
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            name_fa="هیئت مرگ تهران",
            kind=OrganizationKind.COMMISSION,
            parent=self.judiciary,
            place=self.tehran,
            status=Status.PUBLISHED,
        )
        self.report = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")
        self.raisi = make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی", birth_text="14 December 1960")
        self.seat = Position.objects.create(
            perpetrator=self.raisi,
            organization=self.commission,
            commission_role=CommissionRole.PROSECUTOR,
            title_en="Deputy prosecutor",
            title_fa="معاون دادستان",
            event=self.massacre,
            during_text="summer 1367",
            during_calendar="solar_hijri",
            status=Status.PUBLISHED,
        )
        self.head = Position.objects.create(
            perpetrator=self.raisi,
            organization=self.judiciary,
            title_en="Head of the Judiciary",
            start_text="March 2019",
            end_text="2021",
            status=Status.PUBLISHED,
        )

    def document(self, path="/perpetrators/popolo.json") -> dict:
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return json.loads(streamed(response))

    def test_the_document_validates_against_the_popolo_schemas(self):
        pourmohammadi = make_perpetrator(
            "Mostafa Pourmohammadi", "مصطفی پورمحمدی", birth_text="1338", birth_calendar="solar_hijri"
        )
        PerpetratorName.objects.create(
            perpetrator=pourmohammadi, name="Mustafa Pour-Mohammadi", note="in the article"
        )
        Position.objects.create(
            perpetrator=pourmohammadi,
            organization=self.commission,
            commission_role=CommissionRole.INTELLIGENCE,
            start_text="Mordad 1367",
            start_calendar="solar_hijri",
            end_text="1367/06/30",
            end_calendar="solar_hijri",
            status=Status.PUBLISHED,
        )
        self.cite(self.raisi, self.report, locator="p. 12")
        self.cite(self.seat, self.report, claim="commission_role")
        self.cite(self.commission, self.report)
        document = self.document()
        self.assertEqual(set(document), set(SECTIONS))
        self.assertEqual(popolo_errors(document), [])
        self.assertEqual(len(document["persons"]), 2)
        self.assertEqual(len(document["memberships"]), 3)

    def test_the_validation_would_catch_a_date_that_is_not_iso(self):
        document = self.document()
        document["memberships"][0]["start_date"] = "summer 1367"
        document["persons"][0]["sources"] = [{"note": "no address"}]
        self.assertEqual(len(popolo_errors(document)), 2)

    def test_a_person_has_both_scripts_and_every_variant_as_other_names(self):
        PerpetratorName.objects.create(perpetrator=self.raisi, name="Ebrahim Raeesi", note="in the JVMI list")
        [person] = self.document()["persons"]
        self.assertEqual(person["id"], f"perpetrator-{self.raisi.pk}")
        self.assertEqual(person["name"], "Ebrahim Raisi")
        self.assertEqual(
            person["other_names"],
            [
                {"name": "Ebrahim Raisi", "note": "Latin script"},
                {"name": "ابراهیم رئیسی", "note": "Persian script"},
                {"name": "Ebrahim Raeesi", "note": "other spelling: in the JVMI list"},
            ],
        )
        self.assertEqual(person["birth_date"], "1960-12-14")
        self.assertNotIn("death_date", person)
        self.assertEqual(person["links"][0]["url"], f"{SITE}/perpetrators/ebrahim-raisi/")

    def test_a_position_is_a_membership_with_dates_at_the_precision_known(self):
        memberships = {m["id"]: m for m in self.document()["memberships"]}
        seat = memberships[f"position-{self.seat.pk}"]
        self.assertEqual(seat["person_id"], f"perpetrator-{self.raisi.pk}")
        self.assertEqual(seat["organization_id"], f"organization-{self.commission.pk}")
        self.assertEqual(seat["role"], "prosecutor")
        self.assertEqual(seat["label"], "Deputy prosecutor (summer 1367)")
        self.assertNotIn("start_date", seat)
        self.assertNotIn("end_date", seat)
        head = memberships[f"position-{self.head.pk}"]
        self.assertEqual(head["start_date"], "2019-03")
        self.assertEqual(head["end_date"], "2021")
        self.assertEqual(head["role"], "Head of the Judiciary")

    def test_solar_hijri_dates_never_gain_a_month_or_a_year_they_do_not_have(self):
        cases = [("Mordad 1367", "1988"), ("1367/05/12", "1988-08-03"), ("1367", None), ("Dey 1367", None)]
        for text, expected in cases:
            with self.subTest(text=text):
                Position.objects.filter(pk=self.head.pk).delete()
                self.head = Position.objects.create(
                    perpetrator=self.raisi,
                    organization=self.judiciary,
                    title_en="Head of the Judiciary",
                    start_text=text,
                    start_calendar="solar_hijri",
                    status=Status.PUBLISHED,
                )
                [head] = [m for m in self.document()["memberships"] if m["id"] == f"position-{self.head.pk}"]
                self.assertEqual(head.get("start_date"), expected)

    def test_titled_positions_are_posts_one_per_organization_title_and_role(self):
        mohseni = make_perpetrator("Gholam-Hossein Mohseni-Ejei")
        later = Position.objects.create(
            perpetrator=mohseni,
            organization=self.judiciary,
            title_en="Head of the Judiciary",
            start_text="2021",
            status=Status.PUBLISHED,
        )
        Position.objects.create(perpetrator=mohseni, organization=self.commission, status=Status.PUBLISHED)
        document = self.document()
        posts = {p["label"]: p for p in document["posts"]}
        self.assertEqual(set(posts), {"Deputy prosecutor", "Head of the Judiciary"})
        self.assertEqual(posts["Deputy prosecutor"]["other_label"], ["معاون دادستان"])
        self.assertEqual(posts["Deputy prosecutor"]["role"], "prosecutor")
        self.assertEqual(
            posts["Head of the Judiciary"]["organization_id"], f"organization-{self.judiciary.pk}"
        )
        memberships = {m["id"]: m for m in document["memberships"]}
        head_post = posts["Head of the Judiciary"]["id"]
        self.assertEqual(memberships[f"position-{self.head.pk}"]["post_id"], head_post)
        self.assertEqual(memberships[f"position-{later.pk}"]["post_id"], head_post)
        untitled = [
            m
            for m in document["memberships"]
            if m["person_id"] == f"perpetrator-{mohseni.pk}" and "post_id" not in m
        ]
        self.assertEqual(len(untitled), 1)
        self.assertEqual(untitled[0]["label"], "Tehran Death Commission")

    def test_organizations_are_published_ones_with_their_parent(self):
        Organization.objects.create(name_en="Secret Office", kind=OrganizationKind.OTHER)
        organizations = {o["name"]: o for o in self.document()["organizations"]}
        self.assertEqual(set(organizations), {"Judiciary of Iran", "Tehran Death Commission"})
        commission = organizations["Tehran Death Commission"]
        self.assertEqual(commission["classification"], "commission")
        self.assertEqual(commission["parent_id"], f"organization-{self.judiciary.pk}")
        self.assertIn({"name": "هیئت مرگ تهران", "note": "Persian script"}, commission["other_names"])

    def test_nothing_unpublished_is_exported(self):
        hidden = make_perpetrator("Hidden Official", status=Status.DRAFT)
        Position.objects.create(
            perpetrator=hidden, organization=self.judiciary, title_en="Judge", status=Status.PUBLISHED
        )
        Position.objects.create(perpetrator=self.raisi, title_en="Unconfirmed Post", status=Status.DRAFT)
        secret = Organization.objects.create(name_en="Secret Office", kind=OrganizationKind.OTHER)
        Position.objects.create(
            perpetrator=self.raisi, organization=secret, title_en="Adviser", status=Status.PUBLISHED
        )
        Position.objects.create(perpetrator=self.raisi, organization=secret, status=Status.PUBLISHED)
        self.cite(self.raisi, self.make_source("Unreleased report", status=Status.DRAFT))
        Organization.objects.filter(pk=self.commission.pk).update(parent=secret)
        text = streamed(self.client.get("/perpetrators/popolo.json")).decode()
        for leak in (
            "Hidden Official",
            "Judge",
            "Unconfirmed Post",
            "Secret Office",
            "Unreleased report",
            f"organization-{secret.pk}",
        ):
            self.assertNotIn(leak, text)
        document = json.loads(text)
        adviser = [m for m in document["memberships"] if m["label"] == "Adviser"]
        self.assertEqual(len(adviser), 1)
        self.assertNotIn("organization_id", adviser[0])
        self.assertEqual(popolo_errors(document), [])

    def test_every_public_citation_is_a_source(self):
        citation = self.cite(self.seat, self.report, claim="commission_role", locator="p. 112")
        self.cite(self.raisi, self.report)
        document = self.document()
        [seat] = [m for m in document["memberships"] if m["id"] == f"position-{self.seat.pk}"]
        self.assertEqual(
            seat["sources"],
            [
                {
                    "url": f"{SITE}/sources/blood-soaked-secrets/#citation-{citation.pk}",
                    "note": "Blood-soaked secrets, p. 112 (role in the commission)",
                }
            ],
        )
        self.assertEqual(len(document["persons"][0]["sources"]), 1)

    def test_the_persian_document_names_in_persian(self):
        document = self.document("/fa/perpetrators/popolo.json")
        self.assertEqual(document["persons"][0]["name"], "ابراهیم رئیسی")
        self.assertEqual(document["persons"][0]["links"][0]["url"], f"{SITE}/fa/perpetrators/ebrahim-raisi/")
        self.assertEqual(popolo_errors(document), [])

    def test_it_is_a_streamed_attachment(self):
        response = self.client.get("/perpetrators/popolo.json")
        self.assertTrue(response.streaming)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            f'attachment; filename="perpetrators-popolo-{timezone.localdate().isoformat()}.json"',
        )
        self.assertEqual(self.client.post("/perpetrators/popolo.json").status_code, 405)

    def test_it_is_written_in_a_fixed_number_of_queries_however_many_rows(self):
        streamed(self.client.get("/perpetrators/popolo.json"))
        # persons, their variants and citations; organizations and their citations; posts;
        # memberships and their citations
        with self.assertNumQueries(8):
            streamed(self.client.get("/perpetrators/popolo.json"))
        for n in range(6):
            official = make_perpetrator(f"Official {n}")
            PerpetratorName.objects.create(perpetrator=official, name=f"Variant {n}")
            self.cite(official, self.report)
            position = Position.objects.create(
                perpetrator=official,
                organization=self.judiciary,
                title_en=f"Post {n}",
                status=Status.PUBLISHED,
            )
            self.cite(position, self.report)
        with self.assertNumQueries(8):
            document = json.loads(streamed(self.client.get("/perpetrators/popolo.json")))
        self.assertEqual(len(document["persons"]), 7)

    def test_the_command_writes_the_same_document_to_a_file(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "popolo.json"
            out = StringIO()
            call_command("export_popolo", str(path), stdout=out)
            written = json.loads(path.read_text(encoding="utf-8"))
        self.assertEqual(written, self.document())
        self.assertIn("Wrote 1 persons, 2 organizations, 2 posts, 2 memberships to", out.getvalue())

    def test_the_command_fails_when_it_cannot_write(self):
        with (
            tempfile.TemporaryDirectory() as directory,
            self.assertRaisesMessage(CommandError, "Cannot write"),
        ):
            call_command("export_popolo", str(Path(directory) / "missing" / "popolo.json"), stdout=StringIO())

    def test_the_perpetrators_export_and_popolo_agree_on_who_is_public(self):
        make_perpetrator("Draft Official", status=Status.DRAFT)
        names = {p["name_en"] for p in json_rows(self.client.get("/perpetrators/export.json"))}
        self.assertEqual(names, {p["name"] for p in self.document()["persons"]})


class SeedPopoloTestCase(BaseTestCase):
    def test_the_seed_dataset_validates(self):
        call_command("load_seed", stdout=StringIO())
        document = json.loads(streamed(self.client.get("/perpetrators/popolo.json")))
        self.assertEqual(popolo_errors(document), [])
        names = [name["name"] for person in document["persons"] for name in person["other_names"]]
        self.assertIn("Mustafa Pour-Mohammadi", names)
        self.assertTrue(document["memberships"])
        self.assertTrue(all(m["sources"] for m in document["memberships"]))
