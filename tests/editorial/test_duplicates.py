"""Likely duplicates: found across scripts and spellings, ranked, explained; the command and the admin list."""

from __future__ import annotations

from io import StringIO
from unittest import mock

from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Event, Place, PlaceKind
from editorial import duplicates
from editorial.duplicates import likely_duplicates, sound_keys
from tests.base import BaseTestCase
from victims.models import Victim, VictimName


def pair_names(findings) -> list[tuple[str, str]]:
    return [(pair.first.name, pair.second.name) for pair in findings.pairs]


def victim(name_en="", name_fa="", **fields) -> Victim:
    fields.setdefault("death_text", "Mordad 1367")
    fields.setdefault("death_calendar", "solar_hijri")
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, **fields)


class SoundKeysTest(BaseTestCase):
    def test_latin_and_persian_spellings_of_a_name_share_a_key(self):
        for latin, persian in [
            ("Mostafa Rahimi", "مصطفی رحیمی"),
            ("Hossein Mousavi", "حسین موسوی"),
            ("Hussein Mousavi", "حسین موسوی"),
            ("Fatemeh Ghasemi", "فاطمه قاسمی"),
            ("Saeed Jafari", "سعید جعفری"),
            ("Zeynab Hosseinzadeh", "زینب حسین‌زاده"),
        ]:
            with self.subTest(latin=latin):
                self.assertTrue(set(sound_keys(latin)) & set(sound_keys(persian)))

    def test_names_that_differ_in_their_written_letters_do_not(self):
        for first, second in [("Mohammad Ahmadi", "محمود احمدی"), ("Hassan Karimi", "حسین کریمی")]:
            with self.subTest(first=first):
                self.assertFalse(set(sound_keys(first)) & set(sound_keys(second)))


