"""References to the archive: the "cite this page" text, and BibTeX, RIS and CSL-JSON downloads.

A source document is cited as the document itself: its author, title, publisher, date, address, and
its kind mapped to each format's types. Any other record (a victim, a perpetrator, an event, a place)
is cited as a page of the archive.

Dates go only as far as the source does, and only as far as the Gregorian calendar can state them
exactly: "1988" is a year; "Mordad 1367" (23 July to 22 August 1988) is the year 1988 without a
month; "1367" straddles 1988 and 1989, so it is a range where a format has ranges (CSL-JSON,
biblatex) and left out where it has none, with the source's own words in a note.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language, gettext

from archive.dates import FuzzyDate, Precision, render_day
from archive.exports import url_of
from archive.models import Source, SourceKind

WEBPAGE = "webpage"
BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

# Each source kind in each format's vocabulary; what is not listed is the format's generic type.
BIBTEX_TYPES = {
    SourceKind.REPORT: "techreport",
    SourceKind.NEWS_ARTICLE: "article",
    SourceKind.BOOK: "book",
}
RIS_TYPES = {
    SourceKind.REPORT: "RPRT",
    SourceKind.NEWS_ARTICLE: "NEWS",
    SourceKind.OFFICIAL_STATEMENT: "GOVDOC",
    SourceKind.BOOK: "BOOK",
    SourceKind.COURT_RECORD: "CASE",
    SourceKind.IMAGE: "FIGURE",
    SourceKind.VIDEO: "VIDEO",
    SourceKind.AUDIO: "SOUND",
    SourceKind.DATASET: "DATA",
    WEBPAGE: "ELEC",
}
CSL_TYPES = {
    SourceKind.REPORT: "report",
    SourceKind.NEWS_ARTICLE: "article-newspaper",
    SourceKind.INTERVIEW: "interview",
    SourceKind.SPEECH: "speech",
    SourceKind.BOOK: "book",
    SourceKind.COURT_RECORD: "legal_case",
    SourceKind.IMAGE: "graphic",
    SourceKind.VIDEO: "motion_picture",
    SourceKind.AUDIO: "song",  # CSL's type for audio recordings
    SourceKind.DATASET: "dataset",
    WEBPAGE: "webpage",
}


# Dates.


def gregorian_parts(date: FuzzyDate) -> list[int] | None:
    """[year], [year, month] or [year, month, day]: what the date states exactly in the Gregorian calendar.

    None when it states no single Gregorian year (unknown, or a range across a new year).
    """
    if not date or date.earliest is None:
        return None
    earliest, latest = date.earliest, date.latest
    if date.precision == Precision.DAY:
        return [earliest.year, earliest.month, earliest.day]
    if earliest.year != latest.year:
        return None
    if date.precision == Precision.MONTH and earliest.month == latest.month:
        return [earliest.year, earliest.month]
    return [earliest.year]


def year_range(date: FuzzyDate) -> tuple[int, int] | None:
    """The first and last Gregorian year of a date that states no single year, when its bounds are known."""
    if not date or date.earliest is None or gregorian_parts(date) is not None:
        return None
    return date.earliest.year, date.latest.year


def iso_partial(date: FuzzyDate) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD at the precision known; None when no single year is known."""
    parts = gregorian_parts(date)
    if parts is None:
        return None
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])


# The reference, whatever the format.


@dataclass(frozen=True)
class Reference:
    key: str
    kind: str  # a SourceKind value, or WEBPAGE
    title: str
    url: str  # where the cited thing is read
    page_url: str  # its page in this archive
    accessed: datetime.date
    author: str = ""
    publisher: str = ""
    date: FuzzyDate = field(default_factory=FuzzyDate)
    language: str = ""

    @property
    def kind_label(self) -> str:
        return str(SourceKind(self.kind).label) if self.kind in SourceKind.values else ""


def archive_name() -> str:
    return gettext("Memorial archive")


def reference(record, accessed: datetime.date | None = None) -> Reference:
    accessed = accessed or timezone.localdate()
    page_url = url_of(record)
    key = f"{record._meta.model_name}-{record.pk}"
    if isinstance(record, Source):
        return Reference(
            key=key,
            kind=record.kind,
            title=record.title,
            url=record.url or page_url,
            page_url=page_url,
            accessed=accessed,
            author=record.author,
            publisher=record.publisher,
            date=record.published_date,
            language=record.language,
        )
    return Reference(
        key=key,
        kind=WEBPAGE,
        title=getattr(record, "name", "") or str(record),
        url=page_url,
        page_url=page_url,
        accessed=accessed,
        publisher=archive_name(),
        language=get_language() or "en",
    )


def cite_text(record, accessed: datetime.date | None = None) -> str:
    """“Ali Rezaei. Memorial archive. https://…/victims/ali-rezaei/ (accessed 24 November 2025).”"""
    ref = reference(record, accessed)
    persian = (get_language() or "en").startswith("fa")
    return gettext("%(title)s. %(archive)s. %(url)s (accessed %(date)s).") % {
        "title": ref.title,
        "archive": archive_name(),
        "url": ref.page_url,
        "date": render_day(ref.accessed, persian),
    }


