"""What a page says about itself in its <head>, for search engines and for link previews when it is shared.

- `{% page_links %}` (every page): the canonical address and its alternates in each language.
- `{% page_meta %}` (every page, unless a record page replaces it): default Open Graph tags; on the home
  page, the archive described as a schema.org Dataset with its downloads.
- `{% record_meta record %}` (record pages): Open Graph for the record, schema.org JSON-LD (Person,
  CreativeWork, Event, Place), and "noindex" for anything the public must not find: a draft an editor is
  previewing, a fictional sample record.

JSON-LD is data, not script: browsers never execute it, so the Content-Security-Policy needs no exception.
Dates go out no finer than the source gave them (`schema_date`).
"""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from archive import derivatives
from archive.dates import FuzzyDate, Precision
from archive.models import Event, Place, Source
from archive.models.publication import localized
from perpetrators.models import Perpetrator
from victims.models import Victim

register = template.Library()

# Open Graph wants a territory with the language.
LOCALES = {"en": "en_US", "fa": "fa_IR"}
# The same words as the default <meta name="description"> in base.html.
DEFAULT_DESCRIPTION = _(
    "Names, perpetrators and sources of the 1988 prison massacre and the November 2019 killings in Iran."
)
# The licence of the archive's own data (archive/exports.py LICENCE, README).
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# The downloads that make the archive a dataset: (URL name, arguments, media type).
DOWNLOADS = [
    ("victim_export", ["csv"], "text/csv"),
    ("victim_export", ["json"], "application/json"),
    ("perpetrator_export", ["csv"], "text/csv"),
    ("perpetrator_export", ["json"], "application/json"),
    ("perpetrators_popolo", [], "application/json"),
    ("source_export", ["csv"], "text/csv"),
    ("source_export", ["json"], "application/json"),
]
# What keeps record text inside its <script> element: "</script>" and "<!--" become inert.
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def canonical_path(request, page=None) -> str:
    """The address that names this page: its path, and ?page=N for a later page of an unfiltered list.

    A filtered, sorted or searched list is a view of the list, so its canonical address is the list
    itself; `page` is the Page a list view rendered (its number, not the one asked for, which may be
    out of range).
    """
    filtered = any(value for key, value in request.GET.items() if key != "page")
    if filtered or "page" not in request.GET:
        return request.path
    number = getattr(page, "number", None)
    if number is None:
        try:
            number = int(request.GET["page"])
        except ValueError:
            number = 1
    return f"{request.path}?page={number}" if number > 1 else request.path


def _page_request(context):
    """The request of a page that has an address of its own: not Django's 404 page, which renders
    with `request_path` and `exception` and must be the same for a draft as for nothing at all, nor
    the 400 page for a request to a host this site is not (asking its address would raise again)."""
    request = context.get("request")
    if request is None or ("request_path" in context and "exception" in context):
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return request


def canonical_url(context) -> str:
    request = context["request"]
    return request.build_absolute_uri(canonical_path(request, context.get("page")))


def _in_language(path_and_query: str, language: str) -> str:
    path, _sep, query = path_and_query.partition("?")
    translated = translate_url(path, language)
    return f"{translated}?{query}" if query else translated


@register.simple_tag(takes_context=True)
def page_links(context):
    """<link rel="canonical"> and one <link rel="alternate" hreflang> per language, plus x-default."""
    request = _page_request(context)
    if request is None:
        return ""
    path = canonical_path(request, context.get("page"))
    links = [("canonical", "", request.build_absolute_uri(path))]
    for code, _name in settings.LANGUAGES:
        links.append(("alternate", code, request.build_absolute_uri(_in_language(path, code))))
    links.append(
        ("alternate", "x-default", request.build_absolute_uri(_in_language(path, settings.LANGUAGE_CODE)))
    )
    return format_html_join(
        "\n  ",
        '<link rel="{}"{} href="{}">',
        ((rel, format_html(' hreflang="{}"', code) if code else "", url) for rel, code, url in links),
    )


