"""How a rendered page is rewritten for the mirror (archive/mirror.py PageRewriter): links, forms, files."""

from __future__ import annotations

from unittest import mock

from archive import mirror
from archive.mirror import Addresses, PageRewriter
from tests.base import BaseTestCase


def rewrite(html: str, url: str = "/", file: str = "index.html", languages=("en", "fa")) -> PageRewriter:
    rewriter = PageRewriter(Addresses(list(languages), {"css/site.css"}), url, file)
    rewriter.feed(html)
    rewriter.close()
    return rewriter


class LinkTests(BaseTestCase):
    def test_a_page_address_becomes_a_relative_file(self):
        self.assertEqual(rewrite('<a href="/victims/">x</a>').html, '<a href="victims/index.html">x</a>')
        page = rewrite('<a href="/fa/places/evin/">x</a>', "/victims/ali/", "victims/ali/index.html")
        self.assertEqual(page.html, '<a href="../../fa/places/evin/index.html">x</a>')
        self.assertEqual(rewrite('<a href="/fa/">x</a>').html, '<a href="fa/index.html">x</a>')

    def test_fragments_are_kept_and_a_fragment_alone_is_left_alone(self):
        page = rewrite(
            '<a href="/fa/victims/ali/#fn-2">x</a><a href="#main">y</a>',
            "/victims/ali/",
            "victims/ali/index.html",
        )
        self.assertEqual(
            page.html, '<a href="../../fa/victims/ali/index.html#fn-2">x</a><a href="#main">y</a>'
        )

    def test_other_sites_and_data_addresses_are_left_as_they_are(self):
        html = (
            '<a href="https://example.org/a?b=1" rel="noopener">x</a><link rel="icon" href="data:,">'
            '<a href="mailto:info@example.org">m</a><link rel="canonical" href="http://127.0.0.1:8000/victims/">'
        )
        self.assertEqual(rewrite(html).html, html)

    def test_pages_of_a_list_become_folders(self):
        html = '<a rel="prev" href="?page=1">p</a><a rel="next" href="?page=3">n</a>'
        page = rewrite(html, "/victims/?page=2", "victims/page/2/index.html")
        self.assertEqual(
            page.html, '<a rel="prev" href="../../index.html">p</a><a rel="next" href="../3/index.html">n</a>'
        )
        self.assertEqual(page.pages, {"", "page=3"})

    def test_pages_chosen_by_a_cursor_become_folders_too(self):
        html = '<a href="?before=12">p</a><a href="?after=40">n</a><a href="?after=x%2F..">bad</a>'
        page = rewrite(html, "/fa/victims/?after=20", "fa/victims/after/20/index.html")
        self.assertEqual(
            page.html,
            '<a href="../../before/12/index.html">p</a><a href="../40/index.html">n</a>'
            '<a href="../../index.html">bad</a>',
        )
        self.assertEqual(page.pages, {"before=12", "after=40", ""})

    def test_a_cursor_into_another_list_leads_to_its_first_page(self):
        # The language switch: the Persian list is sorted by Persian names, after=20 is elsewhere in it.
        page = rewrite(
            '<a href="/fa/victims/?after=20">fa</a><a href="/fa/victims/?page=2">fa 2</a>',
            "/victims/?after=20",
            "victims/after/20/index.html",
        )
        self.assertEqual(
            page.html,
            '<a href="../../../fa/victims/index.html">fa</a><a href="../../../fa/victims/page/2/index.html">fa 2</a>',
        )

    def test_pages_listed_as_linked_are_collected_to_be_written(self):
        with mock.patch.object(mirror, "LINKED_PAGES", ["submit"]):
            page = rewrite('<a href="/fa/submit/?victim=ali">x</a>', "/fa/", "fa/index.html")
        self.assertEqual(page.html, '<a href="submit/index.html">x</a>')
        self.assertEqual(page.linked, {"/fa/submit/"})

    def test_a_filtered_or_sorted_list_leads_to_the_whole_list(self):
        page = rewrite(
            '<a href="/victims/?event=1988&amp;page=2">all</a><a href="/fa/sources/?kind=report">s</a>'
        )
        self.assertEqual(
            page.html, '<a href="victims/index.html">all</a><a href="fa/sources/index.html">s</a>'
        )
        self.assertEqual(page.pages, set())

    def test_a_download_is_a_file_at_its_address_and_a_filtered_one_keeps_its_text_only(self):
        page = rewrite(
            '<a href="/victims/export.csv?" download>CSV</a> <a href="/victims/export.json?q=ali" download>JSON</a>',
            "/victims/?page=2",
            "victims/page/2/index.html",
        )
        self.assertEqual(page.html, '<a href="../../export.csv" download>CSV</a> <a>JSON</a>')
        self.assertEqual([target.fetch for target in page.fetches], ["/victims/export.csv"])
        self.assertEqual(page.dropped, {"victim_export with a query string": 1})

    def test_addresses_outside_the_mirror_keep_their_text_only(self):
        page = rewrite(
            '<a href="/admin/">Editors</a> <a href="/submit/?victim=ali">Correct</a> <a href="/nowhere/">n</a>'
            ' <a href="/api/v1/victims/">api</a>'
        )
        self.assertEqual(page.html, "<a>Editors</a> <a>Correct</a> <a>n</a> <a>api</a>")
        self.assertEqual(page.dropped["admin:index"], 1)
        self.assertEqual(page.dropped["submit"], 1)
        self.assertEqual(page.dropped["unknown address"], 1)

    def test_a_language_left_out_loses_its_links(self):
        page = rewrite('<a href="/fa/victims/" hreflang="fa" lang="fa">فارسی</a>', languages=("en",))
        self.assertEqual(page.html, '<a lang="fa">فارسی</a>')

    def test_persian_addresses_become_persian_file_names_percent_encoded(self):
        page = rewrite('<a href="/victims/%D8%B9%D9%84%DB%8C/">علی</a>')
        self.assertEqual(page.html, '<a href="victims/%D8%B9%D9%84%DB%8C/index.html">علی</a>')

    def test_text_entities_and_comments_come_through_unchanged(self):
        html = '<!doctype html><p title="a &quot;b&quot;">Tom &amp; Jerry &#1575; &lt;3</p><!-- note --><br/>'
        self.assertEqual(rewrite(html).html, html)
        page = rewrite('<a title="&quot;x&quot;" href="/victims/">x</a>')
        self.assertEqual(page.html, '<a title="&quot;x&quot;" href="victims/index.html">x</a>')


