"""Template tags for public pages: footnote markers, fuzzy dates, localized fields, digits, "cite this page", why a result matched."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext

from archive.citation_formats import cite_text
from archive.dates import FuzzyDate, persian_digits, render_day
from archive.models.publication import localized as localized_field
from archive.search import explain
from editorial import public as editorial_public

register = template.Library()


def _is_persian() -> bool:
    return (get_language() or "en").startswith("fa")


@register.simple_tag(takes_context=True)
def cite(context, record, *claims):
    """Footnote markers for the citations behind a claim: {% cite victim "death" %}."""
    footnotes = context.get("footnotes")
    if footnotes is None:
        return ""
    numbered = [pair for claim in claims for pair in footnotes.cite(record, claim)]
    if not numbered:
        return ""
    return format_html(
        '<sup class="fn">{}</sup>',
        format_html_join(
            gettext(", "),
            '<a href="#fn-{}" id="ref-{}-{}" aria-label="{}">{}</a>',
            (
                (n, n, c.claim, gettext("source %(number)s") % {"number": digits(n)}, digits(n))
                for n, c in numbered
            ),
        ),
    )


@register.filter
def joined(values) -> str:
    """A list joined with the page language's comma."""
    return gettext(", ").join(str(value) for value in values)


@register.filter
def fuzzy(date: FuzzyDate) -> str:
    """A fuzzy date at its precision, in the page's calendar."""
    return date.display(get_language()) if date else ""


@register.filter
def localized(record, field: str) -> str:
    return localized_field(record, field)


@register.filter
def digits(value) -> str:
    """Numbers in Persian digits on Persian pages."""
    if value is None:
        return ""
    return persian_digits(str(value)) if _is_persian() else str(value)


@register.filter
def number(value) -> str:
    """A count with thousands separators, in the page's digits."""
    if value is None:
        return ""
    if _is_persian():
        return persian_digits(f"{value:,}".replace(",", "٬"))
    return f"{value:,}"


@register.filter
def record_label(record) -> str:
    """A record's name in the page's script, or its description when it has no name (a position, an estimate)."""
    return getattr(record, "name", "") or str(record)


@register.filter
def calendar_day(value) -> str:
    """A day (or a datetime's day) in the page's calendar: Solar Hijri on Persian pages."""
    if not value:
        return ""
    day = value.date() if hasattr(value, "date") else value
    return render_day(day, _is_persian())


@register.simple_tag
def cite_this_page(record) -> str:
    """The short reference a reader copies to cite a record's page: title, archive, address, day accessed."""
    return cite_text(record)


@register.filter
def why_matched(record, query):
    """Why a search result matched `query`: the name, variant or passage, marked (None without a query)."""
    if not query:
        return None
    return explain(record.names_for_search(), record.text_for_search(), query)


@register.simple_tag
def public_changes(record) -> list:
    """What changed on a public page since it was published, newest first (editorial/public.py)."""
    return editorial_public.public_changes(record) if getattr(record, "is_published", False) else []
