"""The source document page and what cites it: /sources/<slug>/ and /fa/sources/<slug>/."""

from __future__ import annotations

import hashlib
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import (
    Estimate,
    Event,
    Organization,
    OrganizationKind,
    Place,
    PlaceKind,
    Source,
    Stance,
    Status,
)
from perpetrators.models import Perpetrator, Position
from tests.base import BaseTestCase
from victims.models import LinkRole, PerpetratorLink, Victim

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def gone(status) -> int:
    """Not found, except that a withdrawn record leaves a notice (tests/editorial/test_public_history.py)."""
    return 410 if status == Status.WITHDRAWN else 404


class SourceDetailTestCase(BaseTestCase):
    def setUp(self):
        self.source = self.make_source(
            "Blood-soaked secrets",
            title_fa="اسرار خون‌آلود",
            slug="blood-soaked-secrets",
            author="Amnesty International",
            published_text="4 December 2018",
            language="en",
            url="https://example.org/blood-soaked-secrets",
        )

    def test_it_shows_a_published_source_in_english(self):
        response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertContains(response, "<h1>Blood-soaked secrets</h1>")
        self.assertContains(response, "اسرار خون‌آلود")
        self.assertContains(response, "<dd>Amnesty International</dd>")
        self.assertContains(response, "<dd>4 December 2018</dd>")
        self.assertContains(
            response, 'href="https://example.org/blood-soaked-secrets" rel="noopener noreferrer nofollow"'
        )
        self.assertContains(response, "The archive does not hold a copy of this document.")
        self.assertContains(response, "No public record cites this source yet.")

    def test_it_shows_a_published_source_in_persian(self):
        response = self.client.get("/fa/sources/blood-soaked-secrets/")
        self.assertContains(response, "<h1>اسرار خون‌آلود</h1>")
        self.assertContains(response, "<dd>۱۳ آذر ۱۳۹۷</dd>")

    def test_it_shows_the_file_with_its_hash_size_and_type(self):
        content = b"%PDF-1.4 a report"
        self.make_source("Leaked list", slug="leaked-list", file=SimpleUploadedFile("list.pdf", content))
        response = self.client.get("/sources/leaked-list/")
        self.assertContains(response, "Download list.pdf")
        self.assertContains(response, f"<code>{hashlib.sha256(content).hexdigest()}</code>")
        self.assertContains(response, "17 bytes")
        self.assertContains(response, "application/pdf")

    def test_a_partisan_source_is_labelled(self):
        self.make_source("Tasnim interview", slug="tasnim-interview", stance=Stance.STATE)
        response = self.client.get("/sources/tasnim-interview/")
        self.assertContains(response, "Partisan source (Iranian state or state-affiliated).")

    def test_it_hides_drafts_in_review_and_withdrawn_sources_from_the_public(self):
        for status in UNPUBLISHED:
            with self.subTest(status=status):
                source = self.make_source(f"Hidden {status}", status=status)
                self.assertEqual(self.client.get(f"/sources/{source.slug}/").status_code, gone(status))
                self.assertEqual(self.client.get(f"/fa/sources/{source.slug}/").status_code, gone(status))

    def test_staff_see_a_draft_on_its_public_url_with_a_not_public_notice(self):
        self.make_source("Unchecked memo", slug="unchecked-memo", status=Status.DRAFT)
        for user in (self.editor, self.reviewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/sources/unchecked-memo/")
                self.assertContains(response, "<h1>Unchecked memo</h1>")
                self.assertContains(response, "Not public: this record is draft.")

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/sources/blood-soaked-secrets/").status_code, 405)
        self.assertEqual(self.client.put("/sources/blood-soaked-secrets/").status_code, 405)
        self.assertEqual(self.client.delete("/sources/blood-soaked-secrets/").status_code, 405)

    def test_it_lists_every_public_record_citing_it_with_the_quote(self):
        tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            kind=OrganizationKind.COMMISSION,
            place=tehran,
            status=Status.PUBLISHED,
        )
        victim = Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED)
        raisi = Perpetrator.objects.create(name_en="Ebrahim Raisi", status=Status.PUBLISHED)
        seat = Position.objects.create(
            perpetrator=raisi, organization=commission, title_en="Deputy prosecutor", status=Status.PUBLISHED
        )
        massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        estimate = Estimate.objects.create(
            event=massacre,
            counted_en="prisoners executed",
            count_text="about 5,000",
            count_low=5000,
            estimated_by="Amnesty International",
        )
        link = PerpetratorLink.objects.create(victim=victim, perpetrator=raisi, role=LinkRole.SENTENCED)
        cited = [
            (victim, "death", "Ali Rezaei was hanged.", "/victims/ali-rezaei/"),
            (raisi, "name", "Ebrahim Raisi, then deputy prosecutor.", "/perpetrators/ebrahim-raisi/"),
            (seat, "title", "He sat on the commission.", f"/perpetrators/ebrahim-raisi/#position-{seat.pk}"),
            (massacre, "start", "It began in late July.", "/events/1988-prison-massacre/"),
            (
                estimate,
                "count",
                "Some 5,000 were killed.",
                f"/events/1988-prison-massacre/#estimate-{estimate.pk}",
            ),
            (tehran, "name", "In Tehran.", "/places/tehran/"),
            (commission, "name", "The commission in Tehran.", "/places/tehran/"),
            (link, "general", "Raisi sentenced him.", f"/victims/ali-rezaei/#link-{link.pk}"),
        ]
        citations = [
            self.cite(record, self.source, claim=claim, quote=quote) for record, claim, quote, _ in cited
        ]
        response = self.client.get("/sources/blood-soaked-secrets/")
        for citation, (_record, _claim, quote, url) in zip(citations, cited, strict=True):
            with self.subTest(quote=quote):
                self.assertContains(response, f'<li id="citation-{citation.pk}">')
                self.assertContains(response, f'<a href="{url}">')
                self.assertContains(response, f"<blockquote>{quote}</blockquote>")

    def test_it_shows_the_locator_and_the_claim_of_a_citation(self):
        victim = Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED)
        self.cite(victim, self.source, claim="death", locator="p. 112", quote="")
        response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertContains(
            response, '<a href="/victims/ali-rezaei/">Ali Rezaei</a> — date of death (p. 112)'
        )

    def test_it_links_citing_records_in_the_language_of_the_page(self):
        victim = Victim.objects.create(name_en="Ali Rezaei", name_fa="علی رضایی", status=Status.PUBLISHED)
        self.cite(victim, self.source)
        self.assertContains(
            self.client.get("/fa/sources/blood-soaked-secrets/"),
            '<a href="/fa/victims/ali-rezaei/">علی رضایی</a>',
        )

    def test_it_does_not_list_citations_from_records_the_public_cannot_see(self):
        raisi = Perpetrator.objects.create(name_en="Ebrahim Raisi", status=Status.PUBLISHED)
        hidden_official = Perpetrator.objects.create(name_en="Unconfirmed Official", status=Status.DRAFT)
        hidden_event = Event.objects.create(name_en="Unannounced Event", status=Status.IN_REVIEW)
        victim = Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED)
        for status in UNPUBLISHED:
            hidden_victim = Victim.objects.create(name_en=f"Hidden victim {status}", status=status)
            self.cite(hidden_victim, self.source, quote=f"Quote about a hidden victim {status}.")
        records = [
            # a draft post of a published official
            Position.objects.create(perpetrator=raisi, title_en="Unverified post", status=Status.DRAFT),
            # a published post of a draft official
            Position.objects.create(perpetrator=hidden_official, title_en="Member", status=Status.PUBLISHED),
            # an estimate of a draft event
            Estimate.objects.create(
                event=hidden_event, counted_en="dead", count_text="100", count_low=100, estimated_by="Someone"
            ),
            # a case link naming a draft official
            PerpetratorLink.objects.create(
                victim=victim, perpetrator=hidden_official, role=LinkRole.SENTENCED
            ),
        ]
        for record in records:
            self.cite(record, self.source, quote="Quote about a hidden record.")
        response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertContains(response, "No public record cites this source yet.")
        self.assertNotContains(response, "Quote about a hidden")
        self.assertNotContains(response, "Hidden victim")
        self.assertNotContains(response, "Unconfirmed Official")
        self.assertNotContains(response, "Unannounced Event")

    def test_it_does_not_list_a_case_link_to_a_draft_commission(self):
        # The victim's page does not show a link to an unpublished commission; neither does the source page.
        commission = Organization.objects.create(
            name_en="Secret Commission", kind=OrganizationKind.COMMISSION, status=Status.DRAFT
        )
        victim = Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED)
        link = PerpetratorLink.objects.create(
            victim=victim, organization=commission, role=LinkRole.COMMISSION
        )
        self.cite(link, self.source, quote="The commission decided his case.")
        response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertNotContains(response, "Secret Commission")
        self.assertNotContains(response, "The commission decided his case.")

    def test_it_does_not_name_a_draft_organization_through_a_post_known_only_by_it(self):
        raisi = Perpetrator.objects.create(name_en="Ebrahim Raisi", status=Status.PUBLISHED)
        secret = Organization.objects.create(
            name_en="Unlisted Security Council", kind=OrganizationKind.SECURITY
        )
        post = Position.objects.create(perpetrator=raisi, organization=secret, status=Status.PUBLISHED)
        self.cite(post, self.source, quote="He was a member.")
        self.assertNotContains(self.client.get("/sources/blood-soaked-secrets/"), "Unlisted Security Council")

    def test_staff_see_citations_from_draft_records(self):
        hidden_victim = Victim.objects.create(name_en="Unverified Person", status=Status.DRAFT)
        self.cite(hidden_victim, self.source, quote="Quote about a draft victim.")
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/sources/blood-soaked-secrets/"), "Quote about a draft victim.")

    def test_a_sample_source_is_marked(self):
        Source.objects.filter(pk=self.source.pk).update(is_sample=True)
        self.assertContains(self.client.get("/sources/blood-soaked-secrets/"), "Sample record.")

    def test_an_old_slug_redirects_permanently_to_the_new_one(self):
        self.source.slug = "amnesty-2018"
        self.source.save()
        self.assertRedirects(
            self.client.get("/sources/blood-soaked-secrets/"), "/sources/amnesty-2018/", status_code=301
        )
        self.assertRedirects(
            self.client.get("/fa/sources/blood-soaked-secrets/"), "/fa/sources/amnesty-2018/", status_code=301
        )

    def test_it_makes_a_fixed_number_of_queries(self):
        self.cite(Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED), self.source)
        self.client.get("/sources/blood-soaked-secrets/")  # warm the content-type cache
        # source, citations with their content types, the victims they cite, how many citations in all
        with self.assertNumQueries(5):
            self.client.get("/sources/blood-soaked-secrets/")
        with self.assertNumQueries(5):
            self.client.get("/fa/sources/blood-soaked-secrets/")

    def test_its_query_count_does_not_grow_with_more_citations(self):
        organization = Organization.objects.create(
            name_en="Judiciary", kind=OrganizationKind.JUDICIARY, status=Status.PUBLISHED
        )

        def add(n):
            victim = Victim.objects.create(name_en=f"Victim {n}", status=Status.PUBLISHED)
            self.cite(victim, self.source, claim="death", quote=f"Quote {n}.")
            perpetrator = Perpetrator.objects.create(name_en=f"Official {n}", status=Status.PUBLISHED)
            post = Position.objects.create(
                perpetrator=perpetrator,
                organization=organization,
                title_en=f"Judge {n}",
                status=Status.PUBLISHED,
            )
            self.cite(post, self.source, claim="title", quote=f"Post {n}.")
            link = PerpetratorLink.objects.create(
                victim=victim, perpetrator=perpetrator, role=LinkRole.SENTENCED
            )
            self.cite(link, self.source, quote=f"Link {n}.")

        add(0)
        self.client.get("/sources/blood-soaked-secrets/")
        # source, citations with their content types, then one query per kind of record cited, and the count
        with self.assertNumQueries(7):
            self.client.get("/sources/blood-soaked-secrets/")
        for n in range(1, 5):
            add(n)
        with self.assertNumQueries(7):
            response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertContains(response, "Quote 4.")
        self.assertContains(response, "Link 4.")

    def test_it_lists_the_first_citations_and_says_how_many_there_are(self):
        for name in ("Ali Rezaei", "Reza Alavi", "Maryam Karimi"):
            self.cite(Victim.objects.create(name_en=name, status=Status.PUBLISHED), self.source)
        # A citation of a draft is not public, and is not counted either.
        self.cite(Victim.objects.create(name_en="Draft Person", status=Status.DRAFT), self.source)
        with mock.patch("archive.views.sources.CITATIONS_SHOWN", 2):
            response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertContains(response, "3 claims cite this source; the first 2 are listed here.")
        self.assertContains(response, "Ali Rezaei")
        self.assertContains(response, "Reza Alavi")
        self.assertNotContains(response, "Maryam Karimi")
        self.assertNotContains(response, "Draft Person")
        with mock.patch("archive.views.sources.CITATIONS_SHOWN", 3):
            response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertContains(response, "Maryam Karimi")
        self.assertNotContains(response, "claims cite this source")
