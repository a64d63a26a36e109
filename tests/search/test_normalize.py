"""Normalization for search (archive/normalize.py): Persian and Latin corpora of real-looking names.

Each pair is a name as a record stores it and a form a researcher types. Same person: equal skeletons,
or for typos an edit distance within the query's allowance. Different people: neither. Where the
skeleton cannot tell two different names apart, a test says so plainly rather than hiding it.
"""

from __future__ import annotations

from django.test import SimpleTestCase

from archive.normalize import (
    compact,
    edit_distance,
    normalize,
    search_key,
    skeleton,
    typo_allowance,
    word_skeletons,
)

# (as stored, as typed): Arabic letter forms, harakat, tatweel, spacing and digits.
PERSIAN_SAME = [
    ("علی رضایی", "علي رضايي"),  # Arabic yeh
    ("کاظم کاظمی", "كاظم كاظمي"),  # Arabic kaf and yeh
    ("کوروش", "كوروش"),
    ("شکوفه", "شكوفه"),
    ("یوسفی", "يوسفي"),
    ("نسرین", "نسرين"),
    ("پروین", "پروين"),
    ("فاطمه", "فاطمة"),  # teh marbuta
    ("معصومه", "معصومة"),
    ("خدیجه", "خديجة"),
    ("فاطمه زهرا", "فاطمۀ زهرا"),  # heh with yeh above (ezafe)
    ("فاطمه زهرا", "فاطمهٔ زهرا"),  # heh with hamza above
    ("مرتضی", "مرتضى"),  # alef maksura
    ("مصطفی", "مصطفى"),
    ("موسی", "موسى"),
    ("عیسی", "عيسى"),
    ("احمد", "أحمد"),  # alef with hamza above
    ("امیر", "أمیر"),
    ("اسماعیل", "إسماعيل"),  # alef with hamza below
    ("ابراهیم", "إبراهيم"),
    ("آزاده", "ازاده"),  # alef with madda
    ("آرش", "ارش"),
    ("محمد", "مُحَمَّد"),  # harakat and shadda
    ("حسین", "حُسَین"),
    ("فاطمه", "فاطِمه"),
    ("علی", "عَلِیّ"),
    ("تقی", "تقيّ"),
    ("مصطفی", "مُصطَفیٰ"),  # superscript alef
    ("محمد", "محـــمد"),  # tatweel
    ("حسن", "حـسـن"),
    ("حسین‌زاده", "حسین زاده"),  # ZWNJ, space, joined: one name
    ("حسین‌زاده", "حسینزاده"),
    ("حسین زاده", "حسینزاده"),
    ("علی‌زاده", "علی زاده"),
    ("ولی‌زاده", "ولیزاده"),
    ("مجید شریف‌واقفی", "مجيد شريف واقفي"),
    ("عبدالله", "عبد الله"),
    ("ابوالقاسم", "ابو القاسم"),
    ("ابوالفضل", "ابو الفضل"),
    ("محمدرضا", "محمد رضا"),
    ("غلامرضا", "غلام‌رضا"),
    ("حمیدرضا", "حمید رضا"),
    ("رضایی", "رضائی"),  # yeh with hamza
    ("میرزایی", "میرزائی"),
    ("بابایی", "بابائی"),
    ("ضیاءالدین", "ضیاالدین"),  # a lone hamza, written or not
    ("ابراهیم", "ابراھیم"),  # heh doachashmee from an Urdu or Arabic keyboard
    ("علی رضایی", "\u200fعلی\u00a0رضایی\u200f"),  # right-to-left marks, a no-break space
    ("محمد رضایی", "محمد   رضایی"),
    ("زندان اوین", "زندان اوين"),
    ("بند ۲۰۹ اوین", "بند 209 اوين"),  # Persian digits
    ("۱۳۶۷", "١٣٦٧"),  # Arabic-Indic digits
    ("مصطفی پورمحمدی", "مصطفي پور محمدي"),  # the article's official, typed on an Arabic keyboard
    ("مصطفی پورمحمدی", "مصطفى پور‌محمدى"),
]

