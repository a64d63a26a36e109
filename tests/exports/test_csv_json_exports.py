"""List exports: /victims/export.csv|json, /perpetrators/…, /sources/…, and /sources/<slug>/citations.csv|json."""

from __future__ import annotations

import datetime
import json

from django.test import override_settings
from django.utils import timezone

from archive.models import (
    Estimate,
    Event,
    Organization,
    OrganizationKind,
    Place,
    PlaceKind,
    Source,
    SourceKind,
    Status,
)
from perpetrators.models import CommissionRole, Position
from tests.base import BaseTestCase
from tests.exports.support import csv_rows, json_rows, make_perpetrator, make_victim, streamed
from victims.models import Gender, LinkRole, PerpetratorLink, Verification, VictimName

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)
SITE = "https://archive.example.org"


@override_settings(SITE_URL=SITE)
class VictimExportTestCase(BaseTestCase):
    def setUp(self):
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre", name_fa="کشتار ۶۷", status=Status.PUBLISHED
        )
        self.aban = Event.objects.create(name_en="November 2019 protests", status=Status.PUBLISHED)
        self.tehran = Place.objects.create(
            name_en="Tehran", name_fa="تهران", kind=PlaceKind.PROVINCE, status=Status.PUBLISHED
        )
        self.evin = Place.objects.create(
            name_en="Evin Prison",
            name_fa="زندان اوین",
            kind=PlaceKind.PRISON,
            parent=self.tehran,
            status=Status.PUBLISHED,
        )
        self.mashhad = Place.objects.create(name_en="Mashhad", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        self.report = self.make_source()

    def test_the_csv_export_lists_published_victims_with_their_columns(self):
        victim = make_victim(
            "Ali Rezaei",
            "علی رضایی",
            gender=Gender.MALE,
            death_text="1367/05/12",
            death_calendar="solar_hijri",
            death_place=self.evin,
            verification=Verification.CONFIRMED,
        )
        victim.events.add(self.massacre)
        victim.prisons.add(self.evin)
        VictimName.objects.create(victim=victim, name="Ali Rezai")
        VictimName.objects.create(victim=victim, name="Aly Rezaei")
        self.cite(victim, self.report, claim="death")
        response = self.client.get("/victims/export.csv")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        [row] = csv_rows(response)
        self.assertEqual(row["id"], str(victim.pk))
        self.assertEqual(row["slug"], "ali-rezaei")
        self.assertEqual(row["url"], f"{SITE}/victims/ali-rezaei/")
        self.assertEqual(row["name_en"], "Ali Rezaei")
        self.assertEqual(row["name_fa"], "علی رضایی")
        self.assertEqual(row["variants"], "Ali Rezai | Aly Rezaei")
        self.assertEqual(row["death_text"], "1367/05/12")
        self.assertEqual(row["death_calendar"], "solar_hijri")
        self.assertEqual(row["death_precision"], "day")
        self.assertEqual(row["death_earliest"], "1988-08-03")
        self.assertEqual(row["death_latest"], "1988-08-03")
        self.assertEqual(row["birth_text"], "")
        self.assertEqual(row["death_place"], "Evin Prison")
        self.assertEqual(row["prisons"], "Evin Prison")
        self.assertEqual(row["events"], "1988 prison massacre")
        self.assertEqual(row["verification"], "confirmed")
        self.assertEqual(row["gender"], "male")
        self.assertEqual(row["is_sample"], "false")
        self.assertEqual(row["citations"], "1")

    def test_the_csv_starts_with_a_byte_order_mark_and_a_header_even_when_empty(self):
        body = streamed(self.client.get("/victims/export.csv"))
        self.assertTrue(body.startswith(b"\xef\xbb\xbfid,slug,url,name_en,name_fa,variants,"))
        self.assertEqual(body.count(b"\r\n"), 1)

    def test_the_json_export_is_a_streamed_array_of_the_same_rows(self):
        victim = make_victim("Ali Rezaei", "علی رضایی", death_text="August 1988")
        VictimName.objects.create(victim=victim, name="Ali Rezai")
        response = self.client.get("/victims/export.json")
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        [row] = json_rows(response)
        self.assertEqual(row["name_fa"], "علی رضایی")
        self.assertEqual(row["variants"], ["Ali Rezai"])
        self.assertEqual(row["death_precision"], "month")
        self.assertEqual(row["death_earliest"], "1988-08-01")
        self.assertEqual(row["death_latest"], "1988-08-31")
        self.assertIsNone(row["birth_text"])
        self.assertIs(row["is_sample"], False)
        self.assertEqual(row["citations"], 0)

    def test_both_formats_are_attachments_with_a_dated_filename(self):
        today = timezone.localdate().isoformat()
        for extension in ("csv", "json"):
            response = self.client.get(f"/victims/export.{extension}")
            self.assertEqual(
                response["Content-Disposition"], f'attachment; filename="victims-{today}.{extension}"'
            )

    def test_drafts_in_review_and_withdrawn_victims_are_never_exported(self):
        make_victim("Ali Rezaei")
        for status in UNPUBLISHED:
            make_victim(f"Hidden {status}", status=status)
        self.assertEqual(
            [r["name_en"] for r in csv_rows(self.client.get("/victims/export.csv"))], ["Ali Rezaei"]
        )
        self.assertEqual(
            [r["name_en"] for r in json_rows(self.client.get("/victims/export.json"))], ["Ali Rezaei"]
        )

    def test_staff_too_export_only_published_victims(self):
        make_victim("Ali Rezaei")
        make_victim("Draft Person", status=Status.DRAFT)
        self.client.force_login(self.editor)
        self.assertEqual(
            [r["name_en"] for r in csv_rows(self.client.get("/victims/export.csv"))], ["Ali Rezaei"]
        )

    def test_a_filtered_export_has_exactly_the_filtered_published_rows(self):
        held = make_victim("Held In Evin", gender=Gender.FEMALE, death_text="1988")
        held.prisons.add(self.evin)
        held.events.add(self.massacre)
        died = make_victim("Died In Tehran", gender=Gender.FEMALE, death_place=self.tehran, death_text="1988")
        died.events.add(self.massacre)
        male = make_victim("Male In Evin", gender=Gender.MALE, death_place=self.evin, death_text="1988")
        male.events.add(self.massacre)
        elsewhere = make_victim("Died In Mashhad", gender=Gender.FEMALE, death_place=self.mashhad)
        elsewhere.events.add(self.massacre)
        later = make_victim("Killed In 2019", gender=Gender.FEMALE, death_place=self.evin, death_text="2019")
        later.events.add(self.massacre)
        draft = make_victim("Draft In Evin", gender=Gender.FEMALE, death_place=self.evin, status=Status.DRAFT)
        draft.events.add(self.massacre)
        query = "?event=1988-prison-massacre&place=tehran&gender=female&year_from=1987&year_to=1989"
        expected = {"Held In Evin", "Died In Tehran"}
        self.assertEqual(
            {r["name_en"] for r in csv_rows(self.client.get("/victims/export.csv" + query))}, expected
        )
        self.assertEqual(
            {r["name_en"] for r in json_rows(self.client.get("/victims/export.json" + query))}, expected
        )
        # The same rows as the list shows for the same query string.
        page = self.client.get("/victims/" + query)
        self.assertEqual({v.name_en for v in page.context["page"].object_list}, expected)

    def test_a_victim_held_in_two_prisons_of_a_filtered_place_is_exported_once(self):
        qezel = Place.objects.create(
            name_en="Qezel Hesar", kind=PlaceKind.PRISON, parent=self.tehran, status=Status.PUBLISHED
        )
        make_victim("Ali Rezaei", death_place=self.evin).prisons.add(self.evin, qezel)
        rows = csv_rows(self.client.get("/victims/export.csv?place=tehran"))
        self.assertEqual([r["name_en"] for r in rows], ["Ali Rezaei"])
        self.assertEqual(rows[0]["prisons"], "Evin Prison | Qezel Hesar")

    def test_the_name_filter_and_the_page_number_are_taken_like_the_list(self):
        make_victim("Ali Rezaei")
        make_victim("Maryam Ahmadi")
        rows = json_rows(self.client.get("/victims/export.json?q=Rezaei&page=7"))
        self.assertEqual([r["name_en"] for r in rows], ["Ali Rezaei"])

    def test_invalid_filters_are_a_400_that_says_what_is_wrong(self):
        response = self.client.get("/victims/export.csv?gender=robot&year_from=abc")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(response.streaming)
        self.assertContains(response, "gender: Select a valid choice.", status_code=400)
        self.assertContains(response, "year_from: Enter a whole number.", status_code=400)
        response = self.client.get("/victims/export.json?event=no-such-event")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()["errors"]), ["event"])

    def test_a_draft_event_cannot_be_used_as_a_filter(self):
        Event.objects.create(name_en="Secret Operation", status=Status.DRAFT)
        self.assertEqual(self.client.get("/victims/export.csv?event=secret-operation").status_code, 400)

    def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(self):
        dangerous = ['=HYPERLINK("http://evil")', "+98 21 1234", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"]
        for n, text in enumerate(dangerous):
            victim = make_victim(f"Victim {n}", occupation=text)
            VictimName.objects.create(victim=victim, name=text)
        rows = csv_rows(self.client.get("/victims/export.csv"))
        self.assertEqual(len(rows), len(dangerous))
        for row, text in zip(rows, dangerous, strict=True):
            self.assertEqual(row["occupation"], "'" + text)
            self.assertEqual(row["variants"], "'" + text)
        # JSON is data, not a spreadsheet: the text is given as it is.
        self.assertEqual(
            {r["occupation"] for r in json_rows(self.client.get("/victims/export.json"))}, set(dangerous)
        )

    def test_numbers_are_not_neutralised(self):
        make_victim("Ali Rezaei", age_at_death=19)
        [row] = csv_rows(self.client.get("/victims/export.csv"))
        self.assertEqual(row["age_at_death"], "19")

    def test_unpublished_places_and_events_are_not_named(self):
        secret_place = Place.objects.create(name_en="Unlisted Site", kind=PlaceKind.PRISON)
        secret_event = Event.objects.create(name_en="Secret Operation", status=Status.DRAFT)
        victim = make_victim("Ali Rezaei", death_place=secret_place, burial_place=secret_place)
        victim.prisons.add(secret_place, self.evin)
        victim.events.add(secret_event, self.massacre)
        body = streamed(self.client.get("/victims/export.csv")).decode()
        self.assertNotIn("Unlisted Site", body)
        self.assertNotIn("Secret Operation", body)
        [row] = json_rows(self.client.get("/victims/export.json"))
        self.assertEqual(row["prisons"], ["Evin Prison"])
        self.assertEqual(row["events"], ["1988 prison massacre"])
        self.assertEqual(row["death_place"], "")

    def test_the_citation_count_counts_only_citations_of_published_sources(self):
        victim = make_victim("Ali Rezaei")
        other = make_victim("Maryam Ahmadi")
        self.cite(victim, self.report, claim="death")
        self.cite(victim, self.report, claim="name")
        self.cite(victim, self.make_source("Unreleased report", status=Status.DRAFT))
        self.cite(other, self.report)
        rows = {r["name_en"]: r["citations"] for r in json_rows(self.client.get("/victims/export.json"))}
        self.assertEqual(rows, {"Ali Rezaei": 2, "Maryam Ahmadi": 1})

    def test_sample_records_are_marked(self):
        victim = make_victim("Sample Person")
        type(victim).objects.filter(pk=victim.pk).update(is_sample=True)
        [row] = csv_rows(self.client.get("/victims/export.csv"))
        self.assertEqual(row["is_sample"], "true")

    def test_the_persian_export_links_to_persian_pages_and_names_places_in_persian(self):
        victim = make_victim("Ali Rezaei", "علی رضایی", death_place=self.evin)
        victim.events.add(self.massacre)
        response = self.client.get("/fa/victims/export.csv")
        self.assertEqual(response.status_code, 200)
        [row] = csv_rows(response)
        self.assertEqual(row["url"], f"{SITE}/fa/victims/ali-rezaei/")
        self.assertEqual(row["death_place"], "زندان اوین")
        self.assertEqual(row["events"], "کشتار ۶۷")
        self.assertEqual(row["name_en"], "Ali Rezaei")  # both scripts in every language
        [row] = json_rows(self.client.get("/fa/victims/export.json?event=1988-prison-massacre"))
        self.assertEqual(row["name_fa"], "علی رضایی")

    def test_it_is_streamed_in_a_fixed_number_of_queries_however_many_rows(self):
        def export_all():
            for path in ("/victims/export.csv", "/victims/export.json"):
                streamed(self.client.get(path))

        def add_victims(start, count):
            for n in range(start, start + count):
                victim = make_victim(f"Victim {n}", death_place=self.evin)
                victim.events.add(self.massacre, self.aban)
                victim.prisons.add(self.evin)
                VictimName.objects.create(victim=victim, name=f"Variant {n}")
                self.cite(victim, self.report)

        add_victims(0, 2)
        export_all()
        # per format: the victims (with places and citation counts joined), then one query each for
        # their variants, events and prisons per chunk of rows
        with self.assertNumQueries(8):
            export_all()
        add_victims(2, 10)
        with self.assertNumQueries(8):
            export_all()

    def test_a_filtered_export_is_streamed_in_a_fixed_number_of_queries_too(self):
        make_victim("Victim", death_place=self.evin, death_text="1988").events.add(self.massacre)
        url = "/victims/export.csv?event=1988-prison-massacre&place=tehran&gender=&year_from=1900"
        streamed(self.client.get(url))
        # the chosen event, the chosen place and the places within it (one query), then the export's four
        with self.assertNumQueries(7):
            self.assertEqual(len(csv_rows(self.client.get(url))), 1)

    def test_the_list_links_to_its_exports_with_its_filters_but_not_its_page(self):
        make_victim("Ali Rezaei").events.add(self.massacre)
        response = self.client.get("/victims/?event=1988-prison-massacre&gender=male&page=2")
        self.assertContains(response, 'href="/victims/export.csv?event=1988-prison-massacre&amp;gender=male"')
        self.assertContains(
            response, 'href="/victims/export.json?event=1988-prison-massacre&amp;gender=male"'
        )
        response = self.client.get("/fa/victims/")
        self.assertContains(response, 'href="/fa/victims/export.csv?"')

    def test_an_unknown_format_is_not_found(self):
        self.assertEqual(self.client.get("/victims/export.xml", follow=True).status_code, 404)

    def test_it_refuses_post_put_and_delete(self):
        for method in (self.client.post, self.client.put, self.client.delete):
            self.assertEqual(method("/victims/export.csv").status_code, 405)


@override_settings(SITE_URL=SITE)
class PerpetratorExportTestCase(BaseTestCase):
    def setUp(self):
        self.tehran = Place.objects.create(
            name_en="Tehran", name_fa="تهران", kind=PlaceKind.CITY, status=Status.PUBLISHED
        )
        self.massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        self.commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            kind=OrganizationKind.COMMISSION,
            place=self.tehran,
            status=Status.PUBLISHED,
        )
        self.judiciary = Organization.objects.create(
            name_en="Judiciary", kind=OrganizationKind.JUDICIARY, status=Status.PUBLISHED
        )
        self.report = self.make_source()

    def seat(self, perpetrator, **fields):
        fields.setdefault("status", Status.PUBLISHED)
        return Position.objects.create(
            perpetrator=perpetrator,
            organization=self.commission,
            commission_role=CommissionRole.PROSECUTOR,
            title_en="Deputy prosecutor",
            place=self.tehran,
            event=self.massacre,
            during_text="summer 1367",
            during_calendar="solar_hijri",
            **fields,
        )

    def test_it_exports_published_perpetrators_with_their_public_positions(self):
        raisi = make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی", birth_text="1960")
        self.seat(raisi)
        Position.objects.create(
            perpetrator=raisi,
            organization=self.judiciary,
            title_en="Head of the Judiciary",
            start_text="2019",
            status=Status.PUBLISHED,
        )
        Position.objects.create(perpetrator=raisi, title_en="Secret Post", status=Status.DRAFT)
        self.cite(raisi, self.report)
        make_perpetrator("Draft Official", status=Status.DRAFT)
        [row] = csv_rows(self.client.get("/perpetrators/export.csv"))
        self.assertEqual(row["url"], f"{SITE}/perpetrators/ebrahim-raisi/")
        self.assertEqual(row["name_fa"], "ابراهیم رئیسی")
        self.assertEqual(row["birth_precision"], "year")
        self.assertEqual(
            row["positions"], "Deputy prosecutor, Tehran Death Commission | Head of the Judiciary"
        )
        self.assertEqual(row["organizations"], "Tehran Death Commission | Judiciary")
        self.assertEqual(row["places"], "Tehran")
        self.assertEqual(row["events"], "1988 prison massacre")
        self.assertEqual(row["commission"], "true")
        self.assertEqual(row["citations"], "1")

    def test_an_unpublished_organization_is_not_named(self):
        hidden = Organization.objects.create(name_en="Hidden Office", kind=OrganizationKind.OTHER)
        official = make_perpetrator("Official")
        Position.objects.create(
            perpetrator=official, organization=hidden, title_en="Adviser", status=Status.PUBLISHED
        )
        Position.objects.create(perpetrator=official, organization=hidden, status=Status.PUBLISHED)
        [row] = json_rows(self.client.get("/perpetrators/export.json"))
        self.assertEqual(row["positions"], ["Adviser"])
        self.assertEqual(row["organizations"], [])
        self.assertNotIn("Hidden Office", streamed(self.client.get("/perpetrators/export.csv")).decode())

    def test_a_filtered_export_has_exactly_the_filtered_published_rows(self):
        self.seat(make_perpetrator("Commission Member"))
        self.seat(make_perpetrator("Draft Seat Holder"), status=Status.DRAFT)
        self.seat(make_perpetrator("Draft Official", status=Status.DRAFT))
        make_perpetrator("Later Official")
        for query in (
            "?organization=tehran-death-commission",
            "?commission=on",
            "?event=1988-prison-massacre",
        ):
            with self.subTest(query=query):
                rows = csv_rows(self.client.get("/perpetrators/export.csv" + query))
                self.assertEqual([r["name_en"] for r in rows], ["Commission Member"])
        self.assertEqual(len(json_rows(self.client.get("/perpetrators/export.json"))), 3)

    def test_invalid_filters_are_a_400(self):
        self.assertEqual(self.client.get("/perpetrators/export.csv?organization=nowhere").status_code, 400)
        self.assertEqual(self.client.get("/fa/perpetrators/export.json?event=nothing").status_code, 400)

    def test_the_persian_export_gives_persian_addresses(self):
        make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی")
        [row] = json_rows(self.client.get("/fa/perpetrators/export.json"))
        self.assertEqual(row["url"], f"{SITE}/fa/perpetrators/ebrahim-raisi/")

    def test_it_is_streamed_in_a_fixed_number_of_queries_however_many_rows(self):
        def add(start, count):
            for n in range(start, start + count):
                perpetrator = make_perpetrator(f"Official {n}")
                self.seat(perpetrator)
                self.cite(perpetrator, self.report)

        add(0, 1)
        streamed(self.client.get("/perpetrators/export.csv"))
        # perpetrators, then their variants and their positions
        with self.assertNumQueries(3):
            streamed(self.client.get("/perpetrators/export.csv"))
        add(1, 8)
        with self.assertNumQueries(3):
            self.assertEqual(len(csv_rows(self.client.get("/perpetrators/export.csv"))), 9)

    def test_the_list_links_to_its_exports_and_the_popolo_document(self):
        response = self.client.get("/perpetrators/?commission=on")
        self.assertContains(response, 'href="/perpetrators/export.csv?commission=on"')
        self.assertContains(response, 'href="/perpetrators/export.json?commission=on"')
        self.assertContains(response, 'href="/perpetrators/popolo.json"')