class FileTests(BaseTestCase):
    def test_static_files_and_derivatives_are_kept_originals_are_not(self):
        sha = "ab" + "0" * 62
        html = (
            '<link rel="stylesheet" href="/static/css/site.css"><script src="/static/js/none.js"></script>'
            f'<img src="/media/derivatives/ab/{sha}/thumb.jpg" '
            f'srcset="/media/derivatives/ab/{sha}/thumb.jpg 320w, /media/photos/ab/{sha}.jpg 1600w">'
        )
        page = rewrite(html, "/victims/ali/", "victims/ali/index.html")
        self.assertEqual(
            page.html,
            '<link rel="stylesheet" href="../../static/css/site.css"><script></script>'
            f'<img src="../../media/derivatives/ab/{sha}/thumb.jpg" '
            f'srcset="../../media/derivatives/ab/{sha}/thumb.jpg 320w">',
        )
        self.assertEqual({target.fetch for target in page.fetches}, {f"derivatives/ab/{sha}/thumb.jpg"})
        self.assertEqual(page.dropped["media other than derivatives"], 1)
        self.assertEqual(page.dropped["missing static file"], 1)

    def test_a_picture_source_keeps_its_type(self):
        sha = "cd" + "1" * 62
        page = rewrite(f'<source type="image/jpeg" srcset="/media/derivatives/cd/{sha}/web.jpg 1600w">')
        self.assertEqual(
            page.html, f'<source type="image/jpeg" srcset="media/derivatives/cd/{sha}/web.jpg 1600w">'
        )

    def test_a_media_address_cannot_climb_out_of_the_derivatives(self):
        page = rewrite('<img src="/media/derivatives/../photos/ab/x.jpg">')
        self.assertEqual(page.html, "<img>")


class FormTests(BaseTestCase):
    def test_the_search_form_leads_to_the_mirrors_search(self):
        html = '<form role="search" action="/fa/search/"><input name="q"><button>Go</button></form>'
        page = rewrite(html, "/fa/victims/ali/", "fa/victims/ali/index.html")
        self.assertEqual(
            page.html,
            '<form role="search" action="../../search/index.html"><input name="q"><button>Go</button></form>',
        )

    def test_a_filter_form_and_a_post_form_give_way_to_a_note(self):
        html = (
            '<h1>Victims</h1><form class="filters" method="get" action=""><label>Name <input name="q"></label>'
            '<select name="event"><option>1988</option></select><button>Filter</button></form>'
            '<form method="post" action="/submit/"><input type="hidden" name="csrfmiddlewaretoken" value="t">'
            "<textarea name='account'></textarea></form><p>after</p>"
        )
        page = rewrite(html, "/victims/", "victims/index.html")
        note = '<p class="notice mirror-note">This form works only on the site itself, not in this copy.</p>'
        self.assertEqual(page.html, f"<h1>Victims</h1>{note}{note}<p>after</p>")
        self.assertEqual(page.dropped["form"], 2)

    def test_a_search_form_that_posts_is_not_kept(self):
        page = rewrite('<form method="post" action="/search/"><input name="q"></form>')
        self.assertNotIn("<form", page.html)