def _open_graph(context, *, title, description, kind, image="", image_alt="") -> str:
    language = _language()
    tags = [
        ("og:site_name", str(settings.SITE_NAME)),
        ("og:title", str(title)),
        ("og:description", str(description)),
        ("og:type", kind),
        ("og:url", canonical_url(context)),
        ("og:locale", LOCALES.get(language, language)),
        *(
            ("og:locale:alternate", LOCALES.get(code, code))
            for code, _name in settings.LANGUAGES
            if code != language
        ),
    ]
    if image:
        tags += [("og:image", image), ("og:image:alt", str(image_alt))]
    return format_html_join("\n  ", '<meta property="{}" content="{}">', tags)


def json_ld(data: dict) -> str:
    """A <script type="application/ld+json"> element that no text in `data` can break out of."""
    text = json.dumps(_without_empty(data), ensure_ascii=False, indent=None).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _without_empty(value):
    if isinstance(value, dict):
        kept = {key: _without_empty(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_without_empty(item) for item in value if item not in (None, "", [], {})]
    return value


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Default Open Graph tags; on the home page, the archive as a schema.org Dataset."""
    request = _page_request(context)
    if request is None:
        return ""
    tags = _open_graph(context, title=settings.SITE_NAME, description=DEFAULT_DESCRIPTION, kind="website")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "home":
        return format_html("{}\n  {}", tags, json_ld(_dataset(request)))
    return tags


def _dataset(request) -> dict:
    home = request.build_absolute_uri(reverse("home"))
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": str(settings.SITE_NAME),
        "description": str(DEFAULT_DESCRIPTION),
        "url": home,
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "inLanguage": [code for code, _name in settings.LANGUAGES],
        "creator": {"@type": "Organization", "name": str(settings.SITE_NAME), "url": home},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": media_type,
                "contentUrl": request.build_absolute_uri(reverse(name, args=args)),
            }
            for name, args, media_type in DOWNLOADS
        ],
    }


def schema_date(date: FuzzyDate | None) -> str | None:
    """An ISO 8601 date no finer than the source: a day only when the source gave the day, else the
    month or the year that holds every day the source can mean ("summer 1988" is "1988"), else nothing
    (a Solar Hijri year straddles two Gregorian ones)."""
    if not date or date.earliest is None or date.latest is None:
        return None
    first, last = date.earliest, date.latest
    if date.precision == Precision.DAY or first == last:
        return first.isoformat()
    if first.year != last.year:
        return None
    if first.month == last.month:
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}"


def _place(request, place) -> dict | None:
    if place is None or not place.is_published:
        return None
    return {"@type": "Place", "name": place.name, "url": request.build_absolute_uri(place.get_absolute_url())}


def _other_names(record, *names) -> list[str]:
    """Every other name of the record, once: its name in the other script, then its variants."""
    seen, others = {record.name}, []
    variants = [v.name for v in record.variants.all()] if hasattr(record, "variants") else []
    for name in [*names, *variants]:
        if name and name not in seen:
            seen.add(name)
            others.append(name)
    return others


def _photo_url(request, record) -> str:
    """The web copy of the record's first photograph, when it has been made; never the original."""
    for photo in record.photos.all():
        if photo.sha256 is None:
            continue
        name = derivatives.derivative_name(photo.sha256, derivatives.WEB)
        if photo.image.storage.exists(name):
            return request.build_absolute_uri(photo.image.storage.url(name))
    return ""


def _life_sentence(record) -> str:
    """A sober sentence: the name and the dates, at their precision, in the page's calendar."""
    born, died = record.birth_date, record.death_date
    values = {"name": record.name, "born": born.display(), "died": died.display()}
    if born.is_known and died.is_known:
        return gettext("%(name)s, born %(born)s, died %(died)s.") % values
    if died.is_known:
        return gettext("%(name)s, died %(died)s.") % values
    if born.is_known:
        return gettext("%(name)s, born %(born)s.") % values
    return ""


def _describe_victim(record) -> str:
    sentence = _life_sentence(record)
    if record.death_place is not None and record.death_place.is_published:
        place = gettext("Place of death: %(place)s.") % {"place": record.death_place.name}
        sentence = f"{sentence} {place}" if sentence else place
    return sentence or gettext("%(name)s: an entry in the memorial archive, with its sources.") % {
        "name": record.name
    }


def _describe_perpetrator(record) -> str:
    return _life_sentence(record) or gettext(
        "%(name)s: the posts held and the sources that name them, in the memorial archive."
    ) % {"name": record.name}


def _summary(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(200)


def _person(request, record, url, description, image) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": record.name,
        "alternateName": _other_names(record, record.other_script_name),
        "description": description,
        "url": url,
        "image": image,
        "birthDate": schema_date(record.birth_date),
        "deathDate": schema_date(record.death_date),
        "birthPlace": _place(request, record.birth_place),
    }
    if isinstance(record, Victim):
        data["deathPlace"] = _place(request, record.death_place)
        data["gender"] = {"female": "Female", "male": "Male"}.get(record.gender)
    return data


def _creative_work(request, source, url, description) -> dict:
    other_title = source.title_en if _language() == "fa" else source.title_fa
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": source.title,
        "alternateName": other_title if other_title != source.title else None,
        "description": description,
        "url": url,
        "author": source.author,
        "publisher": source.publisher,
        "datePublished": schema_date(source.published_date),
        "inLanguage": source.language,
        "sameAs": [source.url, source.archived_url],
        "genre": source.get_kind_display(),
    }
    if source.file:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": request.build_absolute_uri(reverse("source_file", args=[source.slug])),
            "encodingFormat": source.media_type,
            "contentSize": f"{source.size} B" if source.size is not None else None,
            "sha256": source.sha256,  # schema.org MediaObject.sha256 (a pending term)
        }
    return data


