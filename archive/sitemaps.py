"""Sitemaps: every published record and the main pages, in English and Persian, each with its hreflang
alternates, split into pages that a sitemap index lists (/sitemap.xml, then /sitemap-<section>.xml?p=N).

Django's sitemap framework pairs each item with each language before paging, which would read every row
of a section into memory: `LanguagePairs` reads one page's rows at a time instead, so a page costs two
queries (a count and a slice) however large the archive.

Sample records are left out everywhere, even on a demonstration site that publishes them: they are
fictional people, and a search engine's snippet would show a made-up victim without the page's notice
that the entry is not real (production holds none anyway: settings.ALLOW_SAMPLE_DATA).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse

from archive.models import Event, Place, Source
from perpetrators.models import Perpetrator
from victims.models import Victim

# The pages section: lists and home, by URL name. Add a page here and it is in the sitemap.
PAGES = [
    "home",
    "victim_list",
    "perpetrator_list",
    "source_list",
    "event_list",
    "place_list",
    "place_map",
    "wall_of_names",
    "on_this_day",
    "statistics",
]

# Records per sitemap page; each gives one URL per language (5,000 × 2 = 10,000 URLs, well under the
# protocol's 50,000 and 50 MB).
RECORDS_PER_PAGE = 5000


class LanguagePairs:
    """(item, language) for each item of a queryset and each language, read from the database a slice
    at a time: what Django's sitemap paginator pages through, without loading the whole queryset."""

    def __init__(self, items, languages: list[str]):
        self.items = items
        self.languages = languages
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.items.count() * len(self.languages)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("LanguagePairs can only be sliced.")
        per_item = len(self.languages)
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        first, last = start // per_item, -(-stop // per_item)  # the items the slice touches
        pairs = [(item, language) for item in self.items[first:last] for language in self.languages]
        return pairs[start - first * per_item : stop - first * per_item]


class ArchiveSitemap(Sitemap):
    """Both languages, each URL with its alternates and an x-default (the English, unprefixed page)."""

    i18n = True
    alternates = True
    limit = RECORDS_PER_PAGE * len(settings.LANGUAGES)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Django's own x_default strips "/en/" from the address, which English pages here never have
        # (and a slug could); the x-default is simply the default language's alternate.
        for url in urls:
            default = next((a for a in url["alternates"] if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if default is not None:
                url["alternates"].append({"location": default["location"], "lang_code": "x-default"})
        return urls


class PageSitemap(ArchiveSitemap):
    def items(self):
        return PAGES

    def location(self, item):
        return reverse(item)


class RecordSitemap(ArchiveSitemap):
    """The published records of one model, oldest first, with their last change."""

    model = None

    def items(self):
        return (
            self.model.objects.published()
            .filter(is_sample=False)
            .only("pk", "slug", "updated_at")
            .order_by("pk")
        )

    @property
    def paginator(self):
        return Paginator(LanguagePairs(self.items(), self._languages()), self.limit)

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        # One aggregate, instead of the framework's loop over every item.
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class VictimSitemap(RecordSitemap):
    model = Victim


class PerpetratorSitemap(RecordSitemap):
    model = Perpetrator


class SourceSitemap(RecordSitemap):
    model = Source  # published() leaves restricted sources out


class EventSitemap(RecordSitemap):
    model = Event


class PlaceSitemap(RecordSitemap):
    model = Place


SITEMAPS = {
    "pages": PageSitemap,
    "victims": VictimSitemap,
    "perpetrators": PerpetratorSitemap,
    "sources": SourceSitemap,
    "events": EventSitemap,
    "places": PlaceSitemap,
}
