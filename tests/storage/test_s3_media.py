"""Media on S3, against a real S3-protocol server: originals named by their hash, never written over and
private; editors sent to short-lived signed links; public derivatives with their headers, in the bucket
and as served."""

from __future__ import annotations

import hashlib
import io
import tempfile
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings

from archive.derivatives import THUMBNAIL, WEB, derivative_name
from archive.models import Status
from tests.base import BaseTestCase
from tests.files.images import jpeg
from tests.storage.s3 import BUCKET, SIGNED_SECONDS, S3ServerMixin, media_storage
from victims.models import Victim, VictimPhoto

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OTHER_PDF = b"%PDF-1.4\n% another document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fetch(url: str) -> tuple[int, bytes, Message]:
    """GET a URL as a browser following a link would: status, body and headers."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


class S3MediaTests(S3ServerMixin, BaseTestCase):
    def source(self, data=PDF, name="report.pdf", **fields):
        fields.setdefault("slug", "report")
        return self.make_source(file=ContentFile(data, name=name), **fields)

    def photo(self, data: bytes) -> VictimPhoto:
        victim = Victim.objects.create(name_en="Parvaneh Ahmadi", slug="parvaneh-ahmadi", status="published")
        with self.captureOnCommitCallbacks(execute=True):
            return VictimPhoto.objects.create(victim=victim, image=ContentFile(data, name="photo.jpg"))

    def test_an_uploaded_original_is_stored_in_the_bucket_under_its_hash(self):
        source = self.source()
        sha256 = hashlib.sha256(PDF).hexdigest()
        self.assertEqual(source.sha256, sha256)
        self.assertEqual(source.file.name, f"sources/{sha256[:2]}/{sha256}.pdf")
        stored = self.object(source.file.name)
        self.assertEqual(stored["Body"].read(), PDF)
        self.assertEqual(stored["ContentType"], "application/pdf")
        self.assertEqual(stored["ContentDisposition"], "attachment")

    def test_the_same_bytes_uploaded_twice_are_one_object(self):
        first = self.source(name="report.pdf")
        second = self.source(name="copy of the report.PDF", slug="copy", title="A copy")
        self.assertEqual(first.file.name, second.file.name)
        self.assertEqual(self.keys("sources/"), [first.file.name])

    def test_a_taken_name_is_never_written_over(self):
        source = self.source()
        name = default_storage.save(source.file.name, ContentFile(OTHER_PDF))
        self.assertNotEqual(name, source.file.name)
        self.assertEqual(self.object(source.file.name)["Body"].read(), PDF)
        self.assertEqual(self.object(name)["Body"].read(), OTHER_PDF)

    def test_the_bucket_gives_nothing_without_a_signature(self):
        source = self.source()
        status, body, _headers = fetch(f"{self.endpoint}/{BUCKET}/{source.file.name}")
        self.assertEqual(status, 403)
        self.assertNotIn(PDF, body)

    def test_an_original_has_no_public_address(self):
        source = self.source()
        self.assertEqual(source.file.url, f"/originals/{source.file.name}")
        self.assertNotIn(self.endpoint, source.file.url)

    def test_an_editor_is_sent_to_a_short_lived_signed_link_that_downloads_the_file(self):
        source = self.source(name="گزارش.pdf")
        self.client.force_login(self.editor)
        response = self.client.get(f"/originals/{source.file.name}")
        self.assertEqual(response.status_code, 302)
        self.assertIn("no-store", response["Cache-Control"])
        link = response["Location"]
        self.assertTrue(link.startswith(f"{self.endpoint}/{BUCKET}/{source.file.name}?"), link)
        query = parse_qs(urlsplit(link).query)
        # moto does not refuse an expired link (S3 and MinIO do): what is checked is what the link asks for.
        self.assertEqual(query["X-Amz-Expires"], [str(SIGNED_SECONDS)])
        signed_at = time.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
        self.assertLess(abs(time.mktime(signed_at) - time.mktime(time.gmtime())), 120)
        self.assertIn("X-Amz-Signature", query)
        status, body, headers = fetch(link)
        self.assertEqual(status, 200)
        self.assertEqual(body, PDF)
        self.assertEqual(headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", headers["Content-Disposition"])
        self.assertIn("filename*=utf-8''%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4.pdf", headers["Content-Disposition"])

    def test_signed_links_carry_the_address_editors_reach_the_store_at(self):
        source = self.source()
        editors_endpoint = self.endpoint.replace("127.0.0.1", "localhost")
        storages = {"default": media_storage(self.endpoint, editor_endpoint_url=editors_endpoint)}
        self.client.force_login(self.editor)
        with override_settings(STORAGES=storages):
            response = self.client.get(f"/originals/{source.file.name}")
        self.assertTrue(
            response["Location"].startswith(f"{editors_endpoint}/{BUCKET}/"), response["Location"]
        )
        self.assertEqual(fetch(response["Location"])[:2], (200, PDF))

    def test_from_a_store_editors_cannot_reach_the_archive_sends_the_original_itself(self):
        source = self.source()
        storages = {"default": media_storage(self.endpoint, editor_endpoint_url=None)}
        self.client.force_login(self.editor)
        with override_settings(STORAGES=storages):
            response = self.client.get(f"/originals/{source.file.name}")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="report.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_the_public_and_staff_without_permission_get_no_link(self):
        source = self.source()
        path = f"/originals/{source.file.name}"
        response = self.client.get(path)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(response.has_header("Location"))
        self.assertNotContains(response, self.endpoint, status_code=404)
        clerk = User.objects.create_user("clerk", is_staff=True)
        self.client.force_login(clerk)
        self.assertEqual(self.client.get(path).status_code, 404)

    def test_a_restricted_sources_original_needs_the_permission(self):
        source = self.source(restricted=True)
        path = f"/originals/{source.file.name}"
        clerk = User.objects.create_user("clerk", is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="view_source"))
        self.client.force_login(clerk)
        self.assertEqual(self.client.get(path).status_code, 404)
        self.assertTrue(self.editor.has_perm("archive.view_restricted_source"))
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(path).status_code, 302)

    def test_a_draft_sources_original_reaches_editors_only(self):
        source = self.source(status=Status.DRAFT)
        self.assertEqual(self.client.get(f"/originals/{source.file.name}").status_code, 404)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(f"/originals/{source.file.name}").status_code, 302)

    def test_the_public_downloads_a_published_sources_file_from_the_site(self):
        self.source()
        response = self.client.get("/sources/report/file/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertIn('attachment; filename="report.pdf"', response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_a_photographs_derivatives_carry_their_headers_in_the_bucket_and_as_served(self):
        photo = self.photo(jpeg(orientation=6))
        for which in (WEB, THUMBNAIL):
            with self.subTest(which):
                key = derivative_name(photo.sha256, which)
                stored = self.object(key)
                self.assertEqual(stored["ContentType"], "image/jpeg")
                self.assertEqual(stored["ContentDisposition"], f'inline; filename="{which}"')
                self.assertEqual(stored["CacheControl"], "public, max-age=86400")
                url = photo.derivative_url(which)
                self.assertEqual(url, f"/media/{key}")
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "image/jpeg")
                self.assertEqual(response["Content-Disposition"], f'inline; filename="{which}"')
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(b"".join(response.streaming_content), stored["Body"].read())

    def test_a_photographs_original_is_private_and_reaches_editors_through_a_signed_link(self):
        data = jpeg(orientation=6)  # with a camera's GPS position
        photo = self.photo(data)
        self.assertEqual(self.client.get(photo.image.url).status_code, 404)
        self.assertEqual(self.client.get(f"/media/{photo.image.name}").status_code, 404)
        self.assertEqual(fetch(f"{self.endpoint}/{BUCKET}/{photo.image.name}")[0], 403)
        self.client.force_login(self.editor)
        response = self.client.get(photo.image.url)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(fetch(response["Location"])[:2], (200, data))

    def test_the_derivative_view_serves_only_derivatives(self):
        source = self.source()
        photo = self.photo(jpeg())
        for path in (
            f"/media/{source.file.name}",
            f"/media/derivatives/../{source.file.name}",
            f"/media/derivatives/{photo.sha256[:2]}/{photo.sha256}/../../../{photo.image.name}",
            f"/media/derivatives/00/{photo.sha256}/web.jpg",  # a shard that is not the hash's
            f"/media/derivatives/{'0' * 2}/{'0' * 64}/web.jpg",  # none stored
        ):
            with self.subTest(path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_a_backup_copies_the_buckets_originals_and_derivatives(self):
        source = self.source()
        photo = self.photo(jpeg())
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "backup"
            call_command("backup", output=str(folder), stdout=io.StringIO())
            for name in (source.file.name, photo.image.name, derivative_name(photo.sha256, WEB)):
                with self.subTest(name):
                    copy = (folder / "media" / name).read_bytes()
                    self.assertEqual(copy, self.object(name)["Body"].read())
