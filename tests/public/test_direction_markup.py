"""Text in the other script than the page's is isolated and marked with its language (templatetags `shown`,
`other_script`, `lang_attrs`, `cite_this_page`), and photographs carry their size (`size_attrs`)."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image

from archive.models import Source, SourceKind, Status
from tests.base import BaseTestCase
from victims.models import Victim, VictimPhoto


def make_victim(name_en="", name_fa="", **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=Status.PUBLISHED, **fields)


class DirectionMarkupTestCase(BaseTestCase):
    def test_a_latin_name_on_a_persian_page_is_isolated_and_marked_as_english(self):
        make_victim("John Smith (Jr.)", slug="john-smith")
        latin = '<bdi lang="en" dir="ltr">John Smith (Jr.)</bdi>'
        self.assertContains(self.client.get("/fa/victims/john-smith/"), f"<h1>{latin}")
        self.assertContains(self.client.get("/fa/victims/"), f'<span class="name">{latin}</span>')

    def test_a_persian_name_on_an_english_page_is_isolated_and_marked_as_persian(self):
        make_victim(name_fa="مریم کریمی", slug="maryam")
        persian = '<bdi lang="fa" dir="rtl">مریم کریمی</bdi>'
        self.assertContains(self.client.get("/victims/maryam/"), f"<h1>{persian}")
        self.assertContains(self.client.get("/victims/"), f'<span class="name">{persian}</span>')

    def test_a_name_in_the_pages_script_is_plain_and_the_other_beside_it_is_marked(self):
        make_victim("Ali Rezaei", "علی رضایی")
        english = self.client.get("/victims/ali-rezaei/")
        self.assertContains(english, "<h1>Ali Rezaei ")
        self.assertContains(english, '<p class="other-name"><bdi lang="fa" dir="rtl">علی رضایی</bdi></p>')
        persian = self.client.get("/fa/victims/ali-rezaei/")
        self.assertContains(persian, "<h1>علی رضایی ")
        self.assertContains(persian, '<p class="other-name"><bdi lang="en" dir="ltr">Ali Rezaei</bdi></p>')

    def test_a_biography_only_in_english_is_marked_on_the_persian_page(self):
        make_victim("Ali Rezaei", "علی رضایی", biography_en="A teacher.")
        self.assertContains(
            self.client.get("/fa/victims/ali-rezaei/"), '<div lang="en" dir="ltr"><p>A teacher.</p>'
        )
        self.assertContains(self.client.get("/victims/ali-rezaei/"), "<div><p>A teacher.</p>")

    def test_the_reference_on_a_persian_page_isolates_the_address_and_a_latin_title(self):
        make_victim("John Smith", slug="john-smith")
        response = self.client.get("/fa/victims/john-smith/")
        self.assertContains(response, '<p class="cite-text"><bdi lang="en" dir="ltr">John Smith</bdi>. ')
        self.assertRegex(
            response.content.decode(), r'<bdi dir="ltr">https?://[^<]+/fa/victims/john-smith/</bdi>'
        )

    def test_a_source_titled_only_in_persian_is_marked_on_english_pages(self):
        Source.objects.create(
            title_fa="اسرار خون‌آلود", kind=SourceKind.REPORT, status=Status.PUBLISHED, slug="asrar"
        )
        self.assertContains(
            self.client.get("/sources/asrar/"), '<h1><bdi lang="fa" dir="rtl">اسرار خون‌آلود</bdi>'
        )
        self.assertContains(self.client.get("/fa/sources/asrar/"), "<h1>اسرار خون‌آلود</h1>")

    def test_a_photo_has_the_size_of_its_thumbnail_the_persons_name_and_loads_lazily(self):
        victim = make_victim("Ali Rezaei", "علی رضایی")
        data = io.BytesIO()
        Image.new("RGB", (800, 600), "gray").save(data, "JPEG")
        with self.captureOnCommitCallbacks(execute=True):  # the derivatives are made after the commit
            VictimPhoto.objects.create(victim=victim, image=ContentFile(data.getvalue(), name="portrait.jpg"))
        response = self.client.get("/fa/victims/ali-rezaei/")
        self.assertContains(response, 'alt="علی رضایی" width="320" height="240" loading="lazy"')
