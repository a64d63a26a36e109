"""Media on local disk: the same rules as on S3, with the editors' view sending the file itself."""

from __future__ import annotations

from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from archive.derivatives import PREVIEW, WEB, derivative_name
from archive.storage import LocalMediaStorage
from tests.base import BaseTestCase
from tests.files.images import jpeg
from victims.models import Victim, VictimPhoto

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class LocalMediaTests(BaseTestCase):
    def photo(self, data: bytes) -> VictimPhoto:
        victim = Victim.objects.create(name_en="Parvaneh Ahmadi", slug="parvaneh-ahmadi", status="published")
        with self.captureOnCommitCallbacks(execute=True):
            return VictimPhoto.objects.create(victim=victim, image=ContentFile(data, name="photo.jpg"))

    def test_the_media_store_is_the_archives_own(self):
        self.assertIsInstance(
            default_storage._wrapped if default_storage._wrapped else None, LocalMediaStorage
        )

    def test_an_editor_downloads_an_original_as_an_attachment(self):
        source = self.make_source(slug="report", file=ContentFile(PDF, name="report.pdf"), restricted=True)
        self.assertEqual(source.file.url, f"/originals/{source.file.name}")
        self.client.force_login(self.editor)
        response = self.client.get(source.file.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="report.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("no-store", response["Cache-Control"])

    def test_nobody_else_gets_an_original(self):
        source = self.make_source(slug="report", file=ContentFile(PDF, name="report.pdf"), restricted=True)
        photo = self.photo(jpeg(orientation=6))
        for name in (source.file.name, photo.image.name):
            with self.subTest(name):
                self.client.logout()
                self.assertEqual(self.client.get(f"/originals/{name}").status_code, 404)
                self.assertEqual(self.client.get(f"/media/{name}").status_code, 404)
        clerk = User.objects.create_user("clerk", is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="view_source"))
        self.client.force_login(clerk)
        self.assertEqual(self.client.get(f"/originals/{source.file.name}").status_code, 404)
        self.assertEqual(self.client.get(f"/originals/{photo.image.name}").status_code, 404)
        self.assertEqual(self.client.post(f"/originals/{source.file.name}").status_code, 405)

    def test_a_name_no_record_holds_is_not_found_even_for_editors(self):
        name = default_storage.save("sources/aa/stray.pdf", ContentFile(PDF))
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(f"/originals/{name}").status_code, 404)
        self.assertEqual(self.client.get("/originals/../settings.py").status_code, 404)

    def test_a_derivative_is_served_inline_with_its_type_and_nosniff(self):
        photo = self.photo(jpeg())
        self.assertEqual(photo.web_url, f"/media/{derivative_name(photo.sha256, WEB)}")
        response = self.client.get(photo.web_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertEqual(response["Content-Disposition"], 'inline; filename="web.jpg"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Cache-Control"], "public, max-age=86400")
        with default_storage.open(derivative_name(photo.sha256, WEB), "rb") as stored:
            self.assertEqual(b"".join(response.streaming_content), stored.read())
        self.assertEqual(self.client.post(photo.web_url).status_code, 405)

    def test_the_preview_of_a_source_the_visitor_may_not_see_is_not_there(self):
        # Its address holds the document's hash: it must not confirm to anyone with a copy that the archive
        # holds a restricted testimony or a draft.
        for slug, fields in (("testimony", {"restricted": True}), ("draft", {"status": "draft"})):
            with self.subTest(slug):
                pdf = PDF + slug.encode()
                source = self.make_source(slug=slug, file=ContentFile(pdf, name=f"{slug}.pdf"), **fields)
                preview = default_storage.save(
                    derivative_name(source.sha256, PREVIEW), ContentFile(b"\x89PNG")
                )
                self.client.logout()
                self.assertEqual(self.client.get(f"/media/{preview}").status_code, 404)
                self.client.force_login(self.editor)
                self.assertEqual(self.client.get(f"/media/{preview}").status_code, 200)
        public = self.make_source(slug="public", file=ContentFile(PDF, name="public.pdf"))
        preview = default_storage.save(derivative_name(public.sha256, PREVIEW), ContentFile(b"\x89PNG"))
        self.client.logout()
        self.assertEqual(self.client.get(f"/media/{preview}").status_code, 200)

    def test_a_taken_name_is_never_written_over(self):
        first = default_storage.save("sources/ab/taken.pdf", ContentFile(PDF))
        second = default_storage.save(first, ContentFile(b"%PDF-1.4 other"))
        self.assertNotEqual(first, second)
        with default_storage.open(first, "rb") as stored:
            self.assertEqual(stored.read(), PDF)
