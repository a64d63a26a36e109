"""import_victims: names, variants, fuzzy dates in both calendars, places, events and citations, from CSV and
JSON, as drafts."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command

from archive.dates import Precision
from archive.models import Citation, NameWord, Script, Status
from imports.models import ImportedRecord
from tests.imports.support import ImportTestCase, victims_csv
from victims.models import Victim, VictimName


class ImportVictimsTests(ImportTestCase):
    def test_it_creates_a_victim_from_each_row_and_says_so(self):
        path = self.write(
            "victims.csv",
            victims_csv(
                "v1,Parviz Nikan (example),پرویز نیکان,,male,Mordad 1367,solar_hijri,tehran,1988-massacre,"
                "example-list,death,row 12,",
                "v2,Shirin Ahmadpour (example),,,female,August 1988,gregorian,,1988-massacre,,,,",
            ),
        )
        run = self.run_import("import_victims", path)
        self.assertEqual(Victim.objects.count(), 2)
        self.assertIn("Victims: 2 created, 0 updated, 0 unchanged.", run.stdout)
        self.assertIn("imported 2/2", run.stderr)
        parviz = Victim.objects.get(name_en="Parviz Nikan (example)")
        self.assertEqual(parviz.name_fa, "پرویز نیکان")
        self.assertEqual(parviz.gender, "male")
        self.assertEqual(parviz.death_place, self.tehran)
        self.assertEqual(list(parviz.events.all()), [self.massacre])
        self.assertEqual(parviz.slug, "parviz-nikan-example")

    def test_dates_are_read_in_the_calendar_each_row_gives(self):
        path = self.write(
            "victims.csv",
            victims_csv(
                "v1,Solar (example),,,,Mordad 1367,solar_hijri,,,,,,",
                "v2,Gregorian (example),,,,August 1988,gregorian,,,,,,",
                "v3,Season (example),,,,summer 1367,solar_hijri,,,,,,",
                "v4,Day (example),,,,1367/05/12,solar_hijri,,,,,,",
                "v5,No date (example),,,,,,,,,,,",
            ),
        )
        self.run_import("import_victims", path)
        solar = Victim.objects.get(name_en="Solar (example)").death_date
        self.assertEqual(
            (solar.text, solar.calendar, solar.precision), ("Mordad 1367", "solar_hijri", Precision.MONTH)
        )
        self.assertEqual(
            (solar.earliest, solar.latest), (datetime.date(1988, 7, 23), datetime.date(1988, 8, 22))
        )
        gregorian = Victim.objects.get(name_en="Gregorian (example)").death_date
        self.assertEqual((gregorian.calendar, gregorian.precision), ("gregorian", Precision.MONTH))
        self.assertEqual(
            (gregorian.earliest, gregorian.latest), (datetime.date(1988, 8, 1), datetime.date(1988, 8, 31))
        )
        self.assertEqual(Victim.objects.get(name_en="Season (example)").death_precision, Precision.SEASON)
        day = Victim.objects.get(name_en="Day (example)").death_date
        self.assertEqual((day.precision, day.earliest), (Precision.DAY, datetime.date(1988, 8, 3)))
        none = Victim.objects.get(name_en="No date (example)").death_date
        self.assertEqual((none.text, none.precision, none.earliest), ("", Precision.UNKNOWN, None))

    def test_an_unreadable_date_is_kept_as_unknown_with_the_days_given(self):
        path = self.write(
            "victims.json",
            [
                {
                    "external_id": "v1",
                    "name_en": "Range (example)",
                    "death_text": "in the days after the protests",
                    "death_precision": "unknown",
                    "death_earliest": "2019-11-16",
                    "death_latest": "2019-11-30",
                }
            ],
        )
        self.run_import("import_victims", path)
        date = Victim.objects.get().death_date
        self.assertEqual(date.text, "in the days after the protests")
        self.assertEqual(date.precision, Precision.UNKNOWN)
        self.assertEqual(
            (date.earliest, date.latest), (datetime.date(2019, 11, 16), datetime.date(2019, 11, 30))
        )

    def test_name_variants_in_both_scripts_are_imported_and_searchable(self):
        path = self.write(
            "victims.json",
            [
                {
                    "external_id": "v1",
                    "name_en": "Mahin Sotoudeh (example)",
                    "name_fa": "مهین ستوده",
                    "variants": [
                        "Mahin Sotoodeh",
                        "مهين ستوده",
                        {"name": "Mahine Sotoude", "kind": "alias", "note": "in the example list"},
                    ],
                }
            ],
        )
        self.run_import("import_victims", path)
        victim = Victim.objects.get()
        variants = {variant.name: variant for variant in victim.variants.all()}
        self.assertEqual(set(variants), {"Mahin Sotoodeh", "مهين ستوده", "Mahine Sotoude"})
        self.assertEqual(variants["Mahin Sotoodeh"].script, Script.LATIN)
        self.assertEqual(variants["مهين ستوده"].script, Script.PERSIAN)
        self.assertEqual(
            (variants["Mahine Sotoude"].kind, variants["Mahine Sotoude"].note),
            ("alias", "in the example list"),
        )
        # The search columns are what save() would have stored, variants included.
        stored = (victim.search_names, victim.search_text)
        victim.fill_search_fields()
        self.assertEqual(stored, (victim.search_names, victim.search_text))
        self.assertTrue(NameWord.objects.filter(word__in=victim.search_names.split()).exists())

    def test_variants_in_a_csv_cell_are_separated_by_bars(self):
        path = self.write(
            "victims.csv", victims_csv("v1,Ali Rezaei (example),,Ali Rezayi | علي رضايي,,,,,,,,,")
        )
        self.run_import("import_victims", path)
        self.assertEqual(
            sorted(VictimName.objects.values_list("name", "script")),
            [("Ali Rezayi", "latin"), ("علي رضايي", "persian")],
        )

    def test_citations_name_their_source_by_address_or_external_id(self):
        self.run_import(
            "import_sources",
            self.write(
                "sources.csv", "external_id,title_en,kind\nsrc-7,Imported report (fictional),report\n"
            ),
        )
        path = self.write(
            "victims.json",
            [
                {
                    "external_id": "v1",
                    "name_en": "Cited (example)",
                    "citations": [
                        {"source": "example-list", "claim": "death", "locator": "row 4"},
                        {
                            "source": "src-7",
                            "claim": "general",
                            "quote": "A sentence (example).",
                            "confidence": "high",
                        },
                    ],
                }
            ],
        )
        self.run_import("import_victims", path)
        victim = Victim.objects.get()
        citations = {
            citation.source.title_en: citation for citation in Citation.objects.for_records([victim])
        }
        self.assertEqual(citations["Example list (fictional)"].locator, "row 4")
        self.assertEqual(citations["Example list (fictional)"].claim, "death")
        self.assertEqual(citations["Imported report (fictional)"].confidence, "high")
        self.assertEqual(citations["Imported report (fictional)"].quote, "A sentence (example).")

    def test_prisons_and_events_are_lists_of_addresses(self):
        path = self.write(
            "victims.json",
            [
                {
                    "external_id": "v1",
                    "name_en": "Held (example)",
                    "prisons": ["evin-prison"],
                    "events": ["1988-massacre"],
                }
            ],
        )
        self.run_import("import_victims", path)
        victim = Victim.objects.get()
        self.assertEqual(list(victim.prisons.all()), [self.evin])
        self.assertEqual(list(victim.events.all()), [self.massacre])

    def test_imported_records_are_drafts_unless_asked_for_review(self):
        self.run_import("import_victims", self.write("a.csv", victims_csv("v1,Draft (example),,,,,,,,,,,")))
        self.run_import(
            "import_victims",
            self.write("b.csv", victims_csv("v2,Review (example),,,,,,,,,,,")),
            "--status",
            "in_review",
        )
        self.assertEqual(Victim.objects.get(name_en="Draft (example)").status, Status.DRAFT)
        self.assertEqual(Victim.objects.get(name_en="Review (example)").status, Status.IN_REVIEW)

    def test_it_refuses_to_publish_and_says_why(self):
        path = self.write("victims.csv", victims_csv("v1,Published (example),,,,,,,,,,,"))
        run = self.run_import("import_victims", path, "--status", "published", fails=True)
        self.assertIn("cannot make records published", run.error)
        self.assertIn("reviewer", run.error)
        self.assertFalse(Victim.objects.exists())

    def test_each_record_keeps_its_external_id(self):
        self.run_import(
            "import_victims", self.write("victims.csv", victims_csv("v1,Kept (example),,,,,,,,,,,"))
        )
        link = ImportedRecord.objects.get()
        self.assertEqual((link.external_id, link.record), ("v1", Victim.objects.get()))

    def test_an_address_given_in_the_file_is_used(self):
        path = self.write(
            "victims.json", [{"external_id": "v1", "slug": "chosen-address", "name_en": "Slug (example)"}]
        )
        self.run_import("import_victims", path)
        self.assertEqual(Victim.objects.get().slug, "chosen-address")

    def test_two_people_of_one_name_get_two_addresses(self):
        path = self.write(
            "victims.csv",
            victims_csv("v1,Ali Karimi (example),,,,,,,,,,,", "v2,Ali Karimi (example),,,,,,,,,,,"),
        )
        self.run_import("import_victims", path)
        self.assertEqual(
            sorted(Victim.objects.values_list("slug", flat=True)),
            ["ali-karimi-example", "ali-karimi-example-2"],
        )

    def test_it_runs_as_from_the_command_line_with_the_system_checks(self):
        path = self.write("victims.csv", victims_csv("v1,Checked (example),,,,,,,,,,,"))
        call_command(
            "import_victims", str(path), "--dry-run", skip_checks=False, stdout=StringIO(), stderr=StringIO()
        )

    def test_verbosity_zero_prints_no_progress(self):
        path = self.write("victims.csv", victims_csv("v1,Quiet (example),,,,,,,,,,,"))
        run = self.run_import("import_victims", path, "--verbosity", "0")
        self.assertEqual(run.stderr, "")
