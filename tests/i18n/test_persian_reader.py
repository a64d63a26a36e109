"""A reader of Persian only meets no English interface: every Latin word or digit on a /fa/ page is record data.

Record data (a source's English title, a quote, a Latin name) is what the sources say and stays as
given. Everything else a Persian page shows, in text or in the attributes a reader meets (alternative
text, tooltips, labels read by screen readers, button labels), must be Persian.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from archive.models import Estimate, Event, Organization, OrganizationKind, Place, PlaceKind, Status
from perpetrators.models import Perpetrator, Position
from tests.base import BaseTestCase
from victims.models import Victim

LATIN = re.compile(r"[A-Za-z]{2,}|[0-9]+")
ADDRESS = re.compile(r"https?://\S+")
# Technical names a Persian text writes in Latin letters too: formats, a hash's name, units.
TECHNICAL = {"CSV", "JSON", "BibTeX", "RIS", "CSL", "PDF", "SHA", "API", "Popolo", "JPEG", "PNG", "WebP"}
TECHNICAL |= {"Tor", "IP", "MB"}
# Examples the help texts give: Latin spellings search matches, the shape of a receipt code.
EXAMPLES = {"Pour", "Mohammadi", "Pourmohammadi", "Hussein", "Hossein", "ABCD", "EFGH", "JKMN", "PQRS"}
# Attributes a reader meets: shown as tooltips or labels, or spoken by a screen reader.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
NOT_READ = {"script", "style", "code", "kbd", "samp"}

PAGES = [
    "home",
    "victim_list",
    "perpetrator_list",
    "source_list",
    "event_list",
    "place_list",
    "search",
    "submit",
    "submission_status",
    "wall_of_names",
    "on_this_day",
    "statistics",
    "place_map",
]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ReadText(HTMLParser):
    """The Persian-language text and read attributes of a page, outside scripts, styles and code.

    Text inside an element marked with another language (the link to the English page, labelled
    "English") is meant to be in that language and is left out.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, whether it is left out)
        self.pieces: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(left_out for _, left_out in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        left_out = tag in NOT_READ or attributes.get("lang", "fa") != "fa"
        if not self.skipping and not left_out:
            self.pieces += [value for name, value in attrs if name in READ_ATTRIBUTES and value]
            if tag == "input" and attributes.get("type") in {"submit", "button"} and attributes.get("value"):
                self.pieces.append(attributes["value"])
        if tag not in VOID:
            self.open.append((tag, left_out))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.pieces.append(data.strip())


class PersianReaderTest(BaseTestCase):
    def setUp(self):
        evin = Place.objects.create(
            name_en="Evin Prison", name_fa="زندان اوین", kind=PlaceKind.PRISON, status=Status.PUBLISHED
        )
        massacre = Event.objects.create(
            name_en="1988 prison massacre",
            name_fa="کشتار ۶۷",
            start_text="summer 1367",
            start_calendar="solar_hijri",
            status=Status.PUBLISHED,
        )
        Estimate.objects.create(
            event=massacre,
            counted_en="executed",
            count_text="about 5,000",
            count_low=5000,
            estimated_by="Amnesty",
        )
        victim = Victim.objects.create(
            name_en="Ali Rezaei",
            name_fa="علی رضایی",
            death_text="1367/05/12",
            death_calendar="solar_hijri",
            death_place=evin,
            status=Status.PUBLISHED,
        )
        victim.events.add(massacre)
        raisi = Perpetrator.objects.create(
            name_en="Ebrahim Raisi", name_fa="ابراهیم رئیسی", status=Status.PUBLISHED
        )
        commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            kind=OrganizationKind.COMMISSION,
            place=evin,
            status=Status.PUBLISHED,
        )
        Position.objects.create(
            perpetrator=raisi,
            organization=commission,
            event=massacre,
            title_en="Deputy prosecutor",
            during_text="1988",
            status=Status.PUBLISHED,
        )
        source = self.make_source(
            "Blood-soaked secrets", author="Amnesty International", slug="blood-soaked-secrets"
        )
        self.cite(
            victim, source, claim="death", locator="p. 112", quote="He was executed in Evin in August 1988."
        )
        self.cite(raisi, source, claim="general")
        self.cite(massacre, source, claim="general")
        self.pages = self.addresses(victim, raisi, source, massacre, evin)

    def addresses(self, *records) -> list[str]:
        with translation.override("fa"):
            pages = []
            for name in PAGES:
                try:
                    pages.append(reverse(name))
                except NoReverseMatch:
                    self.fail(f"no page named {name!r}")
            pages += [record.get_absolute_url() for record in records]
            pages += [
                reverse("search") + "?q=علی",
                reverse("victim_list") + "?gender=male",
                "/fa/no-such-page/",
            ]
        return pages

    def record_words(self) -> set[str]:
        """Every Latin word stored in the archive's records: what a Persian page may show as given."""
        words = set()
        for model in apps.get_models():
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, (models.CharField, models.TextField))
            ]
            for row in model.objects.values_list(*fields):
                words.update(word for value in row if value for word in LATIN.findall(value))
        return words

    def test_every_latin_word_on_a_persian_page_is_record_data(self):
        data = self.record_words() | TECHNICAL | EXAMPLES
        for url in self.pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn(response.status_code, {200, 404})
                reader = ReadText()
                reader.feed(response.content.decode())
                english = [
                    piece
                    for piece in reader.pieces
                    if not piece.startswith("/")
                    and any(word not in data for word in LATIN.findall(ADDRESS.sub("", piece)))
                ]
                self.assertEqual(english, [], f"English interface text on {url}")
