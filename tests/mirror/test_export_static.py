"""export_static: the public site as plain files, in both languages, with links that work from disk."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import CommandError

from archive import mirror
from archive.models import Source
from tests.mirror.support import (
    PUBLISHED_VICTIMS,
    SECRETS,
    MirrorTestCase,
    export,
    files_of,
    index_entries,
    internal_target,
    links_of,
)


class ExportStaticTests(MirrorTestCase):
    def test_every_internal_link_of_every_page_leads_to_a_file_in_both_languages(self):
        pages = sorted(self.mirror.rglob("*.html"))
        checked, broken = 0, []
        for page in pages:
            for _tag, link, _attrs in links_of(page.read_text("utf-8")):
                target = internal_target(self.mirror, page, link)
                if target is None:
                    continue
                checked += 1
                if not target.is_file() or self.mirror not in target.parents:
                    broken.append(f"{page.relative_to(self.mirror)} → {link}")
        self.assertEqual(broken, [])
        self.assertGreater(checked, 400)
        written = {page.relative_to(self.mirror).as_posix() for page in pages}
        for language in ("", "fa/"):
            for name in ["index.html", "victims/index.html", "perpetrators/index.html", "sources/index.html"]:
                self.assertIn(language + name, written)
            self.assertIn(f"{language}victims/ali-rezaei/index.html", written)
            self.assertIn(f"{language}perpetrators/mostafa-pourmohammadi/index.html", written)
            self.assertIn(f"{language}places/evin-prison/index.html", written)
            self.assertIn(f"{language}events/1988-prison-massacre/index.html", written)
            self.assertIn(f"{language}search/index.html", written)

    def test_links_are_relative_and_directories_end_in_index_html(self):
        html = self.read("fa/victims/ali-rezaei/index.html")
        self.assertIn('dir="rtl"', html)
        self.assertIn('<a class="site-name" href="../../index.html">', html)
        self.assertIn('href="../../../static/css/site.css"', html)
        # The other language, and a place in this one.
        self.assertIn('href="../../../victims/ali-rezaei/index.html" hreflang="en"', html)
        self.assertIn('href="../../places/evin-prison/index.html"', html)
        self.assertNotIn('href="/', html)
        self.assertNotIn('src="/', html)

    def test_footnotes_keep_their_fragment(self):
        html = self.read("victims/ali-rezaei/index.html")
        self.assertIn('href="../../sources/report/index.html#citation-', html)
        self.assertIn('href="#fn-1"', html)

    def test_nothing_unpublished_or_restricted_is_in_any_file(self):
        for path in self.mirror.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for secret in SECRETS:
                    self.assertNotIn(secret.encode(), data, f"{secret!r} in {path}")
        written = files_of(self.mirror)
        for name in written:
            self.assertNotIn("draftname", name)
            self.assertNotIn("restrictum", name)
        # The restricted source's file and its derivatives, by hash, nowhere.
        self.assertNotIn(self.restricted.sha256, "\n".join(written))
        restricted_bytes = self.restricted.file.open("rb").read()
        self.assertNotIn(hashlib.sha256(restricted_bytes).hexdigest(), written.values())

    def test_list_pages_are_written_as_folders_and_link_to_each_other(self):
        # Five victims, two a page: three pages in each language.
        first = self.read("victims/index.html")
        self.assertIn('rel="next" href="page/2/index.html"', first)
        second = self.read("victims/page/2/index.html")
        self.assertIn('rel="prev" href="../../index.html"', second)
        self.assertIn('rel="next" href="../3/index.html"', second)
        third = self.read("fa/victims/page/3/index.html")
        self.assertIn('rel="prev" href="../2/index.html"', third)
        self.assertNotIn('rel="next"', third)
        self.assertFalse((self.mirror / "victims/page/4").exists())
        # The language switch of page 2 leads to page 2 in Persian.
        self.assertIn('href="../../../fa/victims/page/2/index.html" hreflang="fa"', second)

    def test_the_memorial_pages_are_in_the_mirror_with_their_groupings_and_downloads(self):
        for prefix in ("", "fa/"):
            for page in ("names", "names/by/place", "names/by/date", "on-this-day", "statistics", "map"):
                with self.subTest(page=f"{prefix}{page}"):
                    self.assertTrue((self.mirror / prefix / page / "index.html").is_file())
            self.assertTrue((self.mirror / prefix / "statistics/year.csv").is_file())
        wall = self.read("names/index.html")
        self.assertIn('href="by/place/index.html"', wall)
        # Each group the wall links to has its own page.
        groups = [
            link for link in re.findall(r'href="([^"]+)"', wall) if link.startswith(("event/", "place/"))
        ]
        self.assertTrue(groups)
        for link in groups:
            self.assertTrue((self.mirror / "names" / link.split("#")[0]).is_file(), link)

    def test_filter_forms_give_way_to_a_note_and_exports_are_files(self):
        html = self.read("victims/index.html")
        self.assertNotIn("<form", html)
        self.assertIn(
            '<p class="notice mirror-note">This form works only on the site itself, not in this copy.</p>',
            html,
        )
        self.assertIn('href="export.csv"', html)
        csv = (self.mirror / "victims/export.csv").read_text("utf-8-sig")
        self.assertEqual(len(csv.strip().splitlines()), 1 + len(PUBLISHED_VICTIMS))
        self.assertIn("Ali Rezaei", csv)
        self.assertTrue((self.mirror / "fa/victims/export.json").is_file())
        self.assertTrue((self.mirror / "perpetrators/popolo.json").is_file())

    def test_a_filtered_link_leads_to_the_whole_list(self):
        # The event page's "See them all" is /victims/?event=…: the mirror has the whole list only.
        html = self.read("events/1988-prison-massacre/index.html")
        for _tag, link, _attrs in links_of(html):
            self.assertNotIn("?", link)
        self.assertIn('href="../../victims/index.html"', html)

    def test_links_the_mirror_cannot_follow_keep_their_text_only(self):
        html = self.read("victims/ali-rezaei/index.html")
        self.assertIn("<a>Correct or complete this entry</a>", html)  # the submission form
        self.assertIn("<a>Editors</a>", html)  # the admin
        self.assertIn("Wrote ", self.output)
        self.assertIn("not in the mirror, kept as text: submit", self.output)

    def test_every_page_says_it_is_a_copy_and_where_the_archive_lives(self):
        html = self.read("fa/index.html")
        notice = html.split('<p class="notice mirror-notice" role="note">')[1].split("</p>")[0]
        self.assertIn("http://127.0.0.1:8000", notice)
        self.assertNotIn("<a", notice)  # the address as text: it may be blocked or watched

    def test_photographs_are_copied_as_derivatives_never_as_originals(self):
        html = self.read("victims/ali-rezaei/index.html")
        sha256 = self.photo.sha256
        thumb = f"media/derivatives/{sha256[:2]}/{sha256}/thumb.jpg"
        self.assertIn(f'src="../../{thumb}"', html)
        self.assertIn(f"../../media/derivatives/{sha256[:2]}/{sha256}/web.jpg 1600w", html)
        self.assertTrue((self.mirror / thumb).is_file())
        self.assertFalse((self.mirror / "media/photos").exists())

    def test_a_public_documents_file_is_there_to_download_with_its_hash(self):
        html = self.read("sources/report/index.html")
        self.assertIn('href="file/scan.jpg"', html)
        data = (self.mirror / "sources/report/file/scan.jpg").read_bytes()
        self.assertEqual(hashlib.sha256(data).hexdigest(), self.source.sha256)
        self.assertTrue((self.mirror / "fa/sources/report/cite.bib").is_file())
        self.assertTrue((self.mirror / "sources/report/citations.csv").is_file())

    def test_the_search_index_holds_published_names_only(self):
        entries = index_entries(self.mirror)
        names = {(entry[1], entry[2], entry[3], entry[4]) for entry in entries}
        expected = {
            (en, fa, f"victims/{en.lower().replace(' ', '-')}/", "victim") for en, fa in PUBLISHED_VICTIMS
        }
        expected |= {
            ("Mostafa Pourmohammadi", "مصطفی پورمحمدی", "perpetrators/mostafa-pourmohammadi/", "perpetrator"),
            ("Report on the prisons", "", "sources/report/", "source"),
            ("1988 prison massacre", "کشتار ۶۷", "events/1988-prison-massacre/", "event"),
            ("Evin Prison", "زندان اوین", "places/evin-prison/", "place"),
        }
        self.assertEqual(names, expected)
        # Each record once in each shard of the first two letters of its words: Ali is in "al" and "re".
        ali = [entry for entry in entries if entry[1] == "Ali Rezaei"]
        self.assertEqual(len(ali), len({word[:2] for word in ali[0][0].split()}))
        manifest = (self.mirror / "search-index/index.js").read_text("utf-8")
        self.assertIn('"records": 9', manifest)

    def test_the_search_page_works_without_javascript_by_pointing_to_the_lists(self):
        for folder, up in (("search", "../"), ("fa/search", "../../")):
            html = self.read(f"{folder}/index.html")
            self.assertIn("<noscript>", html)
            self.assertIn('<a href="../victims/index.html">', html)
            self.assertIn(f'data-index="{up}search-index/"', html)
            self.assertIn(f'<script src="{up}static/js/mirror-search.js" defer></script>', html)
            self.assertIn(
                '<form class="search-form mirror-search" role="search" method="get" action="index.html">',
                html,
            )
            self.assertNotIn("<script>", html)  # no inline script: the page keeps to the site's CSP
        self.assertTrue((self.mirror / "static/js/mirror-search.js").is_file())
        # The search form of every other page leads here too.
        self.assertIn('<a href="search/index.html">', self.read("index.html"))

    def test_the_folder_is_marked_as_a_finished_mirror(self):
        marker = self.read("mirror.json")
        self.assertIn('"complete": true', marker)
        self.assertIn('"generator": "export_static"', marker)
        self.assertFalse(Path(f"{self.mirror}.partial").exists())


class ReplacingTests(MirrorTestCase):
    def test_running_again_with_force_writes_the_same_files_and_removes_what_is_no_longer_public(self):
        before = files_of(self.mirror)
        export(self.mirror, "--force")
        self.assertEqual(files_of(self.mirror), before)

        Source.objects.filter(pk=self.source.pk).update(status="withdrawn")
        export(self.mirror, "--force")
        after = files_of(self.mirror)
        self.assertNotIn("sources/report/index.html", after)
        self.assertNotIn("sources/report/file/scan.jpg", after)
        self.assertIn("victims/ali-rezaei/index.html", after)

    def test_it_refuses_to_replace_a_mirror_without_force(self):
        with self.assertRaisesMessage(CommandError, "holds a mirror already: add --force"):
            export(self.mirror)

    def test_it_never_writes_into_a_folder_that_holds_something_else(self):
        folder = self.folder / "documents"
        folder.mkdir()
        (folder / "letter.txt").write_text("mine")
        for options in ([], ["--force"]):
            with self.assertRaisesMessage(CommandError, "not empty and holds no mirror"):
                export(folder, *options)
        self.assertEqual([path.name for path in folder.iterdir()], ["letter.txt"])

    def test_one_language_only_drops_the_links_to_the_other(self):
        folder = self.folder / "english"
        export(folder, "--languages", "en")
        self.assertFalse((folder / "fa").exists())
        html = (folder / "victims/ali-rezaei/index.html").read_text("utf-8")
        self.assertIn('<a lang="fa">فارسی</a>', html)

    def test_citation_files_can_be_left_out(self):
        folder = self.folder / "lean"
        export(folder, "--no-references")
        written = files_of(folder)
        self.assertFalse([name for name in written if "/cite." in name])
        self.assertIn("sources/report/citations.csv", written)
        html = (folder / "victims/ali-rezaei/index.html").read_text("utf-8")
        self.assertIn("<a>BibTeX</a>", html)
        self.assertLess(len(written), len(files_of(self.mirror)))

    def test_a_missing_derivative_is_reported_and_fails_the_command(self):
        thumb = f"derivatives/{self.photo.sha256[:2]}/{self.photo.sha256}/thumb.jpg"
        default_storage.delete(thumb)
        self.addCleanup(self.photo.make_derivatives)
        with self.assertRaisesMessage(CommandError, "Some linked files are missing"):
            export(self.folder / "incomplete")

    def test_a_download_that_fails_is_reported_and_the_rest_is_written(self):
        name = self.source.file.name
        data = default_storage.open(name).read()
        default_storage.delete(name)
        self.addCleanup(default_storage.save, name, ContentFile(data))
        folder = self.folder / "damaged"
        with (
            self.assertLogs("django.request", "ERROR"),
            self.assertRaisesMessage(CommandError, "Some linked files"),
        ):
            export(folder)
        self.assertTrue((folder / "sources/report/index.html").is_file())
        self.assertFalse((folder / "sources/report/file/scan.jpg").exists())

    def test_an_unknown_language_is_refused(self):
        with self.assertRaisesMessage(CommandError, "Languages must be among en, fa"):
            export(self.folder / "klingon", "--languages", "tlh")

    def test_a_listed_page_the_site_does_not_have_fails_loudly_before_anything_is_written(self):
        folder = self.folder / "unknown"
        unknown = mock.patch.object(mirror, "PAGES", [*mirror.PAGES, "no_such_page"])
        with (
            unknown,
            self.assertRaisesMessage(CommandError, "addresses the site does not have: no_such_page"),
        ):
            export(folder)
        self.assertFalse(folder.exists())
        self.assertFalse(Path(f"{folder}.partial").exists())