def _date_note(ref: Reference) -> str:
    """The source's own words for a date no format field can hold exactly."""
    span = year_range(ref.date)
    if span is None:
        return ""
    return gettext("Date as the source gives it: %(text)s (%(first)s–%(last)s)") % {
        "text": ref.date.text or "?",
        "first": span[0],
        "last": span[1],
    }


# BibTeX.

_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in " ".join(text.split()))


def _bibtex_url(url: str) -> str:
    # URL fields are read verbatim: escaping would put backslashes into the address. Braces cannot
    # be escaped there, so they (and spaces) are percent-encoded, as they should be in a URL anyway.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(ref: Reference) -> str:
    entry_type = BIBTEX_TYPES.get(ref.kind, "misc")
    fields: list[tuple[str, str]] = []
    if ref.author:
        # Braced whole: an organization as author ("Amnesty International") is not split into names.
        fields.append(("author", "{{" + bibtex_escape(ref.author) + "}}"))
    fields.append(("title", "{{" + bibtex_escape(ref.title) + "}}"))
    if ref.publisher:
        where = {"techreport": "institution", "article": "journal"}.get(entry_type, "publisher")
        if ref.kind == WEBPAGE:
            where = "howpublished"
        fields.append((where, "{" + bibtex_escape(ref.publisher) + "}"))
    if entry_type == "misc" and ref.kind_label:
        fields.append(("howpublished", "{" + bibtex_escape(ref.kind_label) + "}"))
    parts = gregorian_parts(ref.date)
    span = year_range(ref.date)
    if parts:
        fields.append(("year", f"{{{parts[0]}}}"))
        if len(parts) > 1:
            fields.append(("month", BIBTEX_MONTHS[parts[1] - 1]))
        fields.append(("date", "{" + iso_partial(ref.date) + "}"))
    elif span:
        fields.append(("date", f"{{{span[0]}/{span[1]}}}"))  # a biblatex range of years
    fields.append(("url", "{" + _bibtex_url(ref.url) + "}"))
    fields.append(("urldate", "{" + ref.accessed.isoformat() + "}"))
    if ref.language:
        fields.append(("language", "{" + bibtex_escape(ref.language) + "}"))
    notes = [_date_note(ref)]
    if ref.page_url != ref.url:
        notes.append(f"{archive_name()}: {ref.page_url}")
    if any(notes):
        fields.append(("note", "{" + bibtex_escape(". ".join(n for n in notes if n)) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{ref.key},\n{body}\n}}\n"


# RIS: one "TAG  - value" per line, CR LF line ends, from TY to ER.


def _ris_date(parts: list[int]) -> str:
    """YYYY/MM/DD/ with the parts not known left empty: “1988///”, “1988/08//”."""
    year, month, day = [*parts, None, None][:3]
    return f"{year:04d}/{'' if month is None else f'{month:02d}'}/{'' if day is None else f'{day:02d}'}/"


def ris(ref: Reference) -> str:
    lines = [("TY", RIS_TYPES.get(ref.kind, "GEN")), ("ID", ref.key)]
    if ref.author:
        lines.append(("AU", ref.author))
    lines.append(("TI", ref.title))
    if ref.publisher:
        lines.append(("T2" if ref.kind == SourceKind.NEWS_ARTICLE else "PB", ref.publisher))
    parts = gregorian_parts(ref.date)
    if parts:
        lines += [("PY", f"{parts[0]:04d}"), ("DA", _ris_date(parts))]
    if (
        ref.kind not in (WEBPAGE, SourceKind.REPORT, SourceKind.NEWS_ARTICLE, SourceKind.BOOK)
        and ref.kind_label
    ):
        lines.append(("M3", ref.kind_label))  # the type of work, where the RIS type is generic
    lines.append(("UR", ref.url))
    lines.append(("Y2", ref.accessed.strftime("%Y/%m/%d")))
    if ref.language:
        lines.append(("LA", ref.language))
    if note := _date_note(ref):
        lines.append(("N1", note))
    if ref.page_url != ref.url:
        lines.append(("N1", f"{archive_name()}: {ref.page_url}"))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines)


# CSL-JSON: a list of items, as citation processors and reference managers read it.


def csl_item(ref: Reference) -> dict:
    item = {"id": ref.key, "type": CSL_TYPES.get(ref.kind, "document"), "title": ref.title}
    if ref.author:
        item["author"] = [{"literal": ref.author}]
    if ref.publisher:
        container = ref.kind in (WEBPAGE, SourceKind.NEWS_ARTICLE)
        item["container-title" if container else "publisher"] = ref.publisher
    parts = gregorian_parts(ref.date)
    span = year_range(ref.date)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    elif span:
        item["issued"] = {"date-parts": [[span[0]], [span[1]]]}
    if ref.kind_label and item["type"] == "document":
        item["genre"] = ref.kind_label
    item["URL"] = ref.url
    item["accessed"] = {"date-parts": [[ref.accessed.year, ref.accessed.month, ref.accessed.day]]}
    if ref.language:
        item["language"] = ref.language
    if ref.page_url != ref.url:
        item["archive"] = archive_name()
        item["archive_location"] = ref.page_url
    if note := _date_note(ref):
        item["note"] = note
    return item


def csl_json(ref: Reference) -> str:
    return json.dumps([csl_item(ref)], ensure_ascii=False, indent=2) + "\n"


# Downloads: URL suffix -> writer, media type, file extension.
FORMATS = {
    "bib": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "csl.json"),
}
