"""Citations are added on the page of the record they support, each for one of its claims."""

from __future__ import annotations

from archive.models import Citation, Estimate, Event
from perpetrators.models import Perpetrator
from tests.admin.support import form_data
from tests.base import BaseTestCase
from victims.models import Victim

PREFIX = "archive-citation-content_type-object_id"


class CitationInlineTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.source = self.make_source()
        self.victim = Victim.objects.create(name_en="Parvaneh Ahmadi", death_text="1988")
        self.url = f"/admin/victims/victim/{self.victim.pk}/change/"

    def post_citation(self, url, record=None, **citation):
        data = {**form_data(self.client.get(url)), **(record or {})}
        data.update({f"{PREFIX}-0-{name}": value for name, value in citation.items()})
        data.setdefault(f"{PREFIX}-0-source", str(self.source.pk))
        return self.client.post(url, data)

    def test_it_saves_a_citation_from_the_victim_page(self):
        response = self.post_citation(self.url, claim="death", locator="p. 112", quote="executed in Evin")
        self.assertRedirects(response, "/admin/victims/victim/")
        citation = self.victim.citations.get()
        self.assertEqual(
            (citation.claim, citation.source, citation.locator, citation.quote),
            ("death", self.source, "p. 112", "executed in Evin"),
        )

    def test_the_claims_offered_are_those_of_the_record(self):
        victim_page = self.client.get(self.url)
        self.assertContains(victim_page, '<option value="manner_of_death">')
        perpetrator = Perpetrator.objects.create(name_en="Hossein-Ali Nayyeri")
        perpetrator_page = self.client.get(f"/admin/perpetrators/perpetrator/{perpetrator.pk}/change/")
        self.assertContains(perpetrator_page, '<option value="biography">')
        self.assertNotContains(perpetrator_page, '<option value="manner_of_death">')

    def test_it_refuses_a_claim_the_record_does_not_make(self):
        response = self.post_citation(self.url, claim="death_toll", locator="p. 3")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Select a valid choice. death_toll is not one of the available choices."
        )
        self.assertFalse(Citation.objects.exists())

    def test_it_rejects_a_citation_without_locator_or_quote(self):
        response = self.post_citation(
            self.url,
            record={"name_en": "Parvaneh Ahmadi-Rad"},
            claim="death",
            locator="",
            quote="",
            note="Annex.",
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Give a locator (page, paragraph or timestamp) or a quote")
        self.assertFalse(Citation.objects.exists())
        self.victim.refresh_from_db()
        self.assertEqual(self.victim.name_en, "Parvaneh Ahmadi")

    def test_an_estimate_is_cited_on_its_own_page(self):
        event = Event.objects.create(name_en="1988 massacre")
        estimate = Estimate.objects.create(
            event=event, counted_en="executed", count_text="about 4,500", count_low=4500, estimated_by="JVMI"
        )
        url = f"/admin/archive/estimate/{estimate.pk}/change/"
        self.assertRedirects(
            self.post_citation(url, claim="count", locator="p. 9"), "/admin/archive/estimate/"
        )
        self.assertEqual(estimate.citations.get().claim, "count")

    def test_the_event_page_links_each_estimate_to_its_own_page(self):
        event = Event.objects.create(name_en="1988 massacre")
        estimate = Estimate.objects.create(
            event=event, counted_en="executed", count_text="about 4,500", count_low=4500, estimated_by="JVMI"
        )
        response = self.client.get(f"/admin/archive/event/{event.pk}/change/")
        self.assertContains(response, f"/admin/archive/estimate/{estimate.pk}/change/")


class CitationAdminTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)
        self.source = self.make_source()
        self.victim = Victim.objects.create(name_en="Parvaneh Ahmadi")
        self.citation = self.cite(self.victim, self.source, claim="name", locator="p. 4")

    def test_the_list_shows_the_record_and_the_claim_by_name(self):
        response = self.client.get("/admin/archive/citation/")
        self.assertContains(response, f"/admin/victims/victim/{self.victim.pk}/change/")
        self.assertContains(response, "Parvaneh Ahmadi")

    def test_a_citation_is_corrected_with_the_claims_of_its_record(self):
        url = f"/admin/archive/citation/{self.citation.pk}/change/"
        data = form_data(self.client.get(url))
        self.assertEqual(self.client.post(url, {**data, "claim": "burial"}).status_code, 302)
        self.citation.refresh_from_db()
        self.assertEqual(self.citation.claim, "burial")
        response = self.client.post(url, {**data, "claim": "death_toll"})
        self.assertContains(response, "Select a valid choice.")

    def test_citations_are_not_added_without_their_record(self):
        self.assertEqual(self.client.get("/admin/archive/citation/add/").status_code, 403)
