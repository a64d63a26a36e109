"""A small archive exported as a static mirror once per test class, and readers of what was written."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

from archive.models import Event, Place, PlaceKind, Source, SourceKind, Status
from perpetrators.models import Perpetrator, PerpetratorPhoto
from tests.base import BaseTestCase
from victims.models import Victim, VictimPhoto

PUBLISHED_VICTIMS = [
    ("Ali Rezaei", "علی رضایی"),
    ("Maryam Ahmadi", "مریم احمدی"),
    ("Hossein Karimi", "حسین کریمی"),
    ("Fatemeh Mohammadi", "فاطمه محمدی"),
    ("Reza Ghorbani", "رضا قربانی"),
]
# Words found nowhere else: none of them may appear in any file of the mirror.
SECRETS = [
    "Secretus Draftname",
    "پنهان‌نام پیش‌نویس",
    "Reviewus Pendingname",
    "Withdrawnus Gonename",
    "Witness Restrictum",
    "RESTRICTED QUOTE ZEBRA",
    "Unseenum Draft Source",
    "Hiddenplace Draftville",
    "Shadowus Draftofficial",
]


def jpeg(shade: int) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (shade, 40, 90)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="scan.jpg")


def build_archive(test) -> None:
    """Published records in both scripts, and records the public must never see, each kind of them."""
    test.event = Event.objects.create(
        name_en="1988 prison massacre", name_fa="کشتار ۶۷", status=Status.PUBLISHED
    )
    test.evin = Place.objects.create(
        name_en="Evin Prison", name_fa="زندان اوین", kind=PlaceKind.PRISON, status=Status.PUBLISHED
    )
    Place.objects.create(name_en="Hiddenplace Draftville", kind=PlaceKind.CITY, status=Status.DRAFT)
    test.victims = []
    for name_en, name_fa in PUBLISHED_VICTIMS:
        victim = Victim.objects.create(
            name_en=name_en, name_fa=name_fa, status=Status.PUBLISHED, death_place=test.evin
        )
        victim.events.add(test.event)
        test.victims.append(victim)
    test.ali = test.victims[0]
    Victim.objects.create(name_en="Secretus Draftname", name_fa="پنهان‌نام پیش‌نویس", status=Status.DRAFT)
    Victim.objects.create(name_en="Reviewus Pendingname", status=Status.IN_REVIEW)
    Victim.objects.create(name_en="Withdrawnus Gonename", status=Status.WITHDRAWN)
    test.perpetrator = Perpetrator.objects.create(
        name_en="Mostafa Pourmohammadi", name_fa="مصطفی پورمحمدی", status=Status.PUBLISHED
    )
    Perpetrator.objects.create(name_en="Shadowus Draftofficial", status=Status.DRAFT)

    test.photo = VictimPhoto.objects.create(victim=test.ali, image=jpeg(10), credit="The family")
    test.photo.make_derivatives()
    PerpetratorPhoto.objects.create(perpetrator=test.perpetrator, image=jpeg(20)).make_derivatives()

    test.source = test.make_source("Report on the prisons", slug="report", file=jpeg(30))
    test.source.make_derivatives()
    test.restricted = test.make_source("Witness Restrictum", restricted=True, file=jpeg(40))
    test.restricted.make_derivatives()
    test.make_source("Unseenum Draft Source", status=Status.DRAFT, kind=SourceKind.TESTIMONY)
    test.cite(test.ali, test.source, quote="He was held in Evin.")
    test.cite(test.ali, test.restricted, quote="RESTRICTED QUOTE ZEBRA")


@override_settings(PAGE_SIZE=2)
class MirrorTestCase(BaseTestCase):
    """The archive of build_archive(), exported once into `cls.mirror` with the page size at 2."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The statistics' figures are kept in the cache for minutes: an earlier test's, made from its own
        # records, would link to pages this archive does not have.
        cache.clear()
        build_archive(cls)
        cls.folder = Path(tempfile.mkdtemp(prefix="mirror-test-"))
        cls.mirror = cls.folder / "mirror"
        cls.output = export(cls.mirror)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def make_source(cls, title, status=Status.PUBLISHED, **fields) -> Source:
        fields.setdefault("kind", SourceKind.REPORT)
        return Source.objects.create(title_en=title, status=status, **fields)

    @classmethod
    def cite(cls, record, source, quote, claim="general"):
        return BaseTestCase.cite(cls, record, source, claim=claim, quote=quote)

    def read(self, name: str) -> str:
        return (self.mirror / name).read_text(encoding="utf-8")


def export(folder: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("export_static", "--output", str(folder), *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def files_of(folder: Path) -> dict[str, str]:
    """Every file of a folder, by its path inside, with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class Links(HTMLParser):
    """The addresses of a page (href, src, action, srcset), each with its tag."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name == "srcset":
                for candidate in value.split(","):
                    self.links.append((tag, candidate.strip().split(" ")[0], values))
            elif name in ("href", "src", "action"):
                self.links.append((tag, value, values))


def links_of(html: str) -> list[tuple[str, str, dict]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def internal_target(folder: Path, page: Path, link: str) -> Path | None:
    """The file an internal link of a page leads to; None for another site, data: or a #fragment."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("#"):
        return None
    return Path(os.path.normpath(page.parent / unquote(parts.path)))


def index_entries(folder: Path) -> list[list]:
    """Every entry of every shard of the mirror's search index."""
    entries = []
    for shard in sorted((folder / "search-index").glob("*.js")):
        if shard.name == "index.js":
            continue
        match = re.fullmatch(
            r"MirrorSearch\.shard\((\".*?\"),\[\n(.*)\]\);\n", shard.read_text("utf-8"), re.S
        )
        entries += json.loads("[" + match.group(2) + "]")
    return entries