@override_settings(SITE_URL=SITE)
class SourceExportTestCase(BaseTestCase):
    def test_a_filtered_export_has_exactly_the_filtered_published_rows(self):
        self.make_source("Report 1988", published_text="1988")
        self.make_source("Report 2019", published_text="2019")
        self.make_source("Testimony 1988", kind=SourceKind.TESTIMONY, published_text="1988")
        self.make_source("Draft report 1988", status=Status.DRAFT, published_text="1988")
        rows = csv_rows(self.client.get("/sources/export.csv?kind=report&year_from=1988&year_to=1990"))
        self.assertEqual([r["title_en"] for r in rows], ["Report 1988"])
        rows = json_rows(self.client.get("/sources/export.json"))
        self.assertEqual({r["title_en"] for r in rows}, {"Report 1988", "Report 2019", "Testimony 1988"})

    def test_it_exports_what_describes_the_document(self):
        source = self.make_source(
            "Blood-soaked secrets",
            title_fa="اسرار خون‌آلود",
            author="Amnesty International",
            published_text="4 December 2018",
            language="en",
            url="https://example.org/blood-soaked-secrets",
        )
        [row] = json_rows(self.client.get("/sources/export.json"))
        self.assertEqual(row["url"], f"{SITE}/sources/{source.slug}/")
        self.assertEqual(row["web_url"], "https://example.org/blood-soaked-secrets")
        self.assertEqual(row["published_earliest"], "2018-12-04")
        self.assertEqual(row["published_precision"], "day")
        self.assertEqual(row["kind"], "report")
        self.assertEqual(row["file_url"], "")

    def test_it_counts_the_public_claims_each_source_supports(self):
        source = self.make_source("Report")
        victim = make_victim("Ali Rezaei")
        self.cite(victim, source, claim="death")
        self.cite(victim, source, claim="name")
        self.cite(make_victim("Draft Person", status=Status.DRAFT), source)
        draft_perpetrator = make_perpetrator("Draft Official", status=Status.DRAFT)
        self.cite(draft_perpetrator, source)
        event = Event.objects.create(name_en="Draft event")
        self.cite(
            Estimate.objects.create(
                event=event, counted_en="x", count_text="1", count_low=1, estimated_by="y"
            ),
            source,
        )
        [row] = csv_rows(self.client.get("/sources/export.csv"))
        self.assertEqual(row["supports"], "2")
        self.assertEqual(row["citations"], "0")

    def test_it_is_streamed_in_a_fixed_number_of_queries_however_many_rows(self):
        self.make_source("Report 0")
        streamed(self.client.get("/sources/export.csv"))
        with self.assertNumQueries(1):
            streamed(self.client.get("/sources/export.csv"))
        for n in range(1, 10):
            self.cite(make_victim(f"Victim {n}"), self.make_source(f"Report {n}"))
        with self.assertNumQueries(1):
            self.assertEqual(len(csv_rows(self.client.get("/sources/export.csv"))), 10)

    def test_the_list_links_to_its_exports_with_its_filters(self):
        response = self.client.get("/sources/?kind=report&page=3")
        self.assertContains(response, 'href="/sources/export.csv?kind=report"')
        self.assertContains(response, 'href="/sources/export.json?kind=report"')

    def test_invalid_filters_are_a_400(self):
        response = self.client.get("/sources/export.json?year_from=1990&year_to=1980")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json()["errors"]["__all__"][0]["message"], "The first year is after the last year."
        )


