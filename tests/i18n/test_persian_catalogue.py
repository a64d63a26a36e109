"""The Persian catalogue: every interface string translated, compiled, and used by the pages under /fa/."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase

from archive.models import Citation, Source, SourceKind, Stance, Status
from victims.models import Victim

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fa" / "LC_MESSAGES"
PO_FILE = CATALOGUE / "django.po"
MO_FILE = CATALOGUE / "django.mo"

# %(name)s, %d, %s … as Python's %-formatting reads them; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


@dataclass
class Entry:
    """One message of a .po file."""

    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[i] for i in sorted(self.msgstr)]


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """The header fields and the entries of a .po file (a small reader for the subset gettext writes)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key: tuple[str, int | None] | None = None

    def start(number: int) -> Entry:
        nonlocal entry
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        return entry

    def append(text: str) -> None:
        # A quoted PO string uses the C escapes Python's string literals also understand.
        value = ast.literal_eval(text)
        name, index = key
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, key = None, None
            continue
        if line.startswith("#~"):
            start(number).obsolete = True
            continue
        if line.startswith("#,"):
            start(number).flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            start(number)
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
        if match:
            start(number)
            index = int(match[2]) if match[2] is not None else 0
            key = (match[1], index)
            if match[1] == "msgstr":
                entry.msgstr.setdefault(index, "")
            append(match[3])
        elif line.startswith('"') and key is not None:
            append(line)
        else:
            raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")

    header_entries = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    header = {}
    if header_entries:
        for header_line in header_entries[0].msgstr.get(0, "").splitlines():
            name, _, value = header_line.partition(":")
            header[name.strip()] = value.strip()
    return header, [e for e in entries if not (e.msgid == "" and e.msgctxt is None)]


def placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


class PersianCatalogueTestCase(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.header, cls.entries = read_po(PO_FILE)
        cls.live = [e for e in cls.entries if not e.obsolete]

    def test_the_catalogue_has_entries_to_check(self):
        self.assertGreater(len(self.live), 300)

    def test_the_header_declares_persian_utf8_and_two_plural_forms(self):
        self.assertEqual(self.header.get("Language"), "fa")
        self.assertEqual(self.header.get("Content-Type"), "text/plain; charset=UTF-8")
        self.assertEqual(self.header.get("Plural-Forms"), "nplurals=2; plural=(n > 1);")

    def test_every_entry_has_a_translation(self):
        for entry in self.live:
            with self.subTest(entry=str(entry)):
                expected_forms = 2 if entry.msgid_plural is not None else 1
                self.assertEqual(len(entry.msgstr), expected_forms)
                for translation in entry.translations:
                    self.assertNotEqual(translation.strip(), "")

    def test_no_entry_is_fuzzy(self):
        fuzzy = [str(entry) for entry in self.entries if "fuzzy" in entry.flags]
        self.assertEqual(fuzzy, [])

    def test_no_obsolete_entry_is_left_behind(self):
        self.assertEqual([str(entry) for entry in self.entries if entry.obsolete], [])

    def test_every_translation_keeps_the_placeholders_of_the_original(self):
        # Only strings gettext marks as python-format are %-formatted; elsewhere "%" is a plain character.
        for entry in (e for e in self.live if "python-format" in e.flags):
            with self.subTest(entry=str(entry)):
                if entry.msgid_plural is None:
                    self.assertEqual(placeholders(entry.msgstr[0]), placeholders(entry.msgid))
                else:
                    # Both Persian forms name the count, so both keep every placeholder of the plural.
                    for translation in entry.translations:
                        self.assertEqual(placeholders(translation), placeholders(entry.msgid_plural))

    def test_translations_use_persian_punctuation(self):
        for entry in self.live:
            for translation in entry.translations:
                with self.subTest(entry=str(entry), translation=translation):
                    self.assertNotRegex(translation, r"[,?;]", "use «،», «؟» and «؛» in Persian text")

    def test_the_compiled_catalogue_holds_every_translation_of_the_po_file(self):
        with MO_FILE.open("rb") as mo:
            compiled = gettext.GNUTranslations(mo)
        for entry in self.live:
            with self.subTest(entry=str(entry)):
                if entry.msgid_plural is not None and entry.msgctxt is not None:
                    found = [
                        compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n) for n in (1, 2)
                    ]
                elif entry.msgid_plural is not None:
                    found = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
                elif entry.msgctxt is not None:
                    found = [compiled.pgettext(entry.msgctxt, entry.msgid)]
                else:
                    found = [compiled.gettext(entry.msgid)]
                self.assertEqual(found, entry.translations, "run compilemessages after editing the .po file")


class PersianPagesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.victim = Victim.objects.create(name_en="Test", name_fa="تست", status=Status.PUBLISHED)
        cls.source = Source.objects.create(
            title_en="A partisan report",
            title_fa="گزارشی جانب‌دار",
            kind=SourceKind.REPORT,
            stance=Stance.OPPOSITION,
            status=Status.PUBLISHED,
        )
        Citation.objects.create(record=cls.victim, source=cls.source, claim="name", locator="p. 3")

    def test_the_victims_list_is_headed_in_persian(self):
        response = self.client.get("/fa/victims/")
        self.assertContains(response, "<h1>جان‌باختگان</h1>", html=True)
        self.assertContains(response, "منابع")
        self.assertContains(response, "تست")
        self.assertNotContains(response, "Victims</h1>")
        self.assertNotContains(response, ">Filter<")

    def test_the_victims_list_stays_english_in_english(self):
        response = self.client.get("/victims/")
        self.assertContains(response, "Victims</h1>")
        self.assertNotContains(response, "جان‌باختگان")

    def test_the_navigation_and_footer_are_in_persian(self):
        response = self.client.get("/fa/")
        for word in ("جان‌باختگان", "عاملان", "رویدادها", "مکان‌ها", "منابع", "بایگانی یادبود"):
            with self.subTest(word=word):
                self.assertContains(response, word)
        for english in ("Perpetrators</a>", "Sources</a>", "Skip to content", "No tracking"):
            with self.subTest(english=english):
                self.assertNotContains(response, english)

    def test_a_victim_page_labels_its_footnotes_and_unknown_facts_in_persian(self):
        response = self.client.get(f"/fa/victims/{self.victim.slug}/")
        self.assertContains(response, '<h2 id="sources-heading">منابع</h2>', html=True)
        self.assertContains(response, "منبع جانب‌دار")
        self.assertContains(response, "ادعای پشتیبانی‌شده: نام. اطمینان: متوسط.")
        self.assertContains(response, "در این بایگانی نامعلوم است:")
        for english in ("Sources</h2>", "partisan source", "Supports:", "Not known to the archive"):
            with self.subTest(english=english):
                self.assertNotContains(response, english)

    def test_a_source_page_labels_its_facts_in_persian(self):
        response = self.client.get(f"/fa/sources/{self.source.slug}/")
        self.assertContains(response, "منبع جانب‌دار (اپوزیسیون یا وابسته به اپوزیسیون)")
        self.assertContains(response, "آنچه این منبع پشتوانهٔ آن است")
        self.assertContains(response, "تست</a> — نام (p. 3)")
        self.assertNotContains(response, "What this source supports")

    def test_a_missing_page_says_so_in_persian(self):
        response = self.client.get("/fa/victims/no-one-by-this-name/")
        self.assertContains(response, "این صفحه در بایگانی نیست", status_code=404)
        self.assertNotContains(response, "This page is not in the archive", status_code=404)
