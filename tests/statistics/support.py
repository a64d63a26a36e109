"""A small archive to count: places in a hierarchy, two events, victims in every publication state."""

from __future__ import annotations

import re

from django.core.cache import cache

from archive.models import Event, Place, PlaceKind, Status
from tests.base import BaseTestCase
from victims.models import Gender, MannerOfDeath, Victim

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)

ROW = re.compile(
    r'<th scope="row">(?:<a href="[^"]*">)?(?:<bdi [^>]*>)?(.*?)(?:</bdi>)?(?:</a>)?</th>\s*<td>(.*?)</td>',
    re.S,
)


def table(response, chart: str) -> list[tuple[str, str]]:
    """The (label, count) rows of one chart's table on the page, as shown."""
    html = response.content.decode()
    section = html.split(f'<section class="statistic" id="{chart}"')[1].split("</section>")[0]
    return ROW.findall(section.split("<tbody>")[1])


def section(response, chart: str) -> str:
    return (
        response.content.decode().split(f'<section class="statistic" id="{chart}"')[1].split("</section>")[0]
    )


def place(name_en, name_fa, kind, parent=None, status=Status.PUBLISHED) -> Place:
    return Place.objects.create(name_en=name_en, name_fa=name_fa, kind=kind, parent=parent, status=status)


class StatisticsTestCase(BaseTestCase):
    """Five published victims, and hidden ones in every other state, whom nothing may count.

    | victim | death               | place                          | age | gender | manner  | events             |
    |--------|---------------------|--------------------------------|-----|--------|---------|--------------------|
    | Ali    | 12 August 1988      | Evin (prison, Tehran, Tehran P) | 15  | male   | hanging | massacre (+ draft) |
    | Maryam | 1988                | Tehran (city, Tehran Province) | 30  | female | hanging | massacre           |
    | Reza   | 16 November 2019    | Ahvaz (city, Khuzestan)        | 22  | male   | shot    | protests           |
    | Sara   | 1367 (Solar Hijri)  | a city in a draft province     |     |        |         | massacre, protests |
    | Hamid  |                     |                                | 60  |        |         |                    |
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tehran_province = place("Tehran Province", "استان تهران", PlaceKind.PROVINCE)
        tehran = place("Tehran", "تهران", PlaceKind.CITY, cls.tehran_province)
        cls.evin = place("Evin Prison", "زندان اوین", PlaceKind.PRISON, tehran)
        khuzestan = place("Khuzestan Province", "استان خوزستان", PlaceKind.PROVINCE)
        ahvaz = place("Ahvaz", "اهواز", PlaceKind.CITY, khuzestan)
        hidden_province = place("Hidden Province", "", PlaceKind.PROVINCE, status=Status.DRAFT)
        hidden_city = place("City In A Hidden Province", "", PlaceKind.CITY, hidden_province)
        cls.massacre = Event.objects.create(
            name_en="1988 prison massacre", name_fa="کشتار ۱۳۶۷", status=Status.PUBLISHED, start_text="1988"
        )
        cls.protests = Event.objects.create(
            name_en="November 2019 protests",
            name_fa="اعتراضات آبان ۱۳۹۸",
            status=Status.PUBLISHED,
            start_text="2019",
        )
        cls.hidden_event = Event.objects.create(name_en="Hidden event", status=Status.DRAFT)

        ali = cls.victim(
            "Ali Rezaei", death_text="12 August 1988", death_place=cls.evin, age_at_death=15,
            gender=Gender.MALE, manner_of_death=MannerOfDeath.HANGING,
        )  # fmt: skip
        ali.events.add(cls.massacre, cls.hidden_event)
        cls.victim(
            "Maryam Ahmadi", death_text="1988", death_place=tehran, age_at_death=30,
            gender=Gender.FEMALE, manner_of_death=MannerOfDeath.HANGING,
        ).events.add(cls.massacre)  # fmt: skip
        cls.victim(
            "Reza Karimi", death_text="16 November 2019", death_place=ahvaz, age_at_death=22,
            gender=Gender.MALE, manner_of_death=MannerOfDeath.SHOT,
        ).events.add(cls.protests)  # fmt: skip
        cls.victim(
            "Sara Hosseini", death_text="1367", death_calendar="solar_hijri", death_place=hidden_city
        ).events.add(cls.massacre, cls.protests)
        cls.victim("Hamid Moradi", age_at_death=60)
        for status in UNPUBLISHED:
            cls.victim(
                f"Hidden victim {status}", status=status, death_text="12 August 1988", death_place=cls.evin,
                age_at_death=10, gender=Gender.FEMALE, manner_of_death=MannerOfDeath.SHOT,
            ).events.add(cls.massacre, cls.protests)  # fmt: skip

    @staticmethod
    def victim(name_en, status=Status.PUBLISHED, **fields) -> Victim:
        return Victim.objects.create(name_en=name_en, status=status, **fields)

    def setUp(self):
        cache.clear()  # the figures are cached for a few minutes; each test counts afresh