# Different names in Persian script: the letters that tell them apart are kept.
PERSIAN_DIFFERENT = [
    ("حسن", "حسین"),
    ("زهرا", "زهره"),
    ("محمدی", "احمدی"),
    ("کریمی", "کرمی"),
    ("رضایی", "رضوی"),
    ("ژاله", "جاله"),  # ژ and ج are different letters, though Latin writes both with j
    ("گلی", "کلی"),
]

# (as stored, as typed): case, accents, apostrophes, hyphens and spaces, transliteration variants.
LATIN_SAME = [
    ("Mostafa Pourmohammadi", "Mustafa Pour-Mohammadi"),  # the article's two spellings of one official
    ("Pourmohammadi", "Pour-Mohammadi"),
    ("Pourmohammadi", "pour mohammadi"),
    ("Pour-Mohammadi", "POUR MOHAMMADI"),
    ("Mostafa", "Mustafa"),
    ("Mohammad", "Muhammad"),
    ("Mohammad", "Mohammed"),
    ("Mohammad", "Mohamad"),
    ("Hossein", "Hussein"),
    ("Hossein", "Hosein"),
    ("Hossein", "Husain"),
    ("Hossein", "Ḥosayn"),
    ("Hassan", "Ḥasan"),
    ("Ali", "ʿAlī"),
    ("Ali Rezaei", "Alí Rezáei"),
    ("Tahereh", "Ṭāhereh"),
    ("Mousavi", "Mūsavī"),
    ("Ghasemi", "Qasemi"),
    ("Abolghasem", "Abolqasem"),
    ("Abolghasem", "Abol-Ghasem"),
    ("Jafar", "Ja'far"),
    ("Jafar", "Jaʿfar"),
    ("Jafar", "Ja’far"),
    ("Khamenei", "Khamene'i"),
    ("Rezaei", "Rezaee"),
    ("Rezaei", "Rezai"),
    ("Rezaei", "Reza'i"),
    ("Yousefi", "Yusefi"),
    ("Zeynab", "Zeinab"),
    ("Zeynab", "Zainab"),
    ("Heydari", "Heidari"),
    ("Heydari", "Haidari"),
    ("Leila", "Leyla"),
    ("Leila", "Layla"),
    ("Saeed", "Said"),
    ("Saeed", "Saeid"),
    ("Davoud", "Davood"),
    ("Davoud", "Dawood"),
    ("Davoud", "Dawud"),
    ("Masoud", "Massoud"),
    ("Masoud", "Masood"),
    ("Mahmoud", "Mahmud"),
    ("Mehdi", "Mahdi"),
    ("Ahmad", "Ahmed"),
    ("Javad", "Jawad"),
    ("Nasrin", "Nasreen"),
    ("Behrouz", "Behrooz"),
    ("Kourosh", "Kurosh"),
    ("Fereydoun", "Fereidoun"),
    ("Fereydoun", "Fereydun"),
    ("Manouchehr", "Manuchehr"),
    ("Mousavi", "Musavi"),
    ("Mousavi", "Moussavi"),
    ("Sheikh", "Shaykh"),
    ("Karroubi", "Karoubi"),
    ("Fatemeh", "Fateme"),  # the silent final h of -eh
    ("Fatemeh", "Fatemah"),
    ("Khadijeh", "Khadija"),
    ("Sakineh", "Sakine"),
    ("Jaleh", "Jale"),
    ("Hosseinzadeh", "Hossein-Zadeh"),
    ("Hosseinzadeh", "Hosseinzade"),
    ("Abdollah", "Abdullah"),
    ("Rouhollah", "Ruhollah"),
    ("Bijan", "Bizhan"),  # ژ written j or zh
    ("Pejman", "Pezhman"),
    ("Mojgan", "Mozhgan"),
    ("Jaleh", "Zhaleh"),
    ("Mohseni-Ejei", "Mohseni Ezhei"),
    ("Gholamreza", "Gholam Reza"),
    ("Gholamreza", "Qolamreza"),
    ("Ali Akbar", "Ali-Akbar"),
    ("Ali Akbar", "Aliakbar"),
    ("Hosseinali Nayeri", "Hossein-Ali Nayyeri"),
    ("Ebrahim Raisi", "Ebrahim Raeisi"),
    ("Morteza Eshraghi", "Morteza Eshraqi"),
    ("Mir-Hossein Mousavi", "Mirhossein Musavi"),
    ("Hashemi Rafsanjani", "Hashemi-Rafsanjani"),
    ("Ali Fallahian", "Ali Falahian"),
]

