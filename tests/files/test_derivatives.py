"""Public derivatives: web copies and thumbnails re-encoded without metadata, PDF previews, and the pages
that show them instead of the original."""

from __future__ import annotations

import io
import shutil
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import ExifTags, ImageFile

from archive import derivatives
from archive.derivatives import DerivativeError, derivative_name
from archive.models import SourceKind
from perpetrators.models import Perpetrator, PerpetratorPhoto
from tests.base import BaseTestCase
from tests.documents.pdf import pdf_with_pages
from tests.files.images import decompression_bomb, jpeg, opened, png_with_alpha
from victims.models import Victim, VictimPhoto


def derivative(sha256: str, which: str) -> bytes:
    with default_storage.open(derivative_name(sha256, which), "rb") as stored:
        return stored.read()


def exists(sha256: str, which: str) -> bool:
    return default_storage.exists(derivative_name(sha256, which))


class ImageDerivativeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.victim = Victim.objects.create(
            name_en="Parvaneh Ahmadi", slug="parvaneh-ahmadi", status="published"
        )

    def photo(self, data: bytes) -> VictimPhoto:
        with self.captureOnCommitCallbacks(execute=True):
            return VictimPhoto.objects.create(victim=self.victim, image=ContentFile(data, name="photo.jpg"))

    def test_a_photo_gets_a_web_copy_and_a_thumbnail_no_larger_than_their_sizes(self):
        original = jpeg(2400, 1200, shade=10)
        photo = self.photo(original)
        web, thumbnail = (
            opened(derivative(photo.sha256, "web.jpg")),
            opened(derivative(photo.sha256, "thumb.jpg")),
        )
        self.assertEqual((web.format, web.size), ("JPEG", (1600, 800)))
        self.assertEqual((thumbnail.format, thumbnail.size), ("JPEG", (320, 160)))
        self.assertLess(len(derivative(photo.sha256, "thumb.jpg")), len(original))

    def test_derivatives_carry_no_metadata_and_stand_upright(self):
        original = jpeg(400, 200, shade=11, orientation=6)
        self.assertIn(ExifTags.GPS.GPSLatitude, opened(original).getexif().get_ifd(ExifTags.IFD.GPSInfo))
        photo = self.photo(original)
        for which in ("web.jpg", "thumb.jpg"):
            with self.subTest(derivative=which):
                data = derivative(photo.sha256, which)
                image = opened(data)
                self.assertEqual(len(image.getexif()), 0)
                self.assertNotIn("exif", image.info)
                self.assertNotIn("comment", image.info)
                self.assertNotIn(b"Camera", data)
                # Orientation 6: the camera was turned, so the wide picture is tall, its left half on top.
                self.assertGreater(image.height, image.width)
                top, bottom = (
                    image.getpixel((image.width // 2, 5)),
                    image.getpixel((image.width // 2, image.height - 5)),
                )
                self.assertGreater(top[0], 200)
                self.assertGreater(bottom[2], 200)

    def test_the_original_is_kept_untouched(self):
        original = jpeg(400, 200, shade=12, orientation=6)
        photo = self.photo(original)
        with photo.image.open("rb") as stored:
            self.assertEqual(stored.read(), original)

    def test_transparency_is_laid_on_white(self):
        photo = self.photo(png_with_alpha())
        self.assertEqual(opened(derivative(photo.sha256, "web.jpg")).getpixel((50, 50)), (255, 255, 255))

    def test_an_image_source_gets_a_web_copy_and_a_thumbnail(self):
        with self.captureOnCommitCallbacks(execute=True):
            source = self.make_source(
                kind=SourceKind.IMAGE, file=ContentFile(jpeg(shade=13), name="scan.jpg")
            )
        self.assertTrue(exists(source.sha256, "web.jpg"))
        self.assertTrue(exists(source.sha256, "thumb.jpg"))

    def test_a_decompression_bomb_is_refused_not_decoded(self):
        # Stored without the form's checks, as a script or an older upload could have done.
        with self.captureOnCommitCallbacks(execute=False):
            photo = VictimPhoto.objects.create(
                victim=self.victim, image=ContentFile(decompression_bomb(), name="b.png")
            )
        refused = self.assertRaisesMessage(DerivativeError, "more pixels than the archive decodes safely")
        with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")), refused:
            photo.make_derivatives()
        self.assertFalse(exists(photo.sha256, "web.jpg"))

    def test_a_failure_after_the_upload_is_logged_not_raised(self):
        with self.assertLogs(level="ERROR") as logs, self.captureOnCommitCallbacks(execute=True):
            photo = VictimPhoto.objects.create(
                victim=self.victim, image=ContentFile(decompression_bomb(), name="b.png")
            )
        self.assertIn("make_derivatives", logs.output[0])
        self.assertTrue(VictimPhoto.objects.filter(pk=photo.pk).exists())


class PdfPreviewTests(BaseTestCase):
    def test_a_pdf_gets_a_preview_of_its_first_page(self):
        if shutil.which("pdftoppm") is None:
            self.skipTest("pdftoppm (poppler-utils) is not installed")
        with self.captureOnCommitCallbacks(execute=True):
            source = self.make_source(file=ContentFile(pdf_with_pages("First page", "Second"), name="r.pdf"))
        preview = opened(derivative(source.sha256, "preview.png"))
        self.assertEqual((preview.format, max(preview.size)), ("PNG", 1600))
        self.assertGreater(preview.height, preview.width)  # a portrait page

    def test_without_pdftoppm_a_pdf_has_no_preview_and_no_error(self):
        source = self.make_source(file=ContentFile(pdf_with_pages("No preview here"), name="r.pdf"))
        with mock.patch.object(derivatives, "pdftoppm_path", return_value=None):
            self.assertEqual(source.make_derivatives(), [])
        self.assertFalse(exists(source.sha256, "preview.png"))

    def test_a_plain_text_source_has_no_derivatives(self):
        source = self.make_source(file=ContentFile(b"Plain words", name="notes.txt"))
        self.assertEqual(source.make_derivatives(), [])


class MakeDerivativesCommandTests(BaseTestCase):
    def setUp(self):
        victim = Victim.objects.create(name_en="Parvaneh Ahmadi")
        # Saved outside captureOnCommitCallbacks: the derivatives are not made, as for files stored
        # before derivatives existed.
        self.photo = VictimPhoto.objects.create(
            victim=victim, image=ContentFile(jpeg(shade=20), name="a.jpg")
        )
        official = Perpetrator.objects.create(name_en="Official")
        self.official_photo = PerpetratorPhoto.objects.create(
            perpetrator=official, image=ContentFile(jpeg(shade=21), name="b.jpg")
        )
        for photo in (self.photo, self.official_photo):
            for which in ("web.jpg", "thumb.jpg"):
                default_storage.delete(derivative_name(photo.sha256, which))

    def run_command(self, *args) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("make_derivatives", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_it_makes_the_missing_derivatives_then_nothing(self):
        out, err = self.run_command()
        self.assertIn("Made 4 derivatives for 2 files.", out)
        self.assertIn("2/2 files", err)
        for photo in (self.photo, self.official_photo):
            self.assertTrue(exists(photo.sha256, "thumb.jpg"))
        out, _err = self.run_command()
        self.assertIn("Made 0 derivatives for 0 files.", out)

    def test_force_makes_them_again(self):
        self.run_command()
        out, _err = self.run_command("--force")
        self.assertIn("Made 4 derivatives for 2 files.", out)
        self.assertEqual(
            default_storage.listdir(derivative_name(self.photo.sha256, ""))[1], ["thumb.jpg", "web.jpg"]
        )

    def test_it_fails_naming_a_file_it_cannot_read(self):
        bomb = VictimPhoto.objects.create(
            victim=self.photo.victim, image=ContentFile(decompression_bomb(), name="b.png")
        )
        with self.assertRaisesMessage(CommandError, "1 files have no derivatives"):
            self.run_command()
        self.assertTrue(exists(self.photo.sha256, "web.jpg"))
        self.assertFalse(exists(bomb.sha256, "web.jpg"))

    def test_it_is_silent_but_for_the_summary_at_verbosity_0(self):
        _out, err = self.run_command("--verbosity", "0")
        self.assertNotIn("files", err)


class PublicPagesShowDerivativesTests(BaseTestCase):
    def test_a_victim_page_shows_the_thumbnail_and_web_copy_never_the_original(self):
        victim = Victim.objects.create(name_en="Parvaneh Ahmadi", slug="parvaneh-ahmadi", status="published")
        photo = VictimPhoto.objects.create(victim=victim, image=ContentFile(jpeg(shade=30), name="a.jpg"))
        response = self.client.get("/victims/parvaneh-ahmadi/")
        self.assertContains(response, f'src="/media/derivatives/{photo.sha256[:2]}/{photo.sha256}/thumb.jpg"')
        self.assertContains(response, f"/media/derivatives/{photo.sha256[:2]}/{photo.sha256}/web.jpg 1600w")
        self.assertNotContains(response, photo.image.url)

    def test_a_perpetrator_page_shows_the_web_copy_never_the_original(self):
        official = Perpetrator.objects.create(name_en="Official", slug="official", status="published")
        photo = PerpetratorPhoto.objects.create(
            perpetrator=official, image=ContentFile(jpeg(shade=31), name="a.jpg")
        )
        response = self.client.get("/perpetrators/official/")
        self.assertContains(response, photo.web_url)
        self.assertNotContains(response, photo.image.url)

    def test_a_source_page_shows_the_preview_and_links_the_original(self):
        with self.captureOnCommitCallbacks(execute=True):
            source = self.make_source(
                slug="scan", kind=SourceKind.IMAGE, file=ContentFile(jpeg(shade=32), name="scan.jpg")
            )
        response = self.client.get("/sources/scan/")
        self.assertContains(response, f'<img src="{source.preview_url}" alt="The image of the document"')
        self.assertContains(response, 'href="/sources/scan/file/"')
        self.assertContains(response, "Only the original, downloaded above, matches the SHA-256.")
        self.assertNotContains(response, source.file.url)

    def test_a_source_page_without_a_preview_shows_none(self):
        self.make_source(slug="notes", file=ContentFile(b"Plain words", name="notes.txt"))
        response = self.client.get("/sources/notes/")
        self.assertNotContains(response, "document-preview")
        self.assertContains(response, "<dd>text/plain</dd>", html=True)

    def test_a_pdf_source_page_shows_its_first_page(self):
        if shutil.which("pdftoppm") is None:
            self.skipTest("pdftoppm (poppler-utils) is not installed")
        with self.captureOnCommitCallbacks(execute=True):
            self.make_source(
                slug="list", file=ContentFile(pdf_with_pages("The first page of the list"), name="l.pdf")
            )
        response = self.client.get("/sources/list/")
        self.assertContains(response, 'alt="The first page of the document"')
        self.assertContains(response, "/preview.png")
