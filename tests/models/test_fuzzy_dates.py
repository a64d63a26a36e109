"""Fuzzy dates: reading what sources write, never inventing precision, and showing each calendar."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from archive.dates import Calendar, FuzzyDate, Precision, parse, resolve

G, SH = Calendar.GREGORIAN, Calendar.SOLAR_HIJRI


def d(year, month, day):
    return datetime.date(year, month, day)


class ParseTests(SimpleTestCase):
    def test_a_bare_year_is_a_year_and_nothing_finer(self):
        date = parse("1988", G)
        self.assertEqual(
            (date.precision, date.earliest, date.latest), (Precision.YEAR, d(1988, 1, 1), d(1988, 12, 31))
        )

    def test_a_solar_hijri_year_spans_nowruz_to_nowruz(self):
        date = parse("1367", SH)
        self.assertEqual(
            (date.precision, date.earliest, date.latest), (Precision.YEAR, d(1988, 3, 21), d(1989, 3, 20))
        )

    def test_a_persian_month_name_in_persian_digits(self):
        date = parse("مرداد ۱۳۶۷", SH)
        self.assertEqual(
            (date.precision, date.earliest, date.latest), (Precision.MONTH, d(1988, 7, 23), d(1988, 8, 22))
        )

    def test_a_transliterated_month(self):
        date = parse("Aban 1398", SH)
        self.assertEqual(
            (date.precision, date.earliest, date.latest), (Precision.MONTH, d(2019, 10, 23), d(2019, 11, 21))
        )

    def test_a_persian_season(self):
        date = parse("summer 1367", SH)
        self.assertEqual(
            (date.precision, date.earliest, date.latest), (Precision.SEASON, d(1988, 6, 22), d(1988, 9, 22))
        )
        self.assertEqual(
            parse("تابستان ۱۳۶۷", SH),
            FuzzyDate("تابستان ۱۳۶۷", SH, Precision.SEASON, d(1988, 6, 22), d(1988, 9, 22)),
        )

    def test_a_gregorian_summer_covers_the_solstice_to_the_equinox(self):
        date = parse("summer of 1988", G)
        self.assertEqual(date.precision, Precision.SEASON)
        self.assertLessEqual(date.earliest, d(1988, 6, 21))
        self.assertGreaterEqual(date.latest, d(1988, 9, 22))

    def test_a_gregorian_winter_covers_both_readings_of_its_year(self):
        date = parse("winter 1988", G)
        self.assertLessEqual(date.earliest, d(1987, 12, 22))
        self.assertGreaterEqual(date.latest, d(1989, 3, 20))

    def test_exact_days_in_several_spellings(self):
        for text in ("28 August 2016", "August 28, 2016", "2016-08-28", "28th of August 2016"):
            with self.subTest(text=text):
                date = parse(text, G)
                self.assertEqual(
                    (date.precision, date.earliest, date.latest),
                    (Precision.DAY, d(2016, 8, 28), d(2016, 8, 28)),
                )

    def test_a_numeric_solar_hijri_day(self):
        date = parse("1367/05/12", SH)
        self.assertEqual((date.precision, date.earliest), (Precision.DAY, d(1988, 8, 3)))

    def test_the_last_month_of_a_leap_year(self):
        self.assertEqual(parse("Esfand 1399", SH).latest, d(2021, 3, 20))  # 1399 has 30 Esfand

    def test_it_refuses_what_it_cannot_read(self):
        for text, calendar in [
            ("sometime", G),
            ("August", G),
            ("31 February 1988", G),
            ("1367/13", SH),
            ("Mordad 1367", G),
            ("August 1988", SH),
            ("1367", G),
            ("1988", SH),
            ("", G),
        ]:
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse(text, calendar)


class ResolveTests(SimpleTestCase):
    def test_an_empty_precision_is_read_from_the_text(self):
        self.assertEqual(resolve(FuzzyDate("Aban 1398", SH, "")).precision, Precision.MONTH)

    def test_an_empty_date_is_unknown(self):
        date = resolve(FuzzyDate("", G, ""))
        self.assertEqual((date.precision, date.earliest), (Precision.UNKNOWN, None))
        self.assertFalse(date)

    def test_a_precision_the_text_does_not_support_is_refused_on_the_precision(self):
        with self.assertRaises(ValidationError) as raised:
            resolve(FuzzyDate("1988", G, Precision.DAY))
        self.assertIn("precision", raised.exception.message_dict)

    def test_unknown_precision_takes_any_words_and_an_optional_range(self):
        date = resolve(FuzzyDate("after the arrest", G, Precision.UNKNOWN, d(1988, 7, 1), d(1988, 9, 30)))
        self.assertEqual(date.earliest, d(1988, 7, 1))

    def test_a_range_whose_end_is_before_its_start_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            resolve(FuzzyDate("", G, Precision.UNKNOWN, d(1988, 9, 30), d(1988, 7, 1)))
        self.assertIn("latest", raised.exception.message_dict)

    def test_half_a_range_is_refused(self):
        with self.assertRaises(ValidationError):
            resolve(FuzzyDate("", G, Precision.UNKNOWN, d(1988, 9, 30), None))

    def test_days_that_contradict_the_text_are_refused(self):
        with self.assertRaises(ValidationError) as raised:
            resolve(FuzzyDate("1988", G, "", d(1987, 1, 1), d(1988, 12, 31)))
        self.assertIn("earliest", raised.exception.message_dict)

    def test_unreadable_text_with_a_precision_is_refused_on_the_text(self):
        with self.assertRaises(ValidationError) as raised:
            resolve(FuzzyDate("the week after", G, Precision.MONTH))
        self.assertIn("text", raised.exception.message_dict)


class DisplayTests(SimpleTestCase):
    def test_english_shows_gregorian_and_persian_shows_solar_hijri(self):
        day = parse("1367/05/12", SH)
        self.assertEqual(day.display("en"), "3 August 1988")
        self.assertEqual(day.display("fa"), "۱۲ مرداد ۱۳۶۷")

    def test_each_date_keeps_its_precision(self):
        self.assertEqual(parse("Mordad 1367", SH).display("fa"), "مرداد ۱۳۶۷")
        self.assertEqual(parse("summer 1988", G).display("en"), "summer 1988")
        self.assertEqual(parse("1988", G).display("en"), "1988")
        self.assertEqual(parse("November 2019", G).display("en"), "November 2019")

    def test_a_month_from_the_other_calendar_shows_the_range_it_covers(self):
        self.assertEqual(
            parse("Mordad 1367", SH).display("en"), "Mordad 1367 (23 July 1988 – 22 August 1988)"
        )
        self.assertEqual(parse("November 2019", G).display("fa"), "نوامبر ۲۰۱۹ (۱۰ آبان ۱۳۹۸ تا ۹ آذر ۱۳۹۸)")

    def test_a_season_from_the_other_calendar_names_its_season(self):
        self.assertTrue(parse("summer 1367", SH).display("en").startswith("summer 1367 ("))

    def test_words_no_calendar_converts_are_shown_as_the_source_gave_them_in_both_languages(self):
        words = FuzzyDate("پس از بازداشت", SH, Precision.UNKNOWN)
        self.assertEqual(words.display("en"), "پس از بازداشت")
        self.assertEqual(words.display("fa"), "پس از بازداشت")
        bounded = resolve(FuzzyDate("after the arrest", G, Precision.UNKNOWN, d(1988, 7, 1), d(1988, 9, 30)))
        self.assertTrue(bounded.display("en").startswith("after the arrest (1 July 1988"))
        self.assertTrue(bounded.display("fa").startswith("after the arrest (۱۰ تیر ۱۳۶۷"))

    def test_an_unknown_date_says_so(self):
        self.assertEqual(FuzzyDate().display("en"), "unknown")
        self.assertEqual(FuzzyDate().display("fa"), "نامعلوم")
