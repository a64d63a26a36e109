"""What the browser tests share: Debian's Chromium driven by Playwright, and a small archive to look at.

The tests skip, with the reason, where Chromium or Playwright is missing (CI installs both: .ci/run and
requirements-dev.txt). Playwright drives the system's Chromium and never downloads a browser of its own.
"""

from __future__ import annotations

import io
import os
import shutil
from unittest import skipUnless

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.files.base import ContentFile
from PIL import Image

from archive.models import (
    Citation,
    Estimate,
    Event,
    Organization,
    OrganizationKind,
    Place,
    PlaceKind,
    Source,
    SourceKind,
    Stance,
    Status,
)
from perpetrators.models import CommissionRole, Perpetrator, Position
from victims.models import Gender, LinkRole, PerpetratorLink, Verification, Victim, VictimPhoto

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the skip below says why
    sync_playwright = None

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def needs_a_browser(test_class):
    """Skip the class, saying why, where Playwright or Chromium is missing."""
    test_class = skipUnless(os.path.exists(CHROMIUM), "Chromium is not installed (apt-get install chromium)")(
        test_class
    )
    return skipUnless(sync_playwright is not None, "Playwright is not installed (requirements-dev.txt)")(
        test_class
    )


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server with the static files, and one Chromium for the whole class."""

    @classmethod
    def setUpClass(cls):
        # Playwright's synchronous API keeps an event loop in this thread; the test's own database reads
        # are synchronous all the same (Django's documentation gives this setting for Playwright).
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def new_page(self, **context_options):
        """A page in a fresh browser context (no cache, no cookies), closed when the test ends."""
        context = self.browser.new_context(**context_options)
        self.addCleanup(context.close)
        return context.new_page()


def jpeg(width: int = 60, height: int = 80) -> ContentFile:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (120, 110, 100)).save(data, "JPEG")
    return ContentFile(data.getvalue(), name="portrait.jpg")


def build_archive(*, photo: bool = True) -> None:
    """A small published archive with one record of every kind, named in both scripts where sources give both.

    Slugs (the pages' addresses): victims "ali-rezaei" (with a photo), "maryam-karimi" (no photo) and
    "john-smith" (a Latin name only); perpetrator "mostafa-pourmohammadi"; event "1988-prison-massacre";
    places "tehran-province" > "tehran" > "evin-prison"; source "report-on-the-1988-massacre".
    """
    published = Status.PUBLISHED
    province = Place.objects.create(
        name_en="Tehran Province", name_fa="استان تهران", kind=PlaceKind.PROVINCE, status=published
    )
    tehran = Place.objects.create(
        name_en="Tehran", name_fa="تهران", kind=PlaceKind.CITY, parent=province, status=published
    )
    evin = Place.objects.create(
        name_en="Evin Prison",
        name_fa="زندان اوین",
        kind=PlaceKind.PRISON,
        parent=tehran,
        status=published,
        description_en="A prison in the north of Tehran.",
        description_fa="زندانی در شمال تهران.",
    )
    massacre = Event.objects.create(
        name_en="1988 prison massacre",
        name_fa="کشتار زندانیان سیاسی ۱۳۶۷",
        start_text="1988-07",
        status=published,
        description_en="Thousands of political prisoners were executed in a few weeks.",
        description_fa="هزاران زندانی سیاسی در چند هفته اعدام شدند.",
    )
    massacre.places.add(evin)
    report = Source.objects.create(
        title_en="Report on the 1988 massacre",
        title_fa="گزارش کشتار ۱۳۶۷",
        kind=SourceKind.REPORT,
        author="Justice for the Victims",
        published_text="2017",
        summary_en="Names, dates and testimonies.",
        status=published,
    )
    statement = Source.objects.create(
        title_en="A statement by the judiciary",
        kind=SourceKind.OFFICIAL_STATEMENT,
        stance=Stance.STATE,
        published_text="2016",
        status=published,
    )
    Estimate.objects.create(
        event=massacre,
        counted_en="prisoners executed",
        counted_fa="زندانیان اعدام‌شده",
        count_low=4500,
        count_high=5000,
        estimated_by="Amnesty International",
    )
    Estimate.objects.create(
        event=massacre,
        counted_en="prisoners executed",
        counted_fa="زندانیان اعدام‌شده",
        count_low=30000,
        estimated_by="Opposition sources",
    )
    for estimate in massacre.estimates.all():
        Citation.objects.create(record=estimate, source=report, claim="count", locator="p. 4")

    commission = Organization.objects.create(
        name_en="Tehran death commission",
        name_fa="هیئت مرگ تهران",
        kind=OrganizationKind.COMMISSION,
        place=tehran,
        status=published,
    )
    ministry = Organization.objects.create(
        name_en="Ministry of Justice",
        name_fa="وزارت دادگستری",
        kind=OrganizationKind.MINISTRY,
        status=published,
    )
    official = Perpetrator.objects.create(
        name_en="Mostafa Pourmohammadi",
        name_fa="مصطفی پورمحمدی",
        biography_en="A member of the Tehran commission in 1988, later a minister.",
        status=published,
    )
    seat = Position.objects.create(
        perpetrator=official,
        organization=commission,
        commission_role=CommissionRole.INTELLIGENCE,
        title_en="Intelligence ministry representative",
        title_fa="نماینده وزارت اطلاعات",
        place=tehran,
        event=massacre,
        start_text="1988-07",
        end_text="1988-09",
        status=published,
    )
    Position.objects.create(
        perpetrator=official,
        organization=ministry,
        title_en="Minister of Justice",
        title_fa="وزیر دادگستری",
        start_text="2013",
        end_text="2017",
        status=published,
    )
    Citation.objects.create(
        record=seat, source=report, claim="general", locator="p. 12", quote="He sat on it."
    )
    Citation.objects.create(record=official, source=statement, claim="general", quote="A denial.")

    ali = Victim.objects.create(
        name_en="Ali Rezaei",
        name_fa="علی رضایی",
        gender=Gender.MALE,
        occupation="Teacher",
        death_text="1367/05/12",
        death_calendar="solar_hijri",
        death_place=evin,
        verification=Verification.CONFIRMED,
        biography_en="A teacher from Tehran, arrested in 1981.",
        biography_fa="معلمی از تهران که در ۱۳۶۰ بازداشت شد.",
        status=published,
    )
    ali.events.add(massacre)
    ali.prisons.add(evin)
    if photo:
        VictimPhoto.objects.create(victim=ali, image=jpeg(), credit="The family", caption_en="In 1980")
    maryam = Victim.objects.create(
        name_en="Maryam Karimi",
        name_fa="مریم کریمی",
        gender=Gender.FEMALE,
        death_text="1988",
        death_place=evin,
        biography_en="A student, held in Evin from 1982.",
        biography_fa="دانشجو، از ۱۳۶۱ در اوین زندانی بود.",
        status=published,
    )
    maryam.events.add(massacre)
    maryam.prisons.add(evin)
    PerpetratorLink.objects.create(victim=maryam, perpetrator=official, role=LinkRole.SENTENCED)
    # A record with no Persian name: Persian pages show its Latin name, marked as left-to-right English.
    latin_only = Victim.objects.create(name_en="John Smith", death_text="1988", status=published)
    latin_only.events.add(massacre)
    for victim in (ali, maryam, latin_only):
        Citation.objects.create(
            record=victim, source=report, claim="general", locator="p. 30", quote="Named."
        )
    Citation.objects.create(record=ali, source=report, claim="death", locator="p. 31")
