"""The source documents list and its filters: /sources/ and /fa/sources/."""

from __future__ import annotations

from django.test import override_settings

from archive.models import SourceKind, Stance, Status
from tests.base import BaseTestCase

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


class SourceListTestCase(BaseTestCase):
    def test_it_lists_published_sources_in_english(self):
        self.make_source(
            "Blood-soaked secrets",
            title_fa="اسرار خون‌آلود",
            author="Amnesty International",
            published_text="4 December 2018",
            slug="blood-soaked-secrets",
        )
        response = self.client.get("/sources/")
        self.assertContains(
            response,
            '<a href="/sources/blood-soaked-secrets/"><span class="name">Blood-soaked secrets</span></a>',
        )
        self.assertContains(response, "report · Amnesty International · 4 December 2018")

    def test_it_lists_published_sources_in_persian(self):
        self.make_source(
            "Blood-soaked secrets",
            title_fa="اسرار خون‌آلود",
            published_text="4 December 2018",
            slug="blood-soaked-secrets",
        )
        response = self.client.get("/fa/sources/")
        self.assertContains(
            response,
            '<a href="/fa/sources/blood-soaked-secrets/"><span class="name">اسرار خون‌آلود</span></a>',
        )
        self.assertContains(response, "۱۳ آذر ۱۳۹۷")

    def test_it_leaves_out_drafts_in_review_and_withdrawn_sources(self):
        self.make_source("Amnesty report")
        for status in UNPUBLISHED:
            self.make_source(f"Hidden source {status}", status=status)
        response = self.client.get("/sources/")
        self.assertContains(response, "Amnesty report")
        self.assertNotContains(response, "Hidden source")

    def test_staff_see_drafts_marked_as_such(self):
        self.make_source("Unchecked memo", status=Status.WITHDRAWN)
        self.client.force_login(self.editor)
        response = self.client.get("/sources/")
        self.assertContains(response, "Unchecked memo")
        self.assertContains(response, '<span class="badge badge-draft">withdrawn</span>')

    def test_partisan_and_sample_sources_are_marked(self):
        self.make_source("Tasnim interview", stance=Stance.STATE)
        sample = self.make_source("Sample report")
        type(sample).objects.filter(pk=sample.pk).update(is_sample=True)
        response = self.client.get("/sources/")
        self.assertContains(response, '<span class="badge badge-partisan">partisan source</span>', count=1)
        self.assertContains(response, '<span class="badge badge-sample">sample record</span>', count=1)

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/sources/").status_code, 405)
        self.assertEqual(self.client.put("/sources/").status_code, 405)
        self.assertEqual(self.client.delete("/sources/").status_code, 405)

    def test_it_filters_by_title_author_kind_and_stance(self):
        self.make_source("Blood-soaked secrets", author="Amnesty International")
        self.make_source("Tasnim interview", kind=SourceKind.INTERVIEW, stance=Stance.STATE)
        self.make_source("گزارش کشتار", kind=SourceKind.TESTIMONY)
        cases = [
            ({"q": "amnesty"}, "Blood-soaked secrets"),
            ({"q": "blood"}, "Blood-soaked secrets"),
            ({"q": "کشتار"}, "گزارش کشتار"),
            ({"kind": "interview"}, "Tasnim interview"),
            ({"stance": "state"}, "Tasnim interview"),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                response = self.client.get("/sources/", params)
                self.assertContains(response, '<span class="name">', count=1)
                self.assertContains(response, expected)

    def test_it_filters_by_a_year_range_that_overlaps_the_publication_date(self):
        self.make_source("From 1367", published_text="1367", published_calendar="solar_hijri")
        self.make_source("From 2016", published_text="August 2016")
        response = self.client.get("/sources/", {"year_from": "1989", "year_to": "2000"})
        self.assertContains(response, "From 1367")
        self.assertNotContains(response, "From 2016")

    def test_an_unknown_kind_is_a_bad_request_with_a_message(self):
        response = self.client.get("/sources/", {"kind": "poem"})
        self.assertContains(response, "Select a valid choice", status_code=400)

    @override_settings(PAGE_SIZE=2)
    def test_the_next_page_link_keeps_the_filters(self):
        for n in range(3):
            self.make_source(f"Testimony {n}", kind=SourceKind.TESTIMONY)
        self.make_source("Amnesty report")
        response = self.client.get("/sources/", {"kind": "testimony"})
        self.assertContains(response, '<a rel="next" href="?kind=testimony&amp;page=2">')
        response = self.client.get("/sources/", {"kind": "testimony", "page": "2"})
        self.assertContains(response, '<span class="name">', count=1)
        self.assertNotContains(response, "Amnesty report")

    def test_it_makes_a_fixed_number_of_queries(self):
        self.make_source("Amnesty report", published_text="2018")
        # count and page
        with self.assertNumQueries(2):
            self.client.get("/sources/")
        # with a search: the stored name words near the query (typo tolerance), then count and page
        with self.assertNumQueries(3):
            response = self.client.get("/fa/sources/?q=report&kind=report&stance=unknown&year_from=1900")
        self.assertContains(response, "Amnesty report")

    def test_its_query_count_does_not_grow_with_more_sources(self):
        self.make_source("Source 0")
        with self.assertNumQueries(2):
            self.client.get("/sources/")
        for n in range(1, 5):
            self.make_source(f"Source {n}", stance=Stance.OPPOSITION, published_text=str(2000 + n))
        with self.assertNumQueries(2):
            response = self.client.get("/sources/")
        self.assertContains(response, "Source 4")
