"""No page loads anything from another origin, and no link to another site tells it where the reader came from.

Every kind of public page is rendered, in English and in Persian, from records that fill every part of
it, and every address in its HTML is read: what the browser fetches by itself (images, stylesheets,
scripts, frames, form targets, `url()` in styles) must be on the archive's own host; a link to another
site, which the reader chooses to follow, must carry rel="noreferrer". The stylesheets are read for
`url()` and `@import`, and the Content-Security-Policy and Referrer-Policy headers are checked too.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import SimpleTestCase
from django.urls import Resolver404, resolve
from PIL import Image

from archive.models import (
    Estimate,
    Event,
    Organization,
    OrganizationKind,
    Place,
    PlaceKind,
    SourceKind,
    Status,
)
from perpetrators.models import Perpetrator, PerpetratorName, PerpetratorPhoto, Position
from tests.base import BaseTestCase
from victims.models import LinkRole, PerpetratorLink, Victim, VictimName, VictimPhoto

PUBLISHED = Status.PUBLISHED
OWN_HOSTS = {"testserver", urlsplit(settings.SITE_URL).hostname}
SAFE_REFERRER_POLICIES = {"same-origin", "no-referrer"}

CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*?))\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
CSS_IMAGE_SET = re.compile(r"""image-set\(([^)]*)\)""", re.IGNORECASE)
CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")


def css_urls(css: str) -> list[str]:
    """Every address a stylesheet (or a style attribute) would fetch."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found = [next(g for g in m.groups() if g is not None) for m in CSS_URL.finditer(css)]
    found += [next(g for g in m.groups() if g is not None) for m in CSS_IMPORT.finditer(css)]
    for image_set in CSS_IMAGE_SET.finditer(css):
        found += [next(g for g in m.groups() if g is not None) for m in CSS_STRING.finditer(image_set[1])]
    return [url.strip() for url in found]


def srcset_urls(srcset: str) -> list[str]:
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


class Addresses(HTMLParser):
    """The addresses in a page: `loads` the browser fetches by itself, `links` the reader may follow.

    Each is (what, address), `what` naming the tag and attribute; links also carry their rel.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []
        self.links: list[tuple[str, str, str]] = []
        self.referrer_policies: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        for name in ("src", "poster", "background", "formaction", "lowsrc", "dynsrc"):
            if name in attrs:
                self.loads.append((f"<{tag} {name}>", attrs[name]))
        for name in ("srcset", "imagesrcset"):
            if name in attrs:
                self.loads += [(f"<{tag} {name}>", url) for url in srcset_urls(attrs[name])]
        if "ping" in attrs:
            self.loads += [(f"<{tag} ping>", url) for url in attrs["ping"].split()]
        if "style" in attrs:
            self.loads += [(f"<{tag} style>", url) for url in css_urls(attrs["style"])]
        if tag == "form" and "action" in attrs:
            self.loads.append(("<form action>", attrs["action"]))
        if tag == "object" and "data" in attrs:
            self.loads.append(("<object data>", attrs["data"]))
        if tag in ("link", "base") and "href" in attrs:
            # Any <link>: stylesheet, icon, preload, prefetch, manifest … some are fetched at once.
            self.loads.append((f"<{tag} rel={attrs.get('rel', '')} href>", attrs["href"]))
        if tag in ("image", "use", "feimage"):
            for name in ("href", "xlink:href"):
                if name in attrs:
                    self.loads.append((f"<{tag} {name}>", attrs[name]))
        if tag == "meta":
            if attrs.get("http-equiv", "").lower() == "refresh":
                target = re.search(r"url\s*=\s*['\"]?([^'\"]*)", attrs.get("content", ""), re.IGNORECASE)
                if target:
                    self.loads.append(("<meta refresh>", target[1]))
            if attrs.get("name", "").lower() == "referrer":
                self.referrer_policies.append(attrs.get("content", ""))
        if tag in ("a", "area") and "href" in attrs:
            self.links.append((f"<{tag} href>", attrs["href"], attrs.get("rel", "")))
        if tag == "style":
            self.in_style = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self.in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.loads += [("<style>", url) for url in css_urls(data)]


def addresses(html: str) -> Addresses:
    parser = Addresses()
    parser.feed(html)
    parser.close()
    return parser


def fetches_from_elsewhere(url: str) -> bool:
    """Whether a browser loading this address would contact a host other than the archive's own."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() == "data":
        return False  # inline, fetched from nowhere
    if parts.scheme.lower() in ("http", "https") or url.startswith("//"):
        return parts.hostname not in OWN_HOSTS
    return bool(parts.scheme)  # relative addresses are ours; javascript:, ftp: … are not allowed


def leads_elsewhere(url: str) -> bool:
    parts = urlsplit(url.strip())
    return (parts.scheme.lower() in ("http", "https") or url.strip().startswith("//")) and (
        parts.hostname not in OWN_HOSTS
    )


