"""A kept page is dropped the moment what it shows changes, by whatever path: publishing, withdrawing,
editing a citation, a source's status, a merge, an import; in every server process at once.

These tests commit (TransactionTestCase), as production does: a change is seen by the other server
processes, and the kept pages dropped, when its transaction commits. A page is known to come from the
cache when it took one query (the generation) and no more.
"""

from __future__ import annotations

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, SimpleTestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from archive.models import Citation, Source, SourceKind, Status
from editorial.merging import merge
from tests.base import VerifiedClient
from tests.page_cache.support import KeptOrMade
from victims.models import Victim


@override_settings(PAGE_CACHE_SECONDS=600)  # whatever the environment says
class KeptPagesTestCase(KeptOrMade, TransactionTestCase):
    def setUp(self):
        caches["pages"].clear()
        self.addCleanup(caches["pages"].clear)
        self.reviewer = User.objects.create_superuser("reviewer", "reviewer@example.org", "reviewer-password")
        self.staff = VerifiedClient()
        self.staff.force_login(self.reviewer)
        self.client = Client()
        self.source = Source.objects.create(
            slug="report",
            title_en="Report on the 1988 massacre",
            kind=SourceKind.REPORT,
            status=Status.PUBLISHED,
        )

    def victim(self, name: str, status=Status.PUBLISHED, quote="He was taken to Evin in 1988.") -> Victim:
        victim = Victim.objects.create(name_en=name, status=status)
        Citation.objects.create(record=victim, source=self.source, claim="general", quote=quote)
        return victim

    def get(self, url: str, client: Client | None = None, **headers):
        with CaptureQueriesContext(connection) as queries:
            response = (client or self.client).get(url, headers=headers)
        response.queries = len(queries)
        return response

    def admin_action(self, action: str, records, **more):
        data = {"action": action, "_selected_action": [str(r.pk) for r in records], **more}
        response = self.staff.post("/admin/victims/victim/", data, follow=True)
        self.assertEqual(response.status_code, 200)
        return response


