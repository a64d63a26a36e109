"""Template tags for public pages: footnote markers, fuzzy dates, localized fields (marked with their language
when shown in the other one), digits, photo sizes, "cite this page", why a result matched."""

from __future__ import annotations

from django import template
from django.core.files.images import get_image_dimensions
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from archive.citation_formats import archive_name, cite_text, reference
from archive.dates import FuzzyDate, persian_digits, render_day
from archive.derivatives import THUMBNAIL, derivative_name
from archive.models import Source
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


def _shown_language(record, field: str) -> str | None:
    """The language ("en" or "fa") of `record.<field>` as the page shows it, when not the page's own."""
    persian = _is_persian()
    own = getattr(record, f"{field}_fa" if persian else f"{field}_en", "")
    other = getattr(record, f"{field}_en" if persian else f"{field}_fa", "")
    if own or not other:
        return None
    return "en" if persian else "fa"


@register.filter
def shown(record, field: str = "name"):
    """`record.<field>` in the page's language; in the other one, isolated and marked with its language.

    A record with no Persian name shows its Latin name on Persian pages as <bdi lang="en" dir="ltr">, so
    that its punctuation stays where it belongs and a screen reader reads it as English (and the same
    for a Persian-only name on an English page). For a short text: names and titles.
    """
    text = localized_field(record, field)
    language = _shown_language(record, field)
    if language is None:
        return text
    direction = "rtl" if language == "fa" else "ltr"
    return format_html('<bdi lang="{}" dir="{}">{}</bdi>', language, direction, text)


@register.filter
def other_script(record, field: str = "name"):
    """`record.<field>` in the other language than the page's, marked as such: the name shown beside the
    main one. Empty when the record has it in one language only."""
    persian = _is_persian()
    own = getattr(record, f"{field}_fa" if persian else f"{field}_en", "")
    other = getattr(record, f"{field}_en" if persian else f"{field}_fa", "")
    if not own or not other or own == other:
        return ""
    language, direction = ("en", "ltr") if persian else ("fa", "rtl")
    return format_html('<bdi lang="{}" dir="{}">{}</bdi>', language, direction, other)


@register.filter
def lang_attrs(record, field: str):
    """` lang=".." dir=".."` for the element holding a long text (`localized`) shown in the other language."""
    language = _shown_language(record, field)
    if language is None:
        return ""
    return format_html(' lang="{}" dir="{}"', language, "rtl" if language == "fa" else "ltr")


@register.filter
def size_attrs(photo):
    """` width=".." height=".."` of a photograph's thumbnail, so the page keeps its room before it loads.

    Read from the thumbnail's header (a few hundred bytes); nothing when there is no thumbnail yet.
    """
    if not photo.sha256:
        return ""
    try:
        with photo.image.storage.open(derivative_name(photo.sha256, THUMBNAIL), "rb") as thumbnail:
            width, height = get_image_dimensions(thumbnail)
    except Exception:  # missing or unreadable, whatever the storage: the page shows without the size
        return ""
    if not width or not height:
        return ""
    return format_html(' width="{}" height="{}"', width, height)


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
    """The short reference a reader copies to cite a record's page: title, archive, address, day accessed.

    On a Persian page the address, and a title shown in the other language, are isolated (<bdi>): the
    slash that ends the address and the full stop after a Latin name stay where they belong.
    """
    title_language = _shown_language(record, "title" if isinstance(record, Source) else "name")
    if not _is_persian() and title_language is None:
        return cite_text(record)
    ref = reference(record)
    title = conditional_escape(ref.title)
    if title_language is not None:
        direction = "rtl" if title_language == "fa" else "ltr"
        title = format_html('<bdi lang="{}" dir="{}">{}</bdi>', title_language, direction, ref.title)
    # The same sentence as cite_text(), with its parts marked up.
    sentence = conditional_escape(gettext("%(title)s. %(archive)s. %(url)s (accessed %(date)s)."))
    return mark_safe(
        sentence
        % {
            "title": title,
            "archive": conditional_escape(archive_name()),
            "url": format_html('<bdi dir="ltr">{}</bdi>', ref.page_url),
            "date": conditional_escape(render_day(ref.accessed, _is_persian())),
        }
    )


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