def _event(request, event, url, description) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "alternateName": _other_names(event, event.other_script_name),
        "description": description,
        "url": url,
        "startDate": schema_date(event.start_date),
        "endDate": schema_date(event.end_date),
        "location": [_place(request, place) for place in event.places.all()],
    }


def _place_data(request, place, url, description) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": place.name,
        "alternateName": _other_names(place, place.other_script_name),
        "description": description,
        "url": url,
        "containedInPlace": _place(request, place.parent),
    }
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return data


@register.simple_tag(takes_context=True)
def record_meta(context, record):
    """Open Graph and JSON-LD for a record's page, and noindex where the public must not find it."""
    request = _page_request(context)
    if request is None:
        return ""
    url = canonical_url(context)
    image = ""
    if isinstance(record, Victim | Perpetrator):
        kind, title = "profile", record.name
        description = (
            _describe_victim(record) if isinstance(record, Victim) else _describe_perpetrator(record)
        )
        image = _photo_url(request, record)
        data = _person(request, record, url, description, image)
    elif isinstance(record, Source):
        kind, title = "article", record.title
        description = _summary(localized(record, "summary")) or record.get_kind_display()
        data = _creative_work(request, record, url, description)
    elif isinstance(record, Event):
        kind, title = "article", record.name
        description = _summary(localized(record, "description")) or record.name
        data = _event(request, record, url, description)
    elif isinstance(record, Place):
        kind, title = "website", record.name
        description = _summary(localized(record, "description")) or (
            gettext("%(name)s (%(kind)s): the people held, killed or buried there, according to the sources.")
            % {"name": record.name, "kind": record.get_kind_display()}
        )
        data = _place_data(request, record, url, description)
    else:
        raise template.TemplateSyntaxError(f"record_meta does not know {type(record).__name__} records.")
    parts = []
    if not record.is_published or record.is_sample:
        parts.append(mark_safe('<meta name="robots" content="noindex">'))
    parts.append(
        _open_graph(context, title=title, description=description, kind=kind, image=image, image_alt=title)
    )
    parts.append(json_ld(data))
    return format_html_join("\n  ", "{}", ((part,) for part in parts))