class LikelyDuplicatesTest(BaseTestCase):
    def setUp(self):
        self.evin = Place.objects.create(name_en="Evin Prison", kind=PlaceKind.PRISON)

    def test_the_same_person_is_found_across_spellings_scripts_and_variants(self):
        victim("Mostafa Rahimi", "مصطفی رحیمی")
        victim("Mustafa Rahimi")  # the same skeleton in Latin script
        victim(name_fa="مصطفي رحيمي")  # typed with Arabic letters: the same in Persian script
        victim("Zahra Karimi")
        elsewhere = victim("Z. Karimi")
        VictimName.objects.create(victim=elsewhere, name="Zahra Kareemi")  # a variant: the same skeleton
        found = pair_names(likely_duplicates())
        self.assertIn(("Mostafa Rahimi", "Mustafa Rahimi"), found)
        self.assertIn(("Mostafa Rahimi", "مصطفي رحيمي"), found)
        self.assertIn(("Zahra Karimi", "Z. Karimi"), found)

    def test_a_name_in_one_script_only_meets_the_other_script_by_sound(self):
        victim("Saeed Jafari")
        victim(name_fa="سعید جعفری")
        [pair] = likely_duplicates().pairs
        self.assertEqual((pair.first.name, pair.second.name), ("Saeed Jafari", "سعید جعفری"))
        self.assertIn("the names sound alike across scripts", str(pair.reasons[0]))

    def test_a_typo_another_word_order_and_a_missing_word_are_found(self):
        victim("Bahram Eskandari")
        victim("Bahram Eskandiri")
        victim("Rostami Parviz")
        victim("Parviz Rostami")
        victim("Mohammad Hossein Tavakoli")
        victim("Mohammad Tavakoli")
        found = likely_duplicates(min_score=0).pairs
        reasons = {(p.first.name, p.second.name): p.reasons[0].text for p in found}
        self.assertIn("names one letter apart", reasons[("Bahram Eskandari", "Bahram Eskandiri")])
        self.assertIn("in another order", reasons[("Rostami Parviz", "Parviz Rostami")])
        self.assertIn("without a word", reasons[("Mohammad Hossein Tavakoli", "Mohammad Tavakoli")])

    def test_unrelated_names_are_not_paired(self):
        victim("Ali Ahmadi", "علی احمدی")
        victim("Zahra Karimi", "زهرا کریمی")
        victim("Bijan Saberi")
        self.assertEqual(likely_duplicates(min_score=0).pairs, [])

    def test_the_most_likely_pair_comes_first_and_contradictions_sink(self):
        event_1988 = Event.objects.create(name_en="1988 massacre")
        event_2019 = Event.objects.create(name_en="November 2019 protests")
        same_day = {"death_text": "5 August 1988", "death_calendar": "gregorian", "death_place": self.evin}
        close = [victim("Nasrin Fazeli", "نسرین فاضلی", **same_day), victim("Nasrin Fazeli", **same_day)]
        for record in close:
            record.events.add(event_1988)
            record.prisons.add(self.evin)
        loose = [victim("Masoud Kamali"), victim("Masood Kamali")]
        apart = [
            victim("Reza Zand", gender="male"),
            victim("Reza Zand", gender="female", death_text="Aban 1398"),
        ]
        apart[0].events.add(event_1988)
        apart[1].events.add(event_2019)
        findings = likely_duplicates(min_score=0)
        ranked = [{pair.first.pk, pair.second.pk} for pair in findings.pairs]
        self.assertEqual(ranked, [{r.pk for r in close}, {r.pk for r in loose}, {r.pk for r in apart}])
        scores = [pair.score for pair in findings.pairs]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertEqual(scores[0], 100)
        reasons = [reason.text for reason in findings.pairs[0].reasons]
        self.assertIn("died on the same day", reasons)
        self.assertIn("held in the same prison: Evin Prison", reasons)
        self.assertIn("the same event: 1988 massacre", reasons)
        self.assertEqual(scores[2], 0)
        self.assertIn("different genders", [reason.text for reason in findings.pairs[2].reasons])
        self.assertNotIn(
            {r.pk for r in apart}, [{p.first.pk, p.second.pk} for p in likely_duplicates().pairs]
        )

    def test_a_sample_record_is_never_paired_with_a_real_one(self):
        victim("Ali Ahmadi")
        Victim.objects.filter(pk=victim("Ali Ahmadi").pk).update(is_sample=True)
        self.assertEqual(likely_duplicates().pairs, [])

    def test_the_limit_keeps_the_most_likely(self):
        for n in range(3):
            victim(f"Kourosh Nazari{'x' * n}")
            victim(f"Kourosh Nazari{'x' * n}", death_place=self.evin)
        best = likely_duplicates()
        limited = likely_duplicates(limit=2)
        self.assertEqual(limited.found, best.found)
        self.assertEqual(limited.pairs, best.pairs[:2])

    def test_namesakes_too_many_to_compare_are_compared_by_year_of_death_or_left_out_and_counted(self):
        for _ in range(3):
            victim("Ali Ahmadi")
        victim("Ali Ahmadi", death_text="Aban 1398")
        with mock.patch.object(duplicates, "MAX_BLOCK", 2):
            findings = likely_duplicates(min_score=0)
        self.assertEqual(findings.pairs, [])  # three in 1988: too many; one in 2019: alone
        self.assertGreaterEqual(findings.too_common, 1)

    def test_the_search_takes_the_same_number_of_queries_whatever_the_number_of_records(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                likely_duplicates()
            return len(captured)

        victim("Ali Ahmadi", death_place=self.evin).prisons.add(self.evin)
        victim("Ali Ahmadi", death_place=self.evin).prisons.add(self.evin)
        few = queries()
        for n in range(5):
            record = victim(f"Hamid Sharifi{'x' * n}", death_place=self.evin)
            record.prisons.add(self.evin)
            VictimName.objects.create(victim=record, name=f"Hamid Sharifi{'x' * n}")
            victim(f"Hamid Sharifi{'x' * n}", death_place=self.evin)
        self.assertEqual(queries(), few)


class FindDuplicatesCommandTest(BaseTestCase):
    def test_it_prints_the_pairs_with_scores_reasons_and_admin_addresses(self):
        first, second = victim("Mostafa Rahimi"), victim("Mustafa Rahimi")
        out = StringIO()
        call_command("find_duplicates", "--limit", "5", stdout=out)
        text = out.getvalue()
        self.assertIn(f"#{first.pk} Mostafa Rahimi  ~  #{second.pk} Mustafa Rahimi", text)
        self.assertIn("+50 same name: “Mostafa Rahimi” and “Mustafa Rahimi”", text)
        self.assertIn(f"/admin/victims/victim/merge/{first.pk}/{second.pk}/", text)
        self.assertIn("1 likely pairs (score 50 or more) among 2 victims, 1 listed", text)

    def test_the_minimum_score_leaves_out_weaker_pairs(self):
        victim("Mostafa Rahimi")
        victim("Mustafa Rahimi")
        out = StringIO()
        call_command("find_duplicates", "--min-score", "90", stdout=out)
        self.assertIn("0 likely pairs", out.getvalue())

    def test_bad_options_fail(self):
        with self.assertRaises(CommandError):
            call_command("find_duplicates", "--min-score", "101", stdout=StringIO())
        with self.assertRaises(CommandError):
            call_command("find_duplicates", "--limit", "0", stdout=StringIO())


class DuplicatesScreenTest(BaseTestCase):
    url = "/admin/victims/victim/duplicates/"

    def setUp(self):
        cache.clear()
        self.first, self.second = victim("Mostafa Rahimi"), victim("Mustafa Rahimi")

    def test_it_lists_pairs_with_a_link_to_compare_and_merge(self):
        self.client.force_login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Likely duplicates")
        self.assertContains(response, "+50 same name: “Mostafa Rahimi” and “Mustafa Rahimi”")
        self.assertContains(response, f'href="/admin/victims/victim/merge/{self.first.pk}/{self.second.pk}/"')

    def test_the_victim_list_links_to_it(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/admin/victims/victim/"), f'href="{self.url}"')

    def test_it_is_in_persian_under_fa(self):
        self.client.force_login(self.editor)
        response = self.client.get("/fa" + self.url)
        self.assertTrue("نام یکسان" in response.text, "the reasons are not in Persian")
        self.assertNotIn("same name:", response.text)

    def test_it_is_read_only(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_it_is_closed_to_visitors(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"/admin/login/?next={self.url}")

    def test_it_costs_the_same_queries_for_more_pairs(self):
        self.client.force_login(self.editor)

        def queries() -> int:
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(captured)

        few = queries()
        for n in range(6):
            victim(f"Hamid Sharifi{'x' * n}")
            victim(f"Hamid Sharifi{'x' * n}")
        self.assertEqual(queries(), few)
