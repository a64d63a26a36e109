"""Open Graph and schema.org JSON-LD on record pages and the home page (archive/templatetags/record_meta.py)."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory

from archive import derivatives
from archive.dates import FuzzyDate, Precision
from archive.models import Event, Place, PlaceKind, Status
from archive.templatetags.record_meta import schema_date
from perpetrators.models import Perpetrator
from tests.base import BaseTestCase
from tests.files.images import jpeg
from victims.models import Victim, VictimName, VictimPhoto
from victims.views import _get_victim_for_user

SERVER = "http://testserver"


def open_graph(response) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for prop, content in re.findall(
        r'<meta property="(og:[^"]+)" content="([^"]*)">', response.content.decode()
    ):
        tags.setdefault(prop, []).append(unescape(content))
    return tags


def json_ld(response) -> list[dict]:
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(script) for script in scripts]


def make_victim(name_en="Ali Rezaei", name_fa="علی رضایی", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


class SchemaDateTestCase(BaseTestCase):
    def test_no_date_is_finer_than_the_source_gave_it(self):
        day = datetime.date
        cases = [
            (
                FuzzyDate("1988-08-03", "gregorian", Precision.DAY, day(1988, 8, 3), day(1988, 8, 3)),
                "1988-08-03",
            ),
            (
                FuzzyDate("August 1988", "gregorian", Precision.MONTH, day(1988, 8, 1), day(1988, 8, 31)),
                "1988-08",
            ),
            (
                FuzzyDate("summer 1988", "gregorian", Precision.SEASON, day(1988, 6, 20), day(1988, 9, 23)),
                "1988",
            ),
            (
                FuzzyDate("Mordad 1367", "solar_hijri", Precision.MONTH, day(1988, 7, 23), day(1988, 8, 22)),
                "1988",
            ),
            (FuzzyDate("1988", "gregorian", Precision.YEAR, day(1988, 1, 1), day(1988, 12, 31)), "1988"),
            (FuzzyDate("1367", "solar_hijri", Precision.YEAR, day(1988, 3, 21), day(1989, 3, 20)), None),
            (
                FuzzyDate("winter 1988", "gregorian", Precision.SEASON, day(1987, 12, 20), day(1989, 3, 21)),
                None,
            ),
            (FuzzyDate("in the eighties"), None),
            (FuzzyDate(), None),
        ]
        for date, iso in cases:
            with self.subTest(date=date.text):
                self.assertEqual(schema_date(date), iso)


class VictimMetaTestCase(BaseTestCase):
    def setUp(self):
        self.evin = Place.objects.create(
            name_en="Evin Prison", name_fa="زندان اوین", kind=PlaceKind.PRISON, status=Status.PUBLISHED
        )

    def test_a_victim_page_has_open_graph_tags_for_a_profile(self):
        make_victim(death_text="1988-08-03", death_place=self.evin)
        self.assertEqual(
            open_graph(self.client.get("/victims/ali-rezaei/")),
            {
                "og:site_name": ["1988 and Aban 1398: a memorial archive"],
                "og:title": ["Ali Rezaei"],
                "og:description": ["Ali Rezaei, died 3 August 1988. Place of death: Evin Prison."],
                "og:type": ["profile"],
                "og:url": [f"{SERVER}/victims/ali-rezaei/"],
                "og:locale": ["en_US"],
                "og:locale:alternate": ["fa_IR"],
            },
        )

    def test_on_the_persian_page_the_tags_are_persian(self):
        make_victim(
            death_text="1367/05/12",
            death_calendar="solar_hijri",
            birth_text="1340",
            birth_calendar="solar_hijri",
        )
        tags = open_graph(self.client.get("/fa/victims/ali-rezaei/"))
        self.assertEqual(tags["og:title"], ["علی رضایی"])
        self.assertIn("۱۲ مرداد ۱۳۶۷", tags["og:description"][0])
        self.assertIn("۱۳۴۰", tags["og:description"][0])
        self.assertEqual(tags["og:url"], [f"{SERVER}/fa/victims/ali-rezaei/"])
        self.assertEqual((tags["og:locale"], tags["og:locale:alternate"]), (["fa_IR"], ["en_US"]))

    def test_a_victim_known_only_by_name_gets_a_plain_sentence(self):
        make_victim()
        tags = open_graph(self.client.get("/victims/ali-rezaei/"))
        self.assertEqual(
            tags["og:description"], ["Ali Rezaei: an entry in the memorial archive, with its sources."]
        )

    def test_a_photograph_s_web_copy_is_the_image_never_the_original(self):
        victim = make_victim()
        with self.captureOnCommitCallbacks(execute=True):
            photo = VictimPhoto.objects.create(victim=victim, image=ContentFile(jpeg(), name="portrait.jpg"))
        web = derivatives.derivative_name(photo.sha256, derivatives.WEB)
        tags = open_graph(self.client.get("/victims/ali-rezaei/"))
        self.assertEqual(tags["og:image"], [f"{SERVER}/media/{web}"])
        self.assertEqual(tags["og:image:alt"], ["Ali Rezaei"])
        self.assertEqual(
            json_ld(self.client.get("/victims/ali-rezaei/"))[0]["image"], f"{SERVER}/media/{web}"
        )

    def test_no_image_until_the_web_copy_is_made(self):
        victim = make_victim()
        with self.captureOnCommitCallbacks(execute=False):  # the web copy is not made
            VictimPhoto.objects.create(victim=victim, image=ContentFile(jpeg(shade=3), name="portrait.jpg"))
        response = self.client.get("/victims/ali-rezaei/")
        self.assertNotIn("og:image", open_graph(response))
        self.assertNotIn("image", json_ld(response)[0])

    def test_a_victim_is_a_person_in_json_ld_with_every_name_and_the_day_of_death(self):
        victim = make_victim(death_text="1988-08-03", death_place=self.evin, gender="male")
        VictimName.objects.create(victim=victim, name="Ali Rezayi")
        (data,) = json_ld(self.client.get("/victims/ali-rezaei/"))
        self.assertEqual(
            data,
            {
                "@context": "https://schema.org",
                "@type": "Person",
                "name": "Ali Rezaei",
                "alternateName": ["علی رضایی", "Ali Rezayi"],
                "description": "Ali Rezaei, died 3 August 1988. Place of death: Evin Prison.",
                "url": f"{SERVER}/victims/ali-rezaei/",
                "deathDate": "1988-08-03",
                "deathPlace": {
                    "@type": "Place",
                    "name": "Evin Prison",
                    "url": f"{SERVER}/places/evin-prison/",
                },
                "gender": "Male",
            },
        )

    def test_a_death_in_summer_1988_is_dated_no_finer_than_1988(self):
        make_victim(death_text="summer 1988", birth_text="1367", birth_calendar="solar_hijri")
        (data,) = json_ld(self.client.get("/victims/ali-rezaei/"))
        self.assertEqual(data["deathDate"], "1988")
        self.assertNotIn("birthDate", data)  # a Solar Hijri year straddles two Gregorian years

    def test_an_unpublished_place_is_not_named(self):
        draft = Place.objects.create(name_en="Secret Prison", kind=PlaceKind.PRISON, status=Status.DRAFT)
        make_victim(death_place=draft)
        response = self.client.get("/victims/ali-rezaei/")
        self.assertNotIn("deathPlace", json_ld(response)[0])
        self.assertNotContains(response, "Secret Prison")

    def test_a_name_cannot_break_out_of_the_json_ld_script(self):
        name = "Ali </script><script>alert(1)</script> & <!-- Rezaei"
        victim = make_victim(name_en=name, slug="ali")
        response = self.client.get(f"/victims/{victim.slug}/")
        html = response.content.decode()
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
        self.assertNotIn("<", script)
        self.assertNotIn(">", script)
        self.assertNotIn("&", script)
        self.assertEqual(json.loads(script)["name"], name)
        self.assertNotIn("<script>alert", html)
        self.assertEqual(open_graph(response)["og:title"], [name])

    def test_a_published_victim_may_be_indexed(self):
        make_victim()
        self.assertNotContains(self.client.get("/victims/ali-rezaei/"), 'name="robots"')

    def test_a_draft_previewed_by_an_editor_is_not_to_be_indexed(self):
        make_victim(status=Status.DRAFT)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/victims/ali-rezaei/"), '<meta name="robots" content="noindex">')

    def test_a_sample_record_is_not_to_be_indexed(self):
        make_victim(is_sample=True)
        self.assertContains(self.client.get("/victims/ali-rezaei/"), '<meta name="robots" content="noindex">')


class OtherRecordsMetaTestCase(BaseTestCase):
    def test_a_perpetrator_is_a_person_with_dates_at_their_precision(self):
        Perpetrator.objects.create(
            name_en="Hossein-Ali Nayyeri", name_fa="حسینعلی نیری", birth_text="1956", status=Status.PUBLISHED
        )
        response = self.client.get("/perpetrators/hossein-ali-nayyeri/")
        (data,) = json_ld(response)
        self.assertEqual(data["@type"], "Person")
        self.assertEqual(data["birthDate"], "1956")
        self.assertEqual(data["alternateName"], ["حسینعلی نیری"])
        self.assertNotIn("deathDate", data)
        self.assertEqual(open_graph(response)["og:type"], ["profile"])
        self.assertEqual(open_graph(response)["og:description"], ["Hossein-Ali Nayyeri, born 1956."])

    def test_a_source_is_a_creative_work_with_its_file_and_hash(self):
        content = b"%PDF-1.4 a leaked list"
        source = self.make_source(
            "Leaked list",
            slug="leaked-list",
            author="Amnesty International",
            published_text="December 2018",
            url="https://example.org/list",
            summary_en="A list of prisoners executed in the summer of 1988.",
            file=SimpleUploadedFile("list.pdf", content),
        )
        response = self.client.get("/sources/leaked-list/")
        (data,) = json_ld(response)
        self.assertEqual(data["@type"], "CreativeWork")
        self.assertEqual(data["name"], "Leaked list")
        self.assertEqual(data["author"], "Amnesty International")
        self.assertEqual(data["datePublished"], "2018-12")
        self.assertEqual(data["sameAs"], ["https://example.org/list"])
        self.assertEqual(data["encoding"]["contentUrl"], f"{SERVER}/sources/leaked-list/file/")
        self.assertEqual(data["encoding"]["sha256"], source.sha256)
        self.assertEqual(data["encoding"]["encodingFormat"], "application/pdf")
        tags = open_graph(response)
        self.assertEqual(tags["og:type"], ["article"])
        self.assertEqual(tags["og:description"], ["A list of prisoners executed in the summer of 1988."])

    def test_an_event_is_an_event_at_its_places(self):
        evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
        hidden = Place.objects.create(name_en="Hidden Place", kind=PlaceKind.PRISON, status=Status.DRAFT)
        event = Event.objects.create(
            name_en="1988 prison massacre", start_text="July 1988", end_text="1988", status=Status.PUBLISHED
        )
        event.places.add(evin, hidden)
        (data,) = json_ld(self.client.get("/events/1988-prison-massacre/"))
        self.assertEqual(data["@type"], "Event")
        self.assertEqual((data["startDate"], data["endDate"]), ("1988-07", "1988"))
        self.assertEqual([place["name"] for place in data["location"]], ["Evin Prison"])

    def test_a_place_is_a_place_with_its_coordinates_and_where_it_lies(self):
        tehran = Place.objects.create(name_en="Tehran", kind=PlaceKind.CITY, status=Status.PUBLISHED)
        Place.objects.create(
            name_en="Evin Prison",
            kind=PlaceKind.PRISON,
            parent=tehran,
            latitude="35.79600",
            longitude="51.38700",
            status=Status.PUBLISHED,
        )
        response = self.client.get("/places/evin-prison/")
        (data,) = json_ld(response)
        self.assertEqual(data["@type"], "Place")
        self.assertEqual(data["geo"], {"@type": "GeoCoordinates", "latitude": 35.796, "longitude": 51.387})
        self.assertEqual(data["containedInPlace"]["name"], "Tehran")
        self.assertEqual(open_graph(response)["og:type"], ["website"])

    def test_the_home_page_describes_the_archive_as_a_dataset_with_its_downloads(self):
        response = self.client.get("/")
        (data,) = json_ld(response)
        self.assertEqual(data["@type"], "Dataset")
        self.assertEqual(data["license"], "https://creativecommons.org/licenses/by/4.0/")
        urls = {item["contentUrl"]: item["encodingFormat"] for item in data["distribution"]}
        self.assertEqual(urls[f"{SERVER}/victims/export.csv"], "text/csv")
        self.assertEqual(urls[f"{SERVER}/perpetrators/popolo.json"], "application/json")
        self.assertEqual(open_graph(response)["og:type"], ["website"])

    def test_other_pages_have_default_open_graph_tags_and_no_json_ld(self):
        response = self.client.get("/fa/victims/")
        tags = open_graph(response)
        self.assertEqual(tags["og:type"], ["website"])
        self.assertEqual(tags["og:url"], [f"{SERVER}/fa/victims/"])
        self.assertEqual(tags["og:locale"], ["fa_IR"])
        self.assertEqual(json_ld(response), [])

    def test_no_page_has_inline_script(self):
        make_victim()
        for url in ("/", "/victims/ali-rezaei/", "/fa/victims/ali-rezaei/"):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertEqual(re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", html), [])

    def test_the_tags_cost_no_query_beyond_what_the_page_already_loads(self):
        evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED)
        victim = make_victim(death_place=evin, birth_place=evin)
        VictimName.objects.create(victim=victim, name="Ali Rezayi")
        with self.captureOnCommitCallbacks(execute=True):
            VictimPhoto.objects.create(victim=victim, image=ContentFile(jpeg(shade=7), name="p.jpg"))
        request = RequestFactory().get("/victims/ali-rezaei/")
        request.user = AnonymousUser()
        loaded = _get_victim_for_user(request.user, "ali-rezaei")  # as the page loads it
        template = Template("{% load record_meta %}{% page_links %}{% record_meta victim %}")
        with self.assertNumQueries(0):
            html = template.render(Context({"request": request, "victim": loaded}))
        self.assertIn('property="og:image"', html)
        self.assertIn("Ali Rezayi", html)