class InvalidationTests(KeptPagesTestCase):
    def test_a_page_is_made_once_then_served_kept(self):
        self.victim("Ali Rezaei")
        first = self.get("/victims/")
        self.assertMade(first)
        again = self.get("/victims/")
        self.assertKept(again)
        self.assertEqual(again.content, first.content)
        self.assertContains(again, "Ali Rezaei")

    def test_publishing_with_the_admin_action_shows_the_record_at_once(self):
        draft = self.victim("Ali Rezaei", status=Status.DRAFT)
        self.get("/victims/")
        self.assertNotContains(self.get("/victims/"), "Ali Rezaei")  # kept, without the draft
        self.assertEqual(self.get("/victims/ali-rezaei/").status_code, 404)

        self.admin_action("mark_published", [draft])

        listed = self.get("/victims/")
        self.assertMade(listed)
        self.assertContains(listed, "Ali Rezaei")
        self.assertContains(self.get("/victims/ali-rezaei/"), "Ali Rezaei")
        self.assertContains(self.get("/"), "Ali Rezaei")

    def test_withdrawing_takes_the_record_off_every_kept_page(self):
        victim = self.victim("Ali Rezaei")
        for url in ("/victims/", "/fa/victims/", "/api/v1/victims/"):
            self.get(url)
            self.assertKept(self.get(url))
        self.assertContains(self.get("/victims/ali-rezaei/"), "He was taken to Evin")

        self.admin_action("mark_withdrawn", [victim], change_reason="Identity in doubt.")

        for url in ("/victims/", "/fa/victims/", "/api/v1/victims/"):
            with self.subTest(url=url):
                self.assertNotContains(self.get(url), "Ali Rezaei")
        self.assertNotContains(self.get("/victims/ali-rezaei/"), "He was taken to Evin", status_code=410)

    def test_editing_a_citation_changes_the_record_page(self):
        self.victim("Ali Rezaei", quote="He was taken to Evin in 1988.")
        self.get("/victims/ali-rezaei/")
        self.assertKept(self.get("/victims/ali-rezaei/"))
        citation = Citation.objects.get()
        citation.quote = "He was taken to Gohardasht in 1988."
        citation.save()
        self.assertContains(self.get("/victims/ali-rezaei/"), "Gohardasht")

    def test_a_source_withdrawn_by_a_bulk_update_leaves_the_list(self):
        self.get("/sources/")
        self.assertContains(self.get("/sources/"), "Report on the 1988 massacre")
        Source.objects.filter(pk=self.source.pk).update(status=Status.WITHDRAWN)  # no signal at all
        self.assertNotContains(self.get("/sources/"), "Report on the 1988 massacre")

    def test_a_merge_sends_the_duplicate_to_the_kept_record(self):
        kept, duplicate = self.victim("Ali Rezaei"), self.victim("Ali Rezayi")
        self.get("/victims/ali-rezayi/")
        self.assertKept(self.get("/victims/ali-rezayi/"))
        merge(kept, duplicate, user=self.reviewer, reason="The same man.")
        response = self.get("/victims/ali-rezayi/")
        self.assertRedirects(response, "/victims/ali-rezaei/", status_code=301, fetch_redirect_response=False)

    def import_source(self, author: str) -> None:
        folder = Path(tempfile.mkdtemp(prefix="archive-page-cache-"))
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "sources.csv"
        path.write_text(
            "external_id,title_en,kind,author,published_text,published_calendar,language,url\n"
            f"s1,Example report (fictional),report,{author},December 2020,gregorian,en,https://example.org/r\n"
        )
        command = ["import_sources", str(path), "--user", "reviewer", "--reason", "A corrected list."]
        call_command(*command, stdout=StringIO(), stderr=StringIO())

    def test_a_reimport_shows_what_it_changed(self):
        self.import_source("Example Group")
        source = Source.objects.get(title_en="Example report (fictional)")
        Source.objects.filter(pk=source.pk).update(status=Status.PUBLISHED)  # as a reviewer would
        url = f"/sources/{source.slug}/"
        self.get(url)
        self.assertContains(self.get(url), "Example Group")
        self.import_source("Another Group")
        page = self.get(url)
        self.assertMade(page)
        self.assertContains(page, "Another Group")

    def test_a_change_in_one_server_process_reaches_the_pages_another_keeps(self):
        """Each process has its own local-memory cache (no Redis): the generation is in the database."""

        def process(name):
            return override_settings(
                CACHES={**settings.CACHES, "pages": {**settings.CACHES["pages"], "LOCATION": name}}
            )

        draft = self.victim("Ali Rezaei", status=Status.DRAFT)
        for name in ("process-a", "process-b"):
            with process(name):
                self.assertMade(self.get("/victims/"))
        with process("process-b"):
            self.assertKept(self.get("/victims/"))
        with process("process-a"):
            self.admin_action("mark_published", [draft])
        with process("process-b"):
            page = self.get("/victims/")
            self.assertMade(page)
            self.assertContains(page, "Ali Rezaei")

    def test_staff_always_get_a_fresh_page_never_kept(self):
        self.victim("Ali Rezaei")
        self.get("/victims/")
        self.assertKept(self.get("/victims/"))
        staff_page = self.get("/victims/", client=self.staff)
        self.assertMade(staff_page)
        self.assertEqual(staff_page["Cache-Control"], "private, no-cache")
        self.assertMade(self.get("/victims/", client=self.staff))

    def test_raw_sql_through_django_drops_the_kept_pages_too(self):
        self.get("/sources/")
        self.assertContains(self.get("/sources/"), "Report on the 1988 massacre")
        with connection.cursor() as cursor:
            cursor.execute("update archive_source set title_en = %s", ["A renamed report"])
        self.assertContains(self.get("/sources/"), "A renamed report")


class StatementTests(SimpleTestCase):
    def test_writes_to_the_pages_tables_are_recognised_and_nothing_else(self):
        from archive.page_cache import _writes_to_watched_tables

        for sql in (
            'INSERT INTO "victims_victim" ("name_en") VALUES (%s)',
            'INSERT OR IGNORE INTO "victims_victim_events" ("victim_id", "event_id") VALUES (1, 2)',
            'UPDATE "archive_source" SET "status" = %s',
            "  delete from archive_citation where id = 1",
            'TRUNCATE "auth_user", "perpetrators_perpetrator" RESTART IDENTITY CASCADE;',
        ):
            with self.subTest(sql=sql):
                self.assertTrue(_writes_to_watched_tables(sql))
        for sql in (
            'SELECT "victims_victim"."id" FROM "victims_victim"',
            'UPDATE "django_session" SET "expire_date" = %s',
            'INSERT INTO "submissions_submission" ("text") VALUES (%s)',
            'INSERT INTO "editorial_historyentry" ("data") VALUES (%s)',
            'UPDATE "archive_pagegeneration" SET "token" = %s',
            'TRUNCATE "django_session"',
        ):
            with self.subTest(sql=sql):
                self.assertFalse(_writes_to_watched_tables(sql))