# (as stored, as typed): not the same skeleton, but within the typed form's typo allowance.
LATIN_NEAR = [
    ("Alireza Avaei", "Alireza Avail"),  # the article's own misspelling of the same man
    ("Pourmohammadi", "Pourmohamdi"),  # one typo in 10 letters
    ("Mostafa Pourmohammadi", "Mostfa Pourmohammadi"),
    ("Mostafa Pourmohammadi", "Mostfa Pourmohmadi"),  # two typos in a long name
    ("Hosseinzadeh", "Hoseinzadh"),
    ("Yousefi", "Yousofi"),
    ("Yousefi", "Yusufi"),
    ("Abolghasem", "Abulqasim"),
    ("Ebrahim", "Ibrahim"),
    ("Esmaeil", "Ismail"),
    ("Fatemeh", "Fatima"),
    ("Khamenei", "Khamenehi"),
    ("Rezaei", "Rezaie"),
    ("Allahverdi", "Allah-Verdi"),  # the final h is silent in a word, not inside a joined one
    ("Ebrahim Raisi", "Ibrahim Raisi"),
]

# Different people: neither the same skeleton nor within the typed form's typo allowance.
LATIN_DIFFERENT = [
    ("Ali Rezaei", "Ali Rahimi"),
    ("Hassan", "Hossein"),
    ("Hamid", "Hamed"),
    ("Zahra", "Zohreh"),
    ("Mina", "Mona"),
    ("Ghasemi", "Hashemi"),
    ("Mohammadi", "Ahmadi"),
    ("Mousavi", "Moradi"),
    ("Jafari", "Jalali"),
    ("Mostafa Pourmohammadi", "Mostafa Mohammadi"),
    ("Hossein Ghasemi", "Hossein Hosseini"),
    ("Khamenei", "Khamenehei"),  # two letters more than any spelling of خامنه‌ای needs
]


