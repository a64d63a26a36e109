"""On this day: /on-this-day/ (Gregorian) and /fa/on-this-day/ (Solar Hijri), and the home page's section."""

from __future__ import annotations

import datetime
from unittest import mock

from django.db import connection

from archive.models import Status
from tests.base import BaseTestCase
from victims.models import Victim

from .helpers import bulk_victims, make_victim, section

# On PostgreSQL the home page's counts start with the planner's estimates (archive.lists.tally): two queries more.
ESTIMATE = int(connection.vendor == "postgresql")


def on(day: datetime.date):
    """Pretend today is `day`, as the views see it."""
    return mock.patch("django.utils.timezone.localdate", return_value=day)


# 15 Mordad 1367 is 6 August 1988, but 15 Mordad 1403 is 5 August 2024: the calendars part that year.
MORDAD_15_1403 = datetime.date(2024, 8, 5)
AUGUST_6_2024 = datetime.date(2024, 8, 6)


class OnThisDayTestCase(BaseTestCase):
    def setUp(self):
        self.ali = make_victim("Ali Rezaei", "علی رضایی", death_text="6 August 1988")

    def test_english_uses_the_gregorian_calendar(self):
        with on(AUGUST_6_2024):
            response = self.client.get("/on-this-day/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Remembered on 6 August</h1>")
        self.assertContains(response, "Today is 6 August 2024.")
        died = section(response, 'id="died-heading"')
        self.assertIn(
            '<a href="/victims/ali-rezaei/"><span class="name">Ali Rezaei</span> '
            '<span class="other-name" lang="fa" dir="rtl">علی رضایی</span></a>',
            died,
        )
        self.assertIn("1988, 36 years ago", died)
        with on(MORDAD_15_1403):
            self.assertNotContains(self.client.get("/on-this-day/"), "Ali Rezaei")

    def test_persian_uses_the_solar_hijri_calendar(self):
        with on(MORDAD_15_1403):
            response = self.client.get("/fa/on-this-day/")
        self.assertContains(response, "۱۵ مرداد")
        self.assertContains(response, "۱۵ مرداد ۱۴۰۳")  # today, in full
        died = section(response, 'id="died-heading"')
        self.assertIn('<a href="/fa/victims/ali-rezaei/"><span class="name">علی رضایی</span>', died)
        self.assertIn("۱۳۶۷", died)
        self.assertIn("۳۶", died)
        with on(AUGUST_6_2024):  # 16 Mordad 1403
            self.assertNotContains(self.client.get("/fa/on-this-day/"), "علی رضایی")

    def test_it_lists_births_separately(self):
        make_victim("Born Today", birth_text="6 August 1950", death_text="1988")
        make_victim("Born Hidden", birth_text="6 August 1950", status=Status.DRAFT)
        make_victim("Born That Month", birth_text="August 1950")
        with on(AUGUST_6_2024):
            response = self.client.get("/on-this-day/")
        born = section(response, 'id="born-heading"')
        self.assertIn('<span class="count">1</span>', born)
        self.assertIn("Born Today", born)
        self.assertIn("1950, 74 years ago", born)
        self.assertNotIn("Ali Rezaei", born)
        self.assertNotContains(response, "Born Hidden")
        self.assertNotContains(response, "Born That Month")
        self.assertNotIn("Born Today", section(response, 'id="died-heading"'))

    def test_it_hides_unpublished_victims_and_imprecise_dates(self):
        make_victim("Hidden Victim", death_text="6 August 1988", status=Status.IN_REVIEW)
        make_victim("Died That Month", death_text="August 1988")
        make_victim("Died That Year", death_text="1988")
        with on(AUGUST_6_2024):
            response = self.client.get("/on-this-day/")
        died = section(response, 'id="died-heading"')
        self.assertIn('<span class="count">1</span>', died)
        self.assertNotIn("Hidden Victim", died)
        self.assertNotIn("Died That", died)

    def test_another_day_can_be_chosen_in_the_page_calendar(self):
        with on(datetime.date(2025, 1, 1)):
            english = self.client.get("/on-this-day/", {"month": "8", "day": "6"})
            persian = self.client.get("/fa/on-this-day/", {"month": "5", "day": "15"})
            august_5 = self.client.get("/on-this-day/", {"month": "8", "day": "5"})
        self.assertContains(english, "<h1>Remembered on 6 August</h1>")
        self.assertContains(english, "Ali Rezaei")
        self.assertContains(english, "1988, 36 years ago")  # the 37th anniversary is still to come
        self.assertContains(english, '<option value="8" selected>August</option>')
        self.assertContains(english, '<a href="/on-this-day/">See who is remembered today</a>')
        self.assertContains(persian, "علی رضایی")
        self.assertContains(persian, '<option value="5" selected>مرداد</option>')
        self.assertContains(persian, '<option value="15" selected>۱۵</option>')
        self.assertNotContains(august_5, "Ali Rezaei")

    def test_the_day_picker_is_a_labelled_form(self):
        with on(AUGUST_6_2024):
            response = self.client.get("/on-this-day/")
        self.assertContains(response, '<form class="day-picker" method="get" action="/on-this-day/">')
        self.assertContains(response, '<label for="id_month">Month:</label>')
        self.assertContains(response, '<label for="id_day">Day:</label>')
        self.assertContains(response, '<option value="6" selected>6</option>')

    def test_an_invalid_day_gets_a_message_and_today(self):
        with on(AUGUST_6_2024):
            for params, message in (
                ({"month": "13", "day": "1"}, "There is no month 13."),
                ({"month": "8", "day": "32"}, "There is no day 32."),
                ({"month": "August", "day": "6"}, "There is no month August."),
                ({"month": "2", "day": "30"}, "February has no day 30."),
                ({"month": "8"}, "This field is required."),
            ):
                response = self.client.get("/on-this-day/", params)
                self.assertEqual(response.status_code, 400, params)
                self.assertContains(response, message, status_code=400)
                self.assertContains(
                    response, "That day could not be shown, so this page shows 6 August.", status_code=400
                )
                self.assertContains(response, "Ali Rezaei", status_code=400)
            persian = self.client.get("/fa/on-this-day/", {"month": "7", "day": "31"})
        self.assertEqual(persian.status_code, 400)
        self.assertContains(persian, "مهر", status_code=400)
        self.assertContains(persian, "۳۱", status_code=400)

    def test_leap_days_are_remembered_in_leap_years_and_break_nothing(self):
        make_victim("Died On Leap Day", death_text="29 February 1988")
        make_victim("Died On Esfand 30", death_text="1366/12/30", death_calendar="solar_hijri")
        with on(datetime.date(2024, 2, 29)):
            self.assertContains(self.client.get("/on-this-day/"), "Died On Leap Day")
            self.assertEqual(self.client.get("/fa/on-this-day/").status_code, 200)
        with on(datetime.date(2025, 2, 28)):
            response = self.client.get("/on-this-day/")
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "Died On Leap Day")
        with on(datetime.date(2025, 3, 20)):  # 30 Esfand 1403
            persian = self.client.get("/fa/on-this-day/")
        self.assertContains(persian, "۳۰ اسفند")
        self.assertContains(persian, "Died On Esfand 30")
        with on(datetime.date(2025, 1, 1)):
            self.assertContains(
                self.client.get("/on-this-day/", {"month": "2", "day": "29"}), "Died On Leap Day"
            )
            self.assertContains(
                self.client.get("/fa/on-this-day/", {"month": "12", "day": "30"}), "Died On Esfand 30"
            )

    def test_long_lists_are_paged(self):
        bulk_victims(5, "Massacre victim", death_text="6 August 1988")
        with on(AUGUST_6_2024), mock.patch("victims.memorial.ON_THIS_DAY_PAGE_SIZE", 4):
            first = self.client.get("/on-this-day/")
            second = self.client.get("/on-this-day/", {"deaths": "2"})
        self.assertIn('<span class="count">6</span>', section(first, 'id="died-heading"'))
        self.assertContains(first, "page 1 of 2")
        self.assertContains(first, '<a rel="next" href="?deaths=2">next</a>')
        self.assertContains(second, "Massacre victim 004")
        self.assertNotContains(second, "Ali Rezaei")

    def test_sample_records_are_marked(self):
        Victim.objects.filter(pk=self.ali.pk).update(is_sample=True)
        with on(AUGUST_6_2024):
            self.assertContains(self.client.get("/on-this-day/"), "sample record, not a real person", count=1)
            self.assertIn(
                "sample record, not a real person", section(self.client.get("/"), 'id="today-heading"')
            )

    def test_it_refuses_post(self):
        self.assertEqual(self.client.post("/on-this-day/").status_code, 405)

    def test_its_query_count_does_not_grow_with_more_names(self):
        with on(AUGUST_6_2024):
            with self.assertNumQueries(3):  # count and page of deaths; count of births (none: no page)
                self.client.get("/on-this-day/")
            bulk_victims(30, "Victim", death_text="6 August 1988", birth_text="6 August 1960")
            with self.assertNumQueries(4):  # count and page, of deaths and of births
                response = self.client.get("/on-this-day/")
        self.assertContains(response, "Victim 029")


