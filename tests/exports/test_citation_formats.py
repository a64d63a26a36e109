"""“Cite this page” and the reference downloads: <record url>cite.bib, cite.ris, cite.json."""

from __future__ import annotations

import datetime
import json
import re

from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from archive.citation_formats import (
    CSL_TYPES,
    RIS_TYPES,
    bibtex_escape,
    gregorian_parts,
    iso_partial,
    year_range,
)
from archive.dates import Calendar, FuzzyDate, Precision, parse
from archive.models import Event, Place, PlaceKind, Source, SourceKind, Status
from tests.base import BaseTestCase
from tests.exports.support import make_perpetrator, make_victim

SITE = "https://archive.example.org"
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")
# The item types of the CSL 1.0.2 data schema.
CSL_ITEM_TYPES = {
    *[
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
    ],
    *[
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
    ],
    *[
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
    ],
    *[
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
    ],
    *[
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ],
}
RIS_REFERENCE_TYPES = {
    *[
        "ABST",
        "ADVS",
        "AGGR",
        "ANCIENT",
        "ART",
        "BILL",
        "BLOG",
        "BOOK",
        "CASE",
        "CHAP",
        "CHART",
        "CLSWK",
        "COMP",
        "CONF",
        "CPAPER",
        "CTLG",
        "DATA",
    ],
    *[
        "DBASE",
        "DICT",
        "EBOOK",
        "ECHAP",
        "EDBOOK",
        "EJOUR",
        "ELEC",
        "ENCYC",
        "EQUA",
        "FIGURE",
        "GEN",
        "GOVDOC",
        "GRANT",
        "HEAR",
        "ICOMM",
        "INPR",
    ],
    *[
        "JFULL",
        "JOUR",
        "LEGAL",
        "MANSCPT",
        "MAP",
        "MGZN",
        "MPCT",
        "MULTI",
        "MUSIC",
        "NEWS",
        "PAMP",
        "PAT",
        "PCOMM",
        "RPRT",
        "SER",
        "SLIDE",
        "SOUND",
    ],
    *["STAND", "STAT", "THES", "UNPB", "VIDEO"],
}


def ris_fields(text: str) -> list[tuple[str, str]]:
    return [(line[:2], line[6:]) for line in text.split("\r\n") if line]


def csl_item(response) -> dict:
    items = json.loads(response.content)
    assert isinstance(items, list) and len(items) == 1
    return items[0]


class GregorianPartsTestCase(SimpleTestCase):
    def parts(self, text, calendar=Calendar.GREGORIAN):
        return gregorian_parts(parse(text, calendar))

    def test_an_exact_day_gives_year_month_and_day(self):
        self.assertEqual(self.parts("4 December 2018"), [2018, 12, 4])
        self.assertEqual(self.parts("1367/05/12", Calendar.SOLAR_HIJRI), [1988, 8, 3])
        self.assertEqual(iso_partial(parse("1367/05/12", Calendar.SOLAR_HIJRI)), "1988-08-03")

    def test_a_gregorian_month_gives_year_and_month(self):
        self.assertEqual(self.parts("August 1988"), [1988, 8])
        self.assertEqual(iso_partial(parse("August 1988", Calendar.GREGORIAN)), "1988-08")

    def test_a_solar_hijri_month_gives_only_the_year_it_falls_in(self):
        # Mordad 1367 runs from 23 July to 22 August 1988: no single Gregorian month.
        self.assertEqual(self.parts("Mordad 1367", Calendar.SOLAR_HIJRI), [1988])
        self.assertEqual(self.parts("Aban 1398", Calendar.SOLAR_HIJRI), [2019])

    def test_a_season_gives_only_its_year(self):
        self.assertEqual(self.parts("summer 1367", Calendar.SOLAR_HIJRI), [1988])
        self.assertEqual(self.parts("summer 1988"), [1988])

    def test_a_date_across_a_new_year_gives_no_year_but_a_range(self):
        for text in ("1367", "Dey 1367"):
            date = parse(text, Calendar.SOLAR_HIJRI)
            self.assertIsNone(gregorian_parts(date))
            self.assertIsNone(iso_partial(date))
            self.assertEqual(year_range(date), (1988, 1989))
        self.assertEqual(year_range(parse("winter 1988", Calendar.GREGORIAN)), (1987, 1989))

    def test_an_unknown_date_gives_nothing(self):
        self.assertIsNone(gregorian_parts(FuzzyDate()))
        self.assertIsNone(year_range(FuzzyDate(text="some time after the war")))
        ranged = FuzzyDate(
            "late that summer",
            precision=Precision.UNKNOWN,
            earliest=datetime.date(1988, 8, 1),
            latest=datetime.date(1988, 8, 1),
        )
        self.assertEqual(gregorian_parts(ranged), [1988])  # never a day the precision does not claim

    def test_bibtex_specials_are_escaped(self):
        self.assertEqual(
            bibtex_escape("50% of {us} & $5 #1 a_b ^ ~ \\"),
            r"50\% of \{us\} \& \$5 \#1 a\_b \textasciicircum{} \textasciitilde{} \textbackslash{}",
        )

    def test_every_source_kind_maps_to_a_type_each_format_knows(self):
        for kind in SourceKind.values:
            self.assertIn(RIS_TYPES.get(kind, "GEN"), RIS_REFERENCE_TYPES)
            self.assertIn(CSL_TYPES.get(kind, "document"), CSL_ITEM_TYPES)