class SkeletonTestCase(SimpleTestCase):
    def assertSameName(self, stored: str, typed: str):
        self.assertEqual(skeleton(stored), skeleton(typed), f"{stored!r} and {typed!r} should be one name")

    def assertNear(self, stored: str, typed: str):
        key, query = skeleton(stored), skeleton(typed)
        self.assertNotEqual(key, query, "an exact match, not a typo")
        allowance = typo_allowance(query)
        self.assertLessEqual(edit_distance(query, key, allowance), allowance, f"{typed!r} ~ {stored!r}")

    def assertDifferent(self, stored: str, typed: str):
        key, query = skeleton(stored), skeleton(typed)
        self.assertNotEqual(key, query, f"{stored!r} and {typed!r} should stay apart")
        allowance = typo_allowance(query)
        self.assertGreater(edit_distance(query, key, allowance), allowance, f"{typed!r} !~ {stored!r}")

    def test_the_corpora_are_large_enough_to_mean_something(self):
        self.assertGreaterEqual(len(PERSIAN_SAME), 40)
        self.assertGreaterEqual(len(LATIN_SAME), 40)

    def test_persian_spellings_of_one_name_share_a_skeleton(self):
        for stored, typed in PERSIAN_SAME:
            with self.subTest(stored=stored, typed=typed):
                self.assertSameName(stored, typed)

    def test_different_persian_names_keep_different_skeletons(self):
        for stored, typed in PERSIAN_DIFFERENT:
            with self.subTest(stored=stored, typed=typed):
                self.assertDifferent(stored, typed)

    def test_latin_spellings_of_one_name_share_a_skeleton(self):
        for stored, typed in LATIN_SAME:
            with self.subTest(stored=stored, typed=typed):
                self.assertSameName(stored, typed)

    def test_latin_typos_and_rarer_spellings_are_within_the_typo_allowance(self):
        for stored, typed in LATIN_NEAR:
            with self.subTest(stored=stored, typed=typed):
                self.assertNear(stored, typed)

    def test_different_latin_names_are_neither_equal_nor_near(self):
        for stored, typed in LATIN_DIFFERENT:
            with self.subTest(stored=stored, typed=typed):
                self.assertDifferent(stored, typed)

    def test_every_spelling_of_the_articles_official_is_one_skeleton_per_script(self):
        latin = {
            skeleton(n) for n in ["Mostafa Pourmohammadi", "Mustafa Pour-Mohammadi", "mostafa pour mohammadi"]
        }
        persian = {
            skeleton(n) for n in ["مصطفی پورمحمدی", "مصطفي پورمحمدي", "مصطفى پور‌محمدى", "مُصطَفیٰ پورمحمدی"]
        }
        self.assertEqual(latin, {"mostafapormohamadi"})
        self.assertEqual(persian, {"مصطفیپورمحمدی"})

    def test_arabic_style_short_vowels_are_not_folded_so_short_names_miss(self):
        # Arabic-style transliteration writes i and u where Persian-style writes e and o. Folding them would
        # also fold Hamid into Hamed, so Kazim does not find Kazem by itself (five letters allow no typo);
        # a full name is long enough to be a near match.
        for stored, typed in [("Kazem", "Kazim"), ("Nasser", "Nasir"), ("Yousef", "Yusuf")]:
            with self.subTest(typed=typed):
                self.assertDifferent(stored, typed)
        self.assertNear("Kazem Rahimi", "Kazim Rahimi")

    def test_latin_cannot_tell_apart_names_that_differ_only_in_e_and_a(self):
        # Persian writes اکرم / اکرام and صالح / صلاح differently; Latin transliterations use e and a for the
        # same short vowel (Mehdi, Mahdi), so the skeleton folds these distinct names together. Persian script
        # keeps them apart.
        self.assertEqual(skeleton("Akram"), skeleton("Ekram"))
        self.assertEqual(skeleton("Saleh"), skeleton("Salah"))
        self.assertNotEqual(skeleton("اکرم"), skeleton("اکرام"))
        self.assertNotEqual(skeleton("صالح"), skeleton("صلاح"))

    def test_typo_tolerance_brings_some_different_families_within_reach(self):
        # One letter apart in six: Karimi and Karami, Sadeghi and Sedighi, Razavi and Rezaei, Jaberi and Jafari
        # are different families, yet a search for one lists the other as a near match (ranked below exact ones).
        pairs = [("Karami", "Karimi"), ("Sedighi", "Sadeghi"), ("Rezaei", "Razavi"), ("Jafari", "Jaberi")]
        for stored, typed in pairs:
            with self.subTest(typed=typed):
                self.assertNear(stored, typed)
        # Zahra and Zohreh are apart as given names, but near once the family name makes the query long.
        self.assertNear("Zahra Hosseini", "Zohreh Hosseini")

    def test_a_surname_alone_is_too_short_for_a_typo(self):
        # "Avail" for "Avaei" needs the whole name: five letters allow no typo.
        self.assertDifferent("Avaei", "Avail")