@override_settings(SITE_URL=SITE)
class SourceCitationsExportTestCase(BaseTestCase):
    def setUp(self):
        self.source = self.make_source("Blood-soaked secrets", slug="blood-soaked-secrets")

    def test_it_lists_the_public_claims_the_source_supports(self):
        victim = make_victim("Ali Rezaei", "علی رضایی")
        citation = self.cite(victim, self.source, claim="death", locator="p. 112", quote="He was hanged.")
        raisi = make_perpetrator("Ebrahim Raisi")
        commission = Organization.objects.create(
            name_en="Tehran Death Commission", kind=OrganizationKind.COMMISSION, status=Status.PUBLISHED
        )
        seat = Position.objects.create(
            perpetrator=raisi, organization=commission, title_en="Deputy prosecutor", status=Status.PUBLISHED
        )
        self.cite(seat, self.source, claim="title")
        rows = csv_rows(self.client.get("/sources/blood-soaked-secrets/citations.csv"))
        self.assertEqual([r["record_type"] for r in rows], ["victim", "position"])
        first = rows[0]
        self.assertEqual(first["id"], str(citation.pk))
        self.assertEqual(first["record"], "Ali Rezaei")
        self.assertEqual(first["record_url"], f"{SITE}/victims/ali-rezaei/")
        self.assertEqual(first["claim"], "death")
        self.assertEqual(first["locator"], "p. 112")
        self.assertEqual(first["quote"], "He was hanged.")
        self.assertEqual(first["source_url"], f"{SITE}/sources/blood-soaked-secrets/#citation-{citation.pk}")
        self.assertEqual(rows[1]["record_url"], f"{SITE}/perpetrators/ebrahim-raisi/#position-{seat.pk}")

    def test_citations_of_unpublished_records_are_left_out(self):
        self.cite(make_victim("Draft Person", status=Status.DRAFT), self.source)
        hidden = make_perpetrator("Hidden Official", status=Status.DRAFT)
        self.cite(hidden, self.source)
        self.cite(
            Position.objects.create(perpetrator=hidden, title_en="Judge", status=Status.PUBLISHED),
            self.source,
        )
        official = make_perpetrator("Official")
        self.cite(
            Position.objects.create(perpetrator=official, title_en="Judge", status=Status.DRAFT), self.source
        )
        victim = make_victim("Ali Rezaei")
        self.cite(
            PerpetratorLink.objects.create(victim=victim, perpetrator=hidden, role=LinkRole.SENTENCED),
            self.source,
        )
        self.cite(Event.objects.create(name_en="Draft Event"), self.source)
        self.cite(Place.objects.create(name_en="Draft Place", kind=PlaceKind.CITY), self.source)
        self.cite(victim, self.source)
        rows = json_rows(self.client.get("/sources/blood-soaked-secrets/citations.json"))
        self.assertEqual([r["record"] for r in rows], ["Ali Rezaei"])

    def test_an_unpublished_source_has_no_citations_export(self):
        for status in UNPUBLISHED:
            self.make_source(f"Hidden {status}", slug=f"hidden-{status}", status=status)
            self.assertEqual(self.client.get(f"/sources/hidden-{status}/citations.csv").status_code, 404)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/sources/hidden-draft/citations.json").status_code, 404)

    def test_an_old_address_redirects_to_the_new_one(self):
        self.source.slug = "secrets"
        self.source.save()
        response = self.client.get("/sources/blood-soaked-secrets/citations.csv")
        self.assertRedirects(
            response, "/sources/secrets/citations.csv", status_code=301, target_status_code=200
        )

    def test_it_is_an_attachment_named_after_the_source(self):
        response = self.client.get("/fa/sources/blood-soaked-secrets/citations.json")
        today = timezone.localdate().isoformat()
        self.assertEqual(
            response["Content-Disposition"],
            f'attachment; filename="blood-soaked-secrets-citations-{today}.json"',
        )
        self.assertEqual(json.loads(streamed(response)), [])

    def test_the_source_page_links_to_it(self):
        self.cite(make_victim("Ali Rezaei"), self.source)
        response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertContains(response, 'href="/sources/blood-soaked-secrets/citations.csv"')
        self.assertContains(response, 'href="/sources/blood-soaked-secrets/citations.json"')

    def test_it_is_streamed_in_a_fixed_number_of_queries_however_many_rows(self):
        event = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)

        def add(n):
            self.cite(make_victim(f"Victim {n}"), self.source)
            self.cite(
                Estimate.objects.create(
                    event=event, counted_en="dead", count_text=str(n), count_low=n, estimated_by="JVMI"
                ),
                self.source,
            )

        add(1)
        streamed(self.client.get("/sources/blood-soaked-secrets/citations.csv"))
        # the source, the citations (with their record types and source), then the victims and the estimates
        with self.assertNumQueries(4):
            streamed(self.client.get("/sources/blood-soaked-secrets/citations.csv"))
        for n in range(2, 8):
            add(n)
        with self.assertNumQueries(4):
            self.assertEqual(
                len(csv_rows(self.client.get("/sources/blood-soaked-secrets/citations.csv"))), 14
            )