def csp_sources_from_elsewhere(header: str) -> list[str]:
    """The sources in a Content-Security-Policy that would allow another origin."""
    allowed = {"'self'", "'none'", "data:"}
    found = []
    for directive in filter(None, (d.strip() for d in header.split(";"))):
        name, *sources = directive.split()
        if name in ("sandbox", "upgrade-insecure-requests", "report-uri", "report-to"):
            continue
        found += [
            f"{name} {source}"
            for source in sources
            if source not in allowed and not re.fullmatch(r"'(nonce|sha256|sha384|sha512)-[^']+'", source)
        ]
    return found


def jpeg(shade: int = 0) -> ContentFile:
    data = io.BytesIO()
    Image.new("RGB", (40, 30), (120, shade, 40)).save(data, "JPEG")
    return ContentFile(data.getvalue(), name="picture.jpg")


class PagesTestCase(BaseTestCase):
    def setUp(self):
        source = self.make_source(
            "Blood-soaked secrets",
            slug="blood-soaked-secrets",
            kind=SourceKind.IMAGE,
            url="https://example.org/blood-soaked-secrets",
            archived_url="https://web.archive.org/web/2019/https://example.org/blood-soaked-secrets",
            file=ContentFile(jpeg().read(), name="scan.jpg"),
        )
        source.make_derivatives()
        province = Place.objects.create(name_en="Tehran province", kind=PlaceKind.PROVINCE, status=PUBLISHED)
        evin = Place.objects.create(
            name_en="Evin Prison",
            slug="evin-prison",
            kind=PlaceKind.PRISON,
            parent=province,
            status=PUBLISHED,
        )
        event = Event.objects.create(
            name_en="1988 prison massacre", slug="1988-prison-massacre", start_text="1988", status=PUBLISHED
        )
        Estimate.objects.create(
            event=event, counted_en="executed", count_text="4,500", count_low=4500, estimated_by="NGO"
        )
        commission = Organization.objects.create(
            name_en="Tehran death commission",
            kind=OrganizationKind.COMMISSION,
            place=province,
            status=PUBLISHED,
        )
        victim = Victim.objects.create(
            name_en="Ali Rezaei", name_fa="علی رضایی", slug="ali-rezaei", death_text="1988", death_place=evin,
            status=PUBLISHED,
        )  # fmt: skip
        victim.events.add(event)
        victim.prisons.add(evin)
        VictimName.objects.create(victim=victim, name="Ali Rezayi")
        VictimPhoto.objects.create(victim=victim, image=jpeg(1), credit="The family").make_derivatives()
        official = Perpetrator.objects.create(
            name_en="Mostafa Pourmohammadi", slug="mostafa-pourmohammadi", status=PUBLISHED
        )
        PerpetratorName.objects.create(perpetrator=official, name="Mustafa Pour-Mohammadi")
        PerpetratorPhoto.objects.create(perpetrator=official, image=jpeg(2)).make_derivatives()
        position = Position.objects.create(
            perpetrator=official, organization=commission, place=evin, event=event, start_text="1988",
            status=PUBLISHED,
        )  # fmt: skip
        link = PerpetratorLink.objects.create(victim=victim, perpetrator=official, role=LinkRole.SENTENCED)
        for record in (victim, official, position, link, evin, event, commission):
            self.cite(record, source, locator="p. 3")
        victim.refresh_search()
        official.refresh_search()

    def pages(self) -> list[str]:
        paths = [
            "/",
            "/victims/",
            "/victims/ali-rezaei/",
            "/perpetrators/",
            "/perpetrators/mostafa-pourmohammadi/",
            "/sources/",
            "/sources/blood-soaked-secrets/",
            "/events/",
            "/events/1988-prison-massacre/",
            "/places/",
            "/places/evin-prison/",
            "/search/?q=Rezaei",
            "/search/?q=Pour-Mohammadi",
            "/victims/nobody/",
        ]
        return [*paths, *(f"/fa{path}" for path in paths)]

    def test_no_page_loads_anything_from_another_origin(self):
        loads = []
        for path in self.pages():
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 404 if "nobody" in path else 200)
                found = addresses(response.content.decode())
                loads += found.loads
                elsewhere = [(what, url) for what, url in found.loads if fetches_from_elsewhere(url)]
                self.assertEqual(elsewhere, [])
        # The pages were full: a stylesheet, photographs at two sizes, a document's image, a search form.
        kinds = {what for what, _ in loads}
        self.assertTrue({"<link rel=stylesheet href>", "<img src>", "<img srcset>", "<form action>"} <= kinds)
        self.assertTrue(any(url.endswith(".css") for what, url in loads if "stylesheet" in what))

    def test_links_to_other_sites_send_no_referrer(self):
        followed = []
        for path in self.pages():
            with self.subTest(path=path):
                found = addresses(self.client.get(path).content.decode())
                outside = [(what, url, rel) for what, url, rel in found.links if leads_elsewhere(url)]
                followed += outside
                self.assertEqual([link for link in outside if "noreferrer" not in link[2].split()], [])
        self.assertIn("https://example.org/blood-soaked-secrets", {url for _, url, _ in followed})

    def test_every_page_asks_browsers_to_keep_the_address_to_this_site(self):
        for path in self.pages():
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertIn(response.headers["Referrer-Policy"], SAFE_REFERRER_POLICIES)
                policies = addresses(response.content.decode()).referrer_policies
                self.assertTrue(policies)
                self.assertLessEqual(set(policies), SAFE_REFERRER_POLICIES)

    def test_the_content_security_policy_allows_no_other_origin(self):
        for path in self.pages():
            with self.subTest(path=path):
                header = self.client.get(path).headers["Content-Security-Policy"]
                self.assertRegex(header, r"(^|;\s*)default-src '(none|self)'(;|$)")
                self.assertEqual(csp_sources_from_elsewhere(header), [])

    def test_the_submission_form_loads_nothing_from_another_origin(self):
        try:
            resolve("/submit/")
        except Resolver404:
            self.skipTest("/submit/ does not exist yet")
        for path in ("/submit/", "/fa/submit/"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                found = addresses(response.content.decode())
                self.assertIn("<form action>", {what for what, _ in found.loads})
                self.assertEqual([load for load in found.loads if fetches_from_elsewhere(load[1])], [])
                self.assertEqual(
                    [
                        link
                        for link in found.links
                        if leads_elsewhere(link[1]) and "noreferrer" not in link[2]
                    ],
                    [],
                )
                self.assertEqual(csp_sources_from_elsewhere(response.headers["Content-Security-Policy"]), [])


class StylesheetsTestCase(SimpleTestCase):
    def test_no_stylesheet_fetches_from_another_origin(self):
        stylesheets = sorted((settings.BASE_DIR / "static" / "css").glob("*.css"))
        self.assertTrue(stylesheets)
        for stylesheet in stylesheets:
            with self.subTest(stylesheet=stylesheet.name):
                urls = css_urls(stylesheet.read_text())
                self.assertEqual([url for url in urls if fetches_from_elsewhere(url)], [])


class CheckerTestCase(SimpleTestCase):
    """The checks above find what they look for."""

    def test_it_finds_every_kind_of_load_from_another_origin(self):
        page = """
            <link rel="stylesheet" href="https://cdn.example/a.css"><link rel="preload" href="//fonts.example/f.woff2">
            <script src="https://cdn.example/s.js"></script><img src="https://tiles.example/1.png">
            <img srcset="/ours.jpg 1x, https://cdn.example/2x.jpg 2x"><iframe src="https://maps.example/"></iframe>
            <video poster="https://cdn.example/p.jpg"><source src="https://cdn.example/v.mp4"></video>
            <object data="https://cdn.example/o.pdf"></object><form action="https://forms.example/post"></form>
            <div style="background: url('https://cdn.example/bg.png')"></div>
            <style>@import "https://fonts.example/css"; p { background: url(https://cdn.example/x.png) }</style>
            <meta http-equiv="refresh" content="0; url=https://elsewhere.example/">
            <a href="https://elsewhere.example/" ping="https://tracker.example/ping">out</a>
            <svg><image href="https://cdn.example/i.svg"/></svg>
        """
        found = addresses(page)
        self.assertEqual(len([url for _, url in found.loads if fetches_from_elsewhere(url)]), 16)

    def test_it_accepts_the_archives_own_addresses(self):
        page = """<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/css/site.css">
            <img src="/media/x.jpg" srcset="/media/x.jpg 1x, http://testserver/media/y.jpg 2x">
            <form action=""></form><form action="/search/"></form>"""
        self.assertEqual([url for _, url in addresses(page).loads if fetches_from_elsewhere(url)], [])

    def test_it_tells_a_link_without_noreferrer(self):
        found = addresses('<a href="https://example.org/" rel="noopener">out</a><a href="/victims/">in</a>')
        self.assertEqual([(url, rel) for _, url, rel in found.links if leads_elsewhere(url)], [
            ("https://example.org/", "noopener")
        ])  # fmt: skip

    def test_it_reads_addresses_in_stylesheets(self):
        css = """/* url(https://comment.example/) */ @import url("https://fonts.example/a.css");
            @import 'b.css'; a { background: url( /static/x.png ) } b { background: image-set("https://cdn.example/c.png" 1x) }"""
        self.assertEqual(
            css_urls(css),
            ["https://fonts.example/a.css", "/static/x.png", "b.css", "https://cdn.example/c.png"],
        )

    def test_it_tells_a_content_security_policy_that_lets_other_origins_in(self):
        header = "default-src 'self'; img-src 'self' data: https://tiles.example; script-src *"
        self.assertEqual(
            csp_sources_from_elsewhere(header), ["img-src https://tiles.example", "script-src *"]
        )