class NormalizeTestCase(SimpleTestCase):
    def test_it_lowercases_and_strips_accents_and_apostrophes(self):
        self.assertEqual(normalize("  ʿAlī  RÉZÁʾI "), "ali rezai")
        self.assertEqual(normalize("Ja'far Ja’fari Jaʿfar"), "jafar jafari jafar")

    def test_punctuation_and_hyphens_become_single_spaces(self):
        self.assertEqual(normalize("Pour-Mohammadi, Mostafa (b. 1959)"), "pour mohammadi mostafa b 1959")
        self.assertEqual(normalize("a_b"), "a b")

    def test_persian_letters_are_unified_and_marks_removed(self):
        self.assertEqual(normalize("مُحَمَّد علي كاظمي"), "محمد علی کاظمی")
        self.assertEqual(normalize("فاطمة"), "فاطمه")
        self.assertEqual(normalize("إبراهيم أحمد آزاده"), "ابراهیم احمد ازاده")
        self.assertEqual(normalize("محـــمد"), "محمد")

    def test_zwnj_becomes_a_space_and_invisible_marks_go(self):
        self.assertEqual(normalize("حسین‌زاده"), "حسین زاده")
        self.assertEqual(normalize("\u200fعلی\u200d\u200e"), "علی")
        self.assertEqual(normalize("علی\u00a0رضایی"), "علی رضایی")

    def test_persian_and_arabic_indic_digits_become_ascii(self):
        self.assertEqual(normalize("۱۳۶۷/۰۵/۱۲"), "1367 05 12")
        self.assertEqual(normalize("٢٠١٩"), "2019")

    def test_empty_text_stays_empty(self):
        self.assertEqual(normalize(""), "")
        self.assertEqual(normalize(" - ؟ ، "), "")
        self.assertEqual(skeleton(""), "")
        self.assertEqual(word_skeletons(""), [])

    def test_compact_removes_every_space(self):
        self.assertEqual(compact("Pour-Mohammadi"), "pourmohammadi")
        self.assertEqual(compact("حسین‌زاده"), compact("حسین زاده"))

    def test_latin_folds_are_applied_to_the_whole_compact_name(self):
        self.assertEqual(skeleton("Mostafa Pourmohammadi"), "mostafapormohamadi")
        self.assertEqual(skeleton("Hossein Ghasemi"), "hosainqasami")
        self.assertEqual(skeleton("Khadijeh Khamenei"), "xadijaxamanai")

    def test_word_skeletons_fold_each_word(self):
        self.assertEqual(word_skeletons("Mustafa Pour-Mohammadi"), ["mostafa", "por", "mohamadi"])
        self.assertEqual(word_skeletons("فاطمۀ زهرا"), ["فاطمه", "زهرا"])
        self.assertEqual(word_skeletons("Fatemeh Zahra"), ["fatama", "zahra"])


class SearchKeyTestCase(SimpleTestCase):
    def test_it_holds_every_whole_name_then_every_word_without_repeats(self):
        key = search_key(["Mostafa Pourmohammadi", "مصطفی پورمحمدی", "Mustafa Pour-Mohammadi"])
        self.assertEqual(
            key.split(),
            [
                "mostafapormohamadi",
                "mostafa",
                "pormohamadi",
                "مصطفیپورمحمدی",
                "مصطفی",
                "پورمحمدی",
                "por",
                "mohamadi",
            ],
        )

    def test_the_records_own_name_comes_first(self):
        self.assertTrue(search_key(["Ali Rezaei", "Ali Rezai"]).startswith("alirazai "))

    def test_blank_names_are_skipped(self):
        self.assertEqual(search_key(["", "Ali", "", "- -"]), "ali")
        self.assertEqual(search_key([]), "")


class TypoToleranceTestCase(SimpleTestCase):
    def test_edit_distance_counts_insertions_deletions_and_substitutions(self):
        self.assertEqual(edit_distance("hosain", "hosain"), 0)
        self.assertEqual(edit_distance("hosain", "hosan"), 1)
        self.assertEqual(edit_distance("hosain", "hosaini"), 1)
        self.assertEqual(edit_distance("hosain", "hasain"), 1)
        self.assertEqual(edit_distance("", "ab"), 2)

    def test_edit_distance_gives_up_past_the_limit(self):
        self.assertEqual(edit_distance("alirazai", "alirahimi", limit=1), 2)
        self.assertEqual(edit_distance("a", "abcdef", limit=2), 3)
        self.assertEqual(edit_distance("mostafa", "bagheri", limit=2), 3)

    def test_a_transposition_is_two_edits(self):
        self.assertEqual(edit_distance("karimi", "kraimi"), 2)

    def test_the_allowance_grows_with_the_length_of_the_query(self):
        self.assertEqual([typo_allowance("x" * n) for n in (0, 1, 5, 6, 9, 10, 30)], [0, 0, 0, 1, 1, 2, 2])