class HomeAnniversariesTestCase(BaseTestCase):
    def test_home_shows_deaths_and_births_of_the_day(self):
        make_victim("Died Today", death_text="6 August 1988")
        make_victim("Born Today", birth_text="6 August 1950")
        make_victim("Born Hidden", birth_text="6 August 1950", status=Status.DRAFT)
        with on(AUGUST_6_2024):
            response = self.client.get("/")
        today = section(response, 'id="today-heading"')
        self.assertIn("6 August 2024", today)
        self.assertIn("Died on this day</h3>", today)
        self.assertIn("Died Today", today.split("Born on this day")[0])
        self.assertIn("Born Today", today.split("Born on this day")[1])
        self.assertIn("1950, 74 years ago", today)
        self.assertNotIn("Born Hidden", today)
        self.assertIn('<a href="/on-this-day/">', today)

    def test_home_uses_the_solar_hijri_calendar_in_persian(self):
        make_victim("Died In Mordad", "درگذشته مرداد", death_text="6 August 1988")
        with on(MORDAD_15_1403):
            self.assertIn("درگذشته مرداد", section(self.client.get("/fa/"), 'id="today-heading"'))
            self.assertNotIn("Died In Mordad", section(self.client.get("/"), 'id="today-heading"'))

    def test_home_shows_twenty_deaths_first_and_links_to_the_rest(self):
        bulk_victims(25, "Victim", death_text="6 August 1988")
        make_victim("Born Today", birth_text="6 August 1950")
        # as before births were added: one query for both (and on PostgreSQL the two counts' estimates)
        with on(AUGUST_6_2024), self.assertNumQueries(7 + 2 * ESTIMATE):
            response = self.client.get("/")
        today = section(response, 'id="today-heading"')
        self.assertEqual(today.count('class="victim-row"'), 20)
        self.assertIn("Victim 019", today)
        self.assertNotIn("Victim 020", today)
        self.assertNotIn("Born Today", today)
        self.assertIn('<a href="/on-this-day/">Everyone remembered on this day</a>', today)
