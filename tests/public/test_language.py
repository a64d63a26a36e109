"""Persian as a first-class language: every page under /fa/, right to left, Solar Hijri dates, Persian digits."""

from __future__ import annotations

from archive.models import Estimate, Event, Organization, OrganizationKind, Place, PlaceKind, Status
from perpetrators.models import Perpetrator, Position
from tests.base import BaseTestCase
from victims.models import Victim

PAGES = [
    "/",
    "/victims/",
    "/victims/ali-rezaei/",
    "/perpetrators/",
    "/perpetrators/ebrahim-raisi/",
    "/sources/",
    "/sources/blood-soaked-secrets/",
    "/events/",
    "/events/1988-prison-massacre/",
    "/places/",
    "/places/evin-prison/",
]


class LanguageTestCase(BaseTestCase):
    def setUp(self):
        self.evin = Place.objects.create(
            name_en="Evin Prison", name_fa="زندان اوین", kind=PlaceKind.PRISON, status=Status.PUBLISHED
        )
        self.massacre = Event.objects.create(
            name_en="1988 prison massacre",
            name_fa="کشتار ۶۷",
            start_text="summer 1367",
            start_calendar="solar_hijri",
            status=Status.PUBLISHED,
        )
        Estimate.objects.create(
            event=self.massacre,
            counted_en="executed",
            count_text="about 5,000",
            count_low=5000,
            estimated_by="Amnesty",
        )
        self.victim = Victim.objects.create(
            name_en="Ali Rezaei",
            name_fa="علی رضایی",
            death_text="1367/05/12",
            death_calendar="solar_hijri",
            death_place=self.evin,
            status=Status.PUBLISHED,
        )
        self.victim.events.add(self.massacre)
        raisi = Perpetrator.objects.create(
            name_en="Ebrahim Raisi", name_fa="ابراهیم رئیسی", status=Status.PUBLISHED
        )
        commission = Organization.objects.create(
            name_en="Tehran Death Commission",
            kind=OrganizationKind.COMMISSION,
            place=self.evin,
            status=Status.PUBLISHED,
        )
        Position.objects.create(
            perpetrator=raisi,
            organization=commission,
            event=self.massacre,
            title_en="Deputy prosecutor",
            during_text="1988",
            status=Status.PUBLISHED,
        )
        source = self.make_source(
            "Blood-soaked secrets", title_fa="اسرار خون‌آلود", slug="blood-soaked-secrets"
        )
        self.cite(self.victim, source, claim="death", locator="p. 112")

    def test_every_page_renders_in_english_left_to_right(self):
        for url in PAGES:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), '<html lang="en" dir="ltr">')

    def test_every_page_renders_under_fa_right_to_left(self):
        for url in PAGES:
            with self.subTest(url=f"/fa{url}"):
                self.assertContains(self.client.get(f"/fa{url}"), '<html lang="fa" dir="rtl">')

    def test_links_on_persian_pages_stay_in_persian(self):
        response = self.client.get("/fa/")
        self.assertContains(response, '<a href="/fa/victims/">')
        self.assertContains(response, '<a href="/fa/victims/ali-rezaei/">')
        self.assertNotContains(response, 'href="/victims/')

    def test_the_language_switch_links_to_the_same_page_in_the_other_language(self):
        for url in PAGES:
            with self.subTest(url=url):
                self.assertContains(
                    self.client.get(url), f'<a href="/fa{url}" hreflang="fa" lang="fa">فارسی</a>'
                )
                self.assertContains(
                    self.client.get(f"/fa{url}"), f'<a href="{url}" hreflang="en" lang="en">English</a>'
                )

    def test_the_language_switch_keeps_the_filters(self):
        response = self.client.get("/victims/?gender=female")
        self.assertContains(response, '<a href="/fa/victims/?gender=female" hreflang="fa"')
        response = self.client.get("/fa/victims/?gender=female")
        self.assertContains(response, '<a href="/victims/?gender=female" hreflang="en"')

    def test_the_current_language_is_marked_not_linked(self):
        self.assertContains(self.client.get("/fa/victims/"), '<span aria-current="true">فارسی</span>')
        self.assertContains(self.client.get("/victims/"), '<span aria-current="true">English</span>')

    def test_a_solar_hijri_date_shows_in_persian_with_persian_digits_and_in_gregorian_in_english(self):
        fa = self.client.get("/fa/victims/ali-rezaei/")
        en = self.client.get("/victims/ali-rezaei/")
        self.assertContains(fa, "۱۲ مرداد ۱۳۶۷")
        self.assertNotContains(fa, "3 August 1988")
        self.assertContains(en, "3 August 1988")
        self.assertNotContains(en, "۱۳۶۷")

    def test_a_gregorian_date_shows_as_solar_hijri_on_persian_pages(self):
        Victim.objects.create(
            name_en="Pouya Bakhtiari",
            death_text="16 November 2019",
            slug="pouya-bakhtiari",
            status=Status.PUBLISHED,
        )
        self.assertContains(self.client.get("/fa/victims/pouya-bakhtiari/"), "۲۵ آبان ۱۳۹۸")
        self.assertContains(self.client.get("/victims/pouya-bakhtiari/"), "16 November 2019")

    def test_names_show_in_the_script_of_the_page(self):
        self.assertContains(self.client.get("/fa/victims/ali-rezaei/"), "<h1>علی رضایی")
        self.assertContains(self.client.get("/victims/ali-rezaei/"), "<h1>Ali Rezaei")

    def test_a_name_known_only_in_latin_script_still_shows_on_persian_pages(self):
        Victim.objects.create(name_en="Sara Latin", slug="sara-latin", status=Status.PUBLISHED)
        # Marked as English, left to right, inside the right-to-left page.
        self.assertContains(
            self.client.get("/fa/victims/sara-latin/"), '<h1><bdi lang="en" dir="ltr">Sara Latin</bdi>'
        )

    def test_counts_and_footnote_numbers_use_persian_digits(self):
        self.assertContains(self.client.get("/fa/"), "<strong>۱</strong>")
        lead = self.client.get("/fa/victims/").content.decode().split('<p class="lead">')[1].split("</p>")[0]
        self.assertIn("۱", lead)
        self.assertNotIn("1", lead)
        self.assertContains(self.client.get("/fa/victims/ali-rezaei/"), 'aria-label="منبع ۱">۱</a>')