class ExportDatesTestCase(BaseTestCase):
    def test_dates_are_exported_as_iso_days(self):
        make_victim("Ali Rezaei", death_text="summer 1367", death_calendar="solar_hijri")
        [row] = json_rows(self.client.get("/victims/export.json"))
        self.assertEqual(row["death_precision"], "season")
        self.assertEqual(datetime.date.fromisoformat(row["death_earliest"]), datetime.date(1988, 6, 22))
        self.assertEqual(row["death_text"], "summer 1367")

    def test_the_sources_model_is_exported_in_stable_order(self):
        # Same ordering as the list: newest first, then title.
        Source.objects.create(
            title_en="B", kind=SourceKind.REPORT, status=Status.PUBLISHED, published_text="1990"
        )
        Source.objects.create(
            title_en="A", kind=SourceKind.REPORT, status=Status.PUBLISHED, published_text="2000"
        )
        rows = json_rows(self.client.get("/sources/export.json"))
        self.assertEqual([r["title_en"] for r in rows], ["A", "B"])


@override_settings(SITE_URL=SITE)
class SearchExportTestCase(BaseTestCase):
    def setUp(self):
        self.rezaei = make_victim("Ali Rezaei", "علی رضایی", gender=Gender.MALE)
        make_victim("Maryam Rezaei", gender=Gender.FEMALE)
        make_victim("Hidden Rezaei", status=Status.DRAFT)
        make_victim("Maryam Ahmadi")
        make_perpetrator("Mohsen Rezaei")
        make_perpetrator("Draft Rezaei", status=Status.DRAFT)
        self.make_source("Testimony of the Rezaei family")
        self.make_source("Unreleased Rezaei report", status=Status.DRAFT)

    def test_it_exports_the_published_victims_perpetrators_and_sources_of_a_search(self):
        rows = csv_rows(self.client.get("/search/export.csv?q=rezaei"))
        found = {(r["type"], r["name_en"] or r["title_en"]) for r in rows}
        self.assertEqual(
            found,
            {
                ("victims", "Ali Rezaei"),
                ("victims", "Maryam Rezaei"),
                ("perpetrators", "Mohsen Rezaei"),
                ("sources", "Testimony of the Rezaei family"),
            },
        )
        columns = list(rows[0])
        self.assertEqual(columns[:4], ["type", "id", "slug", "url"])
        self.assertIn("verification", columns)  # victims' columns
        self.assertIn("positions", columns)  # perpetrators'
        self.assertIn("supports", columns)  # sources'

    def test_staff_too_export_only_published_records(self):
        self.client.force_login(self.editor)
        text = streamed(self.client.get("/search/export.json?q=rezaei")).decode()
        self.assertNotIn("Hidden Rezaei", text)
        self.assertNotIn("Draft Rezaei", text)
        self.assertNotIn("Unreleased", text)

    def test_the_record_type_and_the_filters_are_respected(self):
        rows = json_rows(self.client.get("/search/export.json?q=rezaei&type=victims"))
        self.assertEqual({r["name_en"] for r in rows}, {"Ali Rezaei", "Maryam Rezaei"})
        self.assertEqual({r["type"] for r in rows}, {"victims"})
        self.assertNotIn("positions", rows[0])
        # A gender narrows victims and leaves out the perpetrators and sources it cannot apply to.
        rows = json_rows(self.client.get("/search/export.json?q=rezaei&gender=female"))
        self.assertEqual([(r["type"], r["name_en"]) for r in rows], [("victims", "Maryam Rezaei")])
        rows = csv_rows(self.client.get("/search/export.csv?q=rezaei&type=sources"))
        self.assertEqual([r["title_en"] for r in rows], ["Testimony of the Rezaei family"])
        self.assertEqual(list(rows[0])[:2], ["type", "id"])
        self.assertNotIn("verification", rows[0])

    def test_a_persian_query_with_arabic_letter_forms_finds_the_persian_name(self):
        rows = json_rows(self.client.get("/fa/search/export.json", {"q": "علي رضايي", "type": "victims"}))
        self.assertEqual([r["url"] for r in rows], [f"{SITE}/fa/victims/ali-rezaei/"])

    def test_a_missing_or_bad_query_or_filter_is_a_400(self):
        response = self.client.get("/search/export.json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()["errors"]), ["q"])
        self.assertEqual(self.client.get("/search/export.csv?q=" + "x" * 500).status_code, 400)
        self.assertEqual(self.client.get("/search/export.csv?q=rezaei&gender=robot").status_code, 400)
        self.assertEqual(self.client.get("/search/export.csv?q=rezaei&type=everything").status_code, 400)

    def test_it_is_a_streamed_attachment(self):
        response = self.client.get("/search/export.csv?q=rezaei")
        today = timezone.localdate().isoformat()
        self.assertEqual(response["Content-Disposition"], f'attachment; filename="search-{today}.csv"')
        self.assertEqual(len(csv_rows(response)), 4)

    def test_the_search_page_links_to_its_exports_with_its_filters(self):
        response = self.client.get("/search/?q=rezaei&type=victims&page=2")
        self.assertContains(response, 'href="/search/export.csv?q=rezaei&amp;type=victims"')
        self.assertContains(response, 'href="/search/export.json?q=rezaei&amp;type=victims"')
