"""Source documents in the admin: the file's facts are recorded, shown, and never edited by hand."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Source
from tests.admin.support import form_data
from tests.base import BaseTestCase
from tests.documents.pdf import pdf_with_pages
from victims.models import Victim

PDF = pdf_with_pages("A report on the 1988 massacre")


class SourceAdminTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def add_source(self, **fields):
        data = form_data(self.client.get("/admin/archive/source/add/"))
        data.update({"title_en": "Amnesty International: Blood-soaked secrets", "kind": "report", **fields})
        return self.client.post("/admin/archive/source/add/", data)

    def test_an_uploaded_file_gets_its_hash_size_and_type(self):
        response = self.add_source(file=SimpleUploadedFile("blood-soaked secrets.pdf", PDF))
        self.assertEqual(response.status_code, 302)
        source = Source.objects.get()
        self.assertEqual(
            (source.sha256, source.size, source.media_type, source.original_filename),
            (hashlib.sha256(PDF).hexdigest(), len(PDF), "application/pdf", "blood-soaked secrets.pdf"),
        )

    def test_the_file_facts_are_shown_but_not_editable(self):
        self.add_source(file=SimpleUploadedFile("report.pdf", PDF))
        source = Source.objects.get()
        response = self.client.get(f"/admin/archive/source/{source.pk}/change/")
        self.assertContains(response, source.sha256)
        form = response.context["adminform"].form
        for name in ("sha256", "size", "media_type", "original_filename", "is_sample", "file"):
            with self.subTest(field=name):
                self.assertNotIn(name, form.fields)

    def test_posted_file_facts_are_ignored(self):
        self.add_source(sha256="0" * 64, size="1", media_type="text/html")
        source = Source.objects.get()
        self.assertEqual((source.sha256, source.size, source.media_type), ("", None, ""))

    def test_an_attached_file_is_not_replaced(self):
        self.add_source(file=SimpleUploadedFile("report.pdf", PDF))
        source = Source.objects.get()
        url = f"/admin/archive/source/{source.pk}/change/"
        data = form_data(self.client.get(url))
        self.client.post(
            url, {**data, "file": SimpleUploadedFile("other.pdf", pdf_with_pages("Something else"))}
        )
        source.refresh_from_db()
        self.assertEqual(source.sha256, hashlib.sha256(PDF).hexdigest())

    def test_the_source_page_says_how_often_it_is_cited(self):
        source = self.make_source()
        self.cite(Victim.objects.create(name_en="Parvaneh Ahmadi"), source)
        response = self.client.get(f"/admin/archive/source/{source.pk}/change/")
        self.assertContains(
            response, f'/admin/archive/citation/?source__id__exact={source.pk}">1 citation</a>'
        )
        self.assertEqual(
            self.client.get(f"/admin/archive/citation/?source__id__exact={source.pk}").status_code, 200
        )

    def test_sources_are_found_by_author_and_persian_title(self):
        source = self.make_source(title_fa="گزارش کشتار ۶۷", author="Geoffrey Robertson")
        self.make_source(title="Another report")
        for query in ("Robertson", "کشتار"):
            with self.subTest(query=query):
                response = self.client.get("/admin/archive/source/", {"q": query})
                self.assertEqual(list(response.context["cl"].result_list), [source])

    def test_sources_are_offered_to_the_citation_picker(self):
        source = self.make_source(title="Blood-soaked secrets")
        # The citation inline's picker asks on behalf of the citation's own "source" field.
        response = self.client.get(
            "/admin/autocomplete/",
            {"term": "blood", "app_label": "archive", "model_name": "citation", "field_name": "source"},
        )
        self.assertEqual([result["id"] for result in response.json()["results"]], [str(source.pk)])