@override_settings(SITE_URL=SITE)
class SourceReferenceTestCase(BaseTestCase):
    def setUp(self):
        self.source = self.make_source(
            "Blood-soaked secrets: 50% & more_{why}",
            title_fa="اسرار خون‌آلود",
            slug="blood-soaked-secrets",
            author="Amnesty International",
            publisher="Amnesty International Ltd",
            published_text="4 December 2018",
            language="en",
            url="https://example.org/secrets?id=1&part=2",
        )
        self.today = timezone.localdate()

    def test_the_bibtex_entry_describes_the_document(self):
        response = self.client.get("/sources/blood-soaked-secrets/cite.bib")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/x-bibtex; charset=utf-8")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="blood-soaked-secrets.bib"')
        text = response.content.decode()
        self.assertTrue(text.startswith(f"@techreport{{source-{self.source.pk},\n"))
        self.assertIn("  author = {{Amnesty International}},\n", text)
        self.assertIn(r"  title = {{Blood-soaked secrets: 50\% \& more\_\{why\}}}," + "\n", text)
        self.assertIn("  institution = {Amnesty International Ltd},\n", text)
        self.assertIn("  year = {2018},\n  month = dec,\n  date = {2018-12-04},\n", text)
        self.assertIn("  url = {https://example.org/secrets?id=1&part=2},\n", text)
        self.assertIn(f"  urldate = {{{self.today.isoformat()}}},\n", text)
        self.assertIn(f"Memorial archive: {SITE}/sources/blood-soaked-secrets/", text)
        self.assertTrue(text.endswith("\n}\n"))
        unescaped = text.replace(r"\{", "").replace(r"\}", "")
        self.assertEqual(unescaped.count("{"), unescaped.count("}"))

    def test_the_ris_record_describes_the_document_line_by_line(self):
        response = self.client.get("/sources/blood-soaked-secrets/cite.ris")
        self.assertEqual(response["Content-Type"], "application/x-research-info-systems; charset=utf-8")
        text = response.content.decode()
        lines = text.split("\r\n")
        self.assertEqual(lines[0], "TY  - RPRT")
        self.assertEqual(lines[-2:], ["ER  - ", ""])
        for line in lines[:-1]:
            self.assertRegex(line, RIS_LINE)
        fields = ris_fields(text)
        self.assertIn(("AU", "Amnesty International"), fields)
        self.assertIn(("TI", "Blood-soaked secrets: 50% & more_{why}"), fields)
        self.assertIn(("PB", "Amnesty International Ltd"), fields)
        self.assertIn(("PY", "2018"), fields)
        self.assertIn(("DA", "2018/12/04/"), fields)
        self.assertIn(("UR", "https://example.org/secrets?id=1&part=2"), fields)
        self.assertIn(("Y2", self.today.strftime("%Y/%m/%d")), fields)
        self.assertIn(("LA", "en"), fields)

    def test_the_csl_json_item_describes_the_document(self):
        response = self.client.get("/sources/blood-soaked-secrets/cite.json")
        self.assertEqual(response["Content-Type"], "application/vnd.citationstyles.csl+json; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="blood-soaked-secrets.csl.json"'
        )
        item = csl_item(response)
        self.assertEqual(item["id"], f"source-{self.source.pk}")
        self.assertEqual(item["type"], "report")
        self.assertEqual(item["title"], "Blood-soaked secrets: 50% & more_{why}")
        self.assertEqual(item["author"], [{"literal": "Amnesty International"}])
        self.assertEqual(item["publisher"], "Amnesty International Ltd")
        self.assertEqual(item["issued"], {"date-parts": [[2018, 12, 4]]})
        self.assertEqual(item["URL"], "https://example.org/secrets?id=1&part=2")
        self.assertEqual(
            item["accessed"], {"date-parts": [[self.today.year, self.today.month, self.today.day]]}
        )
        self.assertEqual(item["archive_location"], f"{SITE}/sources/blood-soaked-secrets/")

    def test_a_date_is_given_only_at_the_precision_the_source_has(self):
        cases = [
            ("1988", Calendar.GREGORIAN, [[1988]], "1988///", "  year = {1988},\n  date = {1988},\n"),
            (
                "August 1988",
                Calendar.GREGORIAN,
                [[1988, 8]],
                "1988/08//",
                "  month = aug,\n  date = {1988-08},\n",
            ),
            (
                "Mordad 1367",
                Calendar.SOLAR_HIJRI,
                [[1988]],
                "1988///",
                "  year = {1988},\n  date = {1988},\n",
            ),
        ]
        for text, calendar, parts, ris_date, bib in cases:
            with self.subTest(text=text):
                Source.objects.filter(pk=self.source.pk).update(published_text="")
                self.source.published_date = parse(text, calendar)
                self.source.save()
                self.assertEqual(
                    csl_item(self.client.get("/sources/blood-soaked-secrets/cite.json"))["issued"],
                    {"date-parts": parts},
                )
                self.assertIn(
                    ("DA", ris_date),
                    ris_fields(self.client.get("/sources/blood-soaked-secrets/cite.ris").content.decode()),
                )
                self.assertIn(bib, self.client.get("/sources/blood-soaked-secrets/cite.bib").content.decode())

    def test_a_year_across_two_gregorian_years_is_a_range_or_a_note_never_an_invented_year(self):
        self.source.published_date = parse("1367", Calendar.SOLAR_HIJRI)
        self.source.save()
        item = csl_item(self.client.get("/sources/blood-soaked-secrets/cite.json"))
        self.assertEqual(item["issued"], {"date-parts": [[1988], [1989]]})
        ris = self.client.get("/sources/blood-soaked-secrets/cite.ris").content.decode()
        self.assertNotIn("PY  - ", ris)
        self.assertNotIn("DA  - ", ris)
        self.assertIn("N1  - Date as the source gives it: 1367 (1988–1989)", ris)
        bib = self.client.get("/sources/blood-soaked-secrets/cite.bib").content.decode()
        self.assertNotIn("year =", bib)
        self.assertIn("  date = {1988/1989},\n", bib)

    def test_an_undated_source_has_no_date(self):
        Source.objects.filter(pk=self.source.pk).update(
            published_text="", published_precision="unknown", published_earliest=None, published_latest=None
        )
        self.assertNotIn("issued", csl_item(self.client.get("/sources/blood-soaked-secrets/cite.json")))
        self.assertNotIn("year =", self.client.get("/sources/blood-soaked-secrets/cite.bib").content.decode())

    def test_each_kind_is_mapped_to_the_formats_types(self):
        cases = [
            (SourceKind.NEWS_ARTICLE, "@article{", "NEWS", "article-newspaper"),
            (SourceKind.BOOK, "@book{", "BOOK", "book"),
            (SourceKind.TESTIMONY, "@misc{", "GEN", "document"),
            (SourceKind.COURT_RECORD, "@misc{", "CASE", "legal_case"),
            (SourceKind.VIDEO, "@misc{", "VIDEO", "motion_picture"),
            (SourceKind.DATASET, "@misc{", "DATA", "dataset"),
        ]
        for kind, bib, ris, csl in cases:
            with self.subTest(kind=kind):
                Source.objects.filter(pk=self.source.pk).update(kind=kind)
                self.assertTrue(
                    self.client.get("/sources/blood-soaked-secrets/cite.bib").content.decode().startswith(bib)
                )
                self.assertTrue(
                    self.client.get("/sources/blood-soaked-secrets/cite.ris")
                    .content.decode()
                    .startswith(f"TY  - {ris}\r\n")
                )
                self.assertEqual(
                    csl_item(self.client.get("/sources/blood-soaked-secrets/cite.json"))["type"], csl
                )
        bib = self.client.get("/sources/blood-soaked-secrets/cite.bib").content.decode()
        self.assertIn("  howpublished = {dataset or list},\n", bib)

    def test_a_source_without_a_web_address_points_to_its_page_in_the_archive(self):
        Source.objects.filter(pk=self.source.pk).update(url="")
        item = csl_item(self.client.get("/sources/blood-soaked-secrets/cite.json"))
        self.assertEqual(item["URL"], f"{SITE}/sources/blood-soaked-secrets/")
        self.assertNotIn("archive_location", item)

    def test_line_breaks_in_fields_do_not_break_a_ris_record(self):
        Source.objects.filter(pk=self.source.pk).update(title_en="A title\r\nER  - on two lines")
        lines = self.client.get("/sources/blood-soaked-secrets/cite.ris").content.decode().split("\r\n")
        self.assertIn("TI  - A title ER - on two lines", lines)
        self.assertEqual(sum(line.startswith("ER  -") for line in lines), 1)

    def test_the_persian_download_uses_the_persian_title(self):
        item = csl_item(self.client.get("/fa/sources/blood-soaked-secrets/cite.json"))
        self.assertEqual(item["title"], "اسرار خون‌آلود")
        self.assertEqual(item["archive_location"], f"{SITE}/fa/sources/blood-soaked-secrets/")

    def test_an_unpublished_source_has_no_reference(self):
        for status in (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN):
            Source.objects.filter(pk=self.source.pk).update(status=status)
            for fmt in ("bib", "ris", "json"):
                self.assertEqual(
                    self.client.get(f"/sources/blood-soaked-secrets/cite.{fmt}").status_code, 404
                )

    def test_an_old_address_redirects(self):
        self.source.slug = "secrets"
        self.source.save()
        response = self.client.get("/sources/blood-soaked-secrets/cite.ris")
        self.assertRedirects(response, "/sources/secrets/cite.ris", status_code=301)

    def test_an_unknown_format_is_not_found_and_post_is_refused(self):
        self.assertEqual(self.client.get("/sources/blood-soaked-secrets/cite.txt").status_code, 404)
        self.assertEqual(self.client.post("/sources/blood-soaked-secrets/cite.bib").status_code, 405)

    def test_the_source_page_offers_cite_this_page(self):
        response = self.client.get("/sources/blood-soaked-secrets/")
        self.assertContains(response, '<h2 id="cite-heading">Cite this page</h2>')
        self.assertContains(
            response,
            f"Blood-soaked secrets: 50% &amp; more_{{why}}. Memorial archive. {SITE}/sources/blood-soaked-secrets/ "
            f"(accessed {self.today.day} {self.today:%B} {self.today.year}).",
        )
        for fmt in ("bib", "ris", "json"):
            self.assertContains(response, f'href="/sources/blood-soaked-secrets/cite.{fmt}"')


