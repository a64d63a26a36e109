"""A restricted source (testimony that could endanger a witness) is never public, even when published:
not its page, nor its citations, in any page, search, export, bag or API answer."""

from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.management import call_command

from archive.models import Status
from tests.base import BaseTestCase
from victims.models import Victim

SECRET = "Testimony of the cellmate"
QUOTE = "the guard's name was written on the wall"


class RestrictedSourceTests(BaseTestCase):
    def setUp(self):
        self.victim = Victim.objects.create(name_en="Ali Rezaei", status=Status.PUBLISHED)
        self.public = self.make_source("Amnesty report")
        self.cite(self.victim, self.public, claim="general", quote="An open quote.")
        self.secret = self.make_source(SECRET, restricted=True, slug="cellmate", summary_en="the cellmate")
        self.citation = self.cite(self.victim, self.secret, claim="general", quote=QUOTE)

    def assertHidden(self, response, status_code=200):
        self.assertNotContains(response, SECRET, status_code=status_code)
        self.assertNotContains(response, QUOTE, status_code=status_code)
        self.assertNotContains(response, "cellmate", status_code=status_code)

    def test_its_page_file_and_citations_are_not_found(self):
        for path in ("/sources/cellmate/", "/sources/cellmate/file/", "/sources/cellmate/cite.bib"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)
        self.assertEqual(self.client.get("/sources/cellmate/citations.csv").status_code, 404)

    def test_it_is_in_no_list_page_search_or_profile(self):
        for path in ("/sources/", "/", "/search/?q=Testimony", "/victims/ali-rezaei/"):
            with self.subTest(path=path):
                self.assertHidden(self.client.get(path))
        self.assertContains(self.client.get("/victims/ali-rezaei/"), "Amnesty report")

    def test_it_is_in_no_list_export(self):
        for path in (
            "/sources/export.csv",
            "/sources/export.json",
            "/victims/export.csv",
            "/search/export.json?q=Ali",
        ):
            with self.subTest(path=path):
                response = self.client.get(path)
                body = (
                    b"".join(response.streaming_content).decode()
                    if response.streaming
                    else response.content.decode()
                )
                self.assertNotIn(SECRET, body)
                self.assertNotIn(QUOTE, body)

    def test_it_is_not_in_the_api(self):
        for path in ("/api/v1/sources/", "/api/v1/citations/", "/api/v1/victims/ali-rezaei/"):
            with self.subTest(path=path):
                self.assertHidden(self.client.get(path))
        self.assertEqual(self.client.get("/api/v1/sources/cellmate/").status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/citations/{self.citation.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/citations/?source=cellmate").status_code, 400)

    def test_it_is_not_in_the_archive_dump_nor_the_bag(self):
        for command in ("export_archive", "export_bag"):
            with self.subTest(command=command):
                directory = Path(tempfile.mkdtemp()) / "out"
                call_command(command, str(directory), stdout=StringIO(), stderr=StringIO())
                text = "".join(
                    p.read_text(encoding="utf-8", errors="replace")
                    for p in directory.rglob("*")
                    if p.is_file()
                )
                self.assertIn("Amnesty report", text)
                self.assertNotIn(SECRET, text)
                self.assertNotIn(QUOTE, text)

    def test_an_editor_needs_the_permission_to_see_it(self):
        self.editor.user_permissions.remove(Permission.objects.get(codename="view_restricted_source"))
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/sources/cellmate/").status_code, 404)
        self.assertNotContains(self.client.get("/admin/archive/source/"), SECRET)
        self.assertEqual(self.client.get(f"/admin/archive/source/{self.secret.pk}/change/").status_code, 302)
        self.assertNotContains(self.client.get("/admin/archive/citation/"), QUOTE[:20])

    def test_an_editor_with_the_permission_sees_it(self):
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get("/sources/cellmate/"), SECRET)
        self.assertContains(self.client.get("/admin/archive/source/"), SECRET)
        # Even then, never on the public profile's footnotes.
        self.assertNotContains(self.client.get("/victims/ali-rezaei/"), QUOTE)

    def test_the_public_count_leaves_it_out(self):
        data = json.loads(self.client.get("/api/v1/sources/").content)
        self.assertEqual([row["title_en"] for row in data["results"]], ["Amnesty report"])
