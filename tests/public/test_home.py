"""The home page: / and /fa/."""

from __future__ import annotations

import jdatetime
from django.db import connection
from django.utils import timezone

from archive.dates import GREGORIAN_MONTHS
from archive.models import Event, Status
from perpetrators.models import Perpetrator
from tests.base import BaseTestCase
from victims.models import Victim

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)


def make_victim(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


def this_day_in_1367() -> str:
    """Today's Solar Hijri day and month in 1367 (or the nearest earlier year that has it: 30 Esfand)."""
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    for year in range(1367, 1357, -1):
        try:
            jdatetime.date(year, today.month, today.day)
        except ValueError:
            continue
        return f"{year}/{today.month:02d}/{today.day:02d}"
    raise AssertionError("no leap year in ten years")


def anniversaries(response) -> str:
    """The "remembered on this day" section of the page (the same people may also be among the recent additions)."""
    return response.content.decode().split('id="today-heading"')[1].split("</section>")[0]


# On PostgreSQL a long list's count starts with the planner's estimate (archive.lists.tally): one query more.
ESTIMATE = int(connection.vendor == "postgresql")


class HomeTestCase(BaseTestCase):
    def test_it_says_what_the_archive_is_in_english(self):
        response = self.client.get("/")
        self.assertContains(response, "Remembering the victims of the 1988 prison massacre")
        self.assertContains(response, '<html lang="en" dir="ltr">')

    def test_it_renders_in_persian(self):
        make_victim("Ali Rezaei", "علی رضایی")
        make_victim("Maryam Ahmadi", "مریم احمدی")
        response = self.client.get("/fa/")
        self.assertContains(response, '<html lang="fa" dir="rtl">')
        self.assertContains(response, '<a href="/fa/victims/"><strong>۲</strong>')
        self.assertContains(response, '<a href="/fa/victims/ali-rezaei/"><span class="name">علی رضایی</span>')

    def test_it_counts_published_records_only(self):
        massacre = Event.objects.create(name_en="1988 prison massacre", status=Status.PUBLISHED)
        make_victim("Ali Rezaei").events.add(massacre)
        Perpetrator.objects.create(name_en="Ebrahim Raisi", status=Status.PUBLISHED)
        self.make_source("Amnesty report")
        for status in UNPUBLISHED:
            make_victim(f"Hidden victim {status}", status=status).events.add(massacre)
            Perpetrator.objects.create(name_en=f"Hidden official {status}", status=status)
            self.make_source(f"Hidden source {status}", status=status)
        response = self.client.get("/")
        self.assertContains(response, "<strong>1</strong> victims named")
        self.assertContains(response, "<strong>1</strong> officials named")
        self.assertContains(response, "<strong>1</strong> source documents")
        self.assertNotContains(response, "Hidden")

    def test_counts_use_thousands_separators(self):
        victims = [
            Victim(name_en=f"Victim {n}", slug=f"victim-{n}", status=Status.PUBLISHED) for n in range(1001)
        ]
        for victim in victims:
            victim.resolve_fuzzy_dates()  # what save() would do; bulk_create does not call it
        Victim.objects.bulk_create(victims)
        self.assertContains(self.client.get("/"), "<strong>1,001</strong> victims named")
        self.assertContains(self.client.get("/fa/"), '<a href="/fa/victims/"><strong>۱٬۰۰۱</strong>')

    def test_staff_see_the_same_public_counts(self):
        make_victim("Ali Rezaei")
        make_victim("Unverified Person", status=Status.DRAFT)
        self.client.force_login(self.editor)
        response = self.client.get("/")
        self.assertContains(response, "<strong>1</strong> victims named")
        self.assertNotContains(response, "Unverified Person")

    def test_it_lists_published_events_only(self):
        Event.objects.create(
            name_en="1988 prison massacre",
            start_text="summer 1367",
            start_calendar="solar_hijri",
            status=Status.PUBLISHED,
        )
        Event.objects.create(name_en="Unannounced Event")
        response = self.client.get("/")
        self.assertContains(
            response,
            '<a href="/events/1988-prison-massacre/"><span class="name">1988 prison massacre</span></a>',
        )
        self.assertNotContains(response, "Unannounced Event")
        self.assertContains(self.client.get("/fa/"), "تابستان ۱۳۶۷")

    def test_it_shows_recent_additions_without_drafts(self):
        make_victim("Ali Rezaei")
        make_victim("Unverified Person", status=Status.IN_REVIEW)
        self.make_source("Amnesty report")
        self.make_source("Unchecked memo", status=Status.DRAFT)
        response = self.client.get("/")
        self.assertContains(response, "Recently added")
        self.assertContains(response, "Ali Rezaei")
        self.assertContains(response, "Amnesty report")
        self.assertNotContains(response, "Unverified Person")
        self.assertNotContains(response, "Unchecked memo")

    def test_it_remembers_those_who_died_on_this_day_in_the_gregorian_calendar(self):
        today = timezone.localdate()
        make_victim("Died Today", death_text=f"{today.day} {GREGORIAN_MONTHS[today.month - 1]} 1988")
        make_victim(
            "Hidden Today",
            death_text=f"{today.day} {GREGORIAN_MONTHS[today.month - 1]} 1988",
            status=Status.DRAFT,
        )
        make_victim("Died That Year", death_text="1988")
        section = anniversaries(self.client.get("/"))
        self.assertIn('href="/victims/died-today/"', section)
        self.assertNotIn("Hidden Today", section)
        self.assertNotIn("Died That Year", section)

    def test_it_remembers_those_who_died_on_this_day_in_the_solar_hijri_calendar_on_persian_pages(self):
        make_victim(
            "Died Today", "درگذشته امروز", death_text=this_day_in_1367(), death_calendar="solar_hijri"
        )
        self.assertIn('href="/fa/victims/died-today/"', anniversaries(self.client.get("/fa/")))

    def test_a_date_known_only_to_the_month_is_no_anniversary(self):
        today = timezone.localdate()
        make_victim("Died That Month", death_text=f"{GREGORIAN_MONTHS[today.month - 1]} 1988")
        section = anniversaries(self.client.get("/"))
        self.assertIn("No one in the archive is recorded as having died on this day of the year.", section)
        self.assertNotIn("Died That Month", section)

    def test_it_refuses_post_put_and_delete(self):
        self.assertEqual(self.client.post("/").status_code, 405)
        self.assertEqual(self.client.put("/").status_code, 405)
        self.assertEqual(self.client.delete("/").status_code, 405)

    def test_it_makes_a_fixed_number_of_queries(self):
        make_victim("Ali Rezaei")
        # three counts (and estimates of the victims and the sources), events, anniversaries, recent
        # victims, recent sources
        with self.assertNumQueries(7 + 2 * ESTIMATE):
            self.client.get("/")
        with self.assertNumQueries(7 + 2 * ESTIMATE):
            self.client.get("/fa/")

    def test_its_query_count_does_not_grow_with_more_records(self):
        today = timezone.localdate()
        day = f"{today.day} {GREGORIAN_MONTHS[today.month - 1]}"
        make_victim("Victim 0", death_text=f"{day} 1988")
        Event.objects.create(name_en="Event 0", status=Status.PUBLISHED)
        self.make_source("Source 0")
        with self.assertNumQueries(7 + 2 * ESTIMATE):
            self.client.get("/")
        for n in range(1, 5):
            make_victim(f"Victim {n}", death_text=f"{day} {1988 + n}")
            Event.objects.create(name_en=f"Event {n}", status=Status.PUBLISHED)
            self.make_source(f"Source {n}")
        with self.assertNumQueries(7 + 2 * ESTIMATE):
            response = self.client.get("/")
        self.assertContains(response, "Victim 4")
        self.assertContains(response, "Event 4")
        self.assertContains(response, "Source 4")