@override_settings(SITE_URL=SITE)
class RecordReferenceTestCase(BaseTestCase):
    """Victims, perpetrators, events and places are cited as pages of the archive."""

    def setUp(self):
        self.victim = make_victim("Ali Rezaei", "علی رضایی")
        self.perpetrator = make_perpetrator("Ebrahim Raisi", "ابراهیم رئیسی")
        self.event = Event.objects.create(
            name_en="1988 prison massacre", name_fa="کشتار ۶۷", status=Status.PUBLISHED
        )
        self.place = Place.objects.create(
            name_en="Evin Prison", kind=PlaceKind.PRISON, status=Status.PUBLISHED
        )
        self.pages = [
            (self.victim, "/victims/ali-rezaei/", "Ali Rezaei"),
            (self.perpetrator, "/perpetrators/ebrahim-raisi/", "Ebrahim Raisi"),
            (self.event, "/events/1988-prison-massacre/", "1988 prison massacre"),
            (self.place, "/places/evin-prison/", "Evin Prison"),
        ]
        self.today = timezone.localdate()

    def test_every_record_page_offers_cite_this_page(self):
        for _record, path, title in self.pages:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertContains(response, "Cite this page")
                self.assertContains(
                    response,
                    f"{title}. Memorial archive. {SITE}{path} (accessed {self.today.day} {self.today:%B} {self.today.year}).",
                )
                for fmt in ("bib", "ris", "json"):
                    self.assertContains(response, f'href="{path}cite.{fmt}"')

    def test_the_persian_pages_cite_in_persian(self):
        response = self.client.get("/fa/victims/ali-rezaei/")
        self.assertContains(response, 'href="/fa/victims/ali-rezaei/cite.ris"')
        self.assertContains(response, "علی رضایی. ")
        self.assertContains(response, f"{SITE}/fa/victims/ali-rezaei/")
        self.assertNotContains(
            response, f"{self.today.year})"
        )  # the day accessed is in the Solar Hijri calendar

    def test_the_references_cite_a_web_page(self):
        for record, path, title in self.pages:
            with self.subTest(path=path):
                bib = self.client.get(f"{path}cite.bib").content.decode()
                self.assertTrue(bib.startswith(f"@misc{{{record._meta.model_name}-{record.pk},\n"))
                self.assertIn(f"  title = {{{{{title}}}}},\n", bib)
                self.assertIn("  howpublished = {Memorial archive},\n", bib)
                self.assertIn(f"  url = {{{SITE}{path}}},\n", bib)
                fields = ris_fields(self.client.get(f"{path}cite.ris").content.decode())
                self.assertEqual(fields[0], ("TY", "ELEC"))
                self.assertIn(("UR", f"{SITE}{path}"), fields)
                self.assertIn(("PB", "Memorial archive"), fields)
                item = csl_item(self.client.get(f"{path}cite.json"))
                self.assertEqual(item["type"], "webpage")
                self.assertEqual(item["container-title"], "Memorial archive")
                self.assertEqual(item["URL"], f"{SITE}{path}")
                self.assertNotIn("issued", item)

    def test_unpublished_records_have_no_reference_and_no_cite_block(self):
        for record, path, _title in self.pages:
            type(record).objects.filter(pk=record.pk).update(status=Status.DRAFT)
            with self.subTest(path=path):
                self.assertEqual(self.client.get(f"{path}cite.bib").status_code, 404)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/victims/ali-rezaei/cite.bib").status_code, 404)
        response = self.client.get("/victims/ali-rezaei/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Cite this page")

    def test_a_persian_slug_is_a_valid_file_name(self):
        victim = make_victim("", "مریم احمدی")
        response = self.client.get(f"/fa/victims/{victim.slug}/cite.ris")
        self.assertEqual(response.status_code, 200)
        self.assertIn("filename*=utf-8''", response["Content-Disposition"])
        self.assertIn(("TI", "مریم احمدی"), ris_fields(response.content.decode()))
