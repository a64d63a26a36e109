"""Measuring the public pages: server time and SQL queries per request, in process.

Each scenario is a list of addresses, varied records and queries taken from the database, requested in
turn through `django.test.Client`: the time covers middleware, view and template rendering, not a WSGI
server or the network. Nothing is written to the database; the records come from `load_sample_data`
(README, "Benchmark").
"""

from __future__ import annotations

import math
import platform
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import django
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import Resolver404, resolve
from django.utils import translation

from api.forms import DEFAULT_PAGE_SIZE as API_PAGE_SIZE
from archive.models import Citation, Event, Place, Source
from archive.normalize import skeleton
from archive.sitemaps import RECORDS_PER_PAGE, VictimSitemap
from perpetrators.models import Perpetrator
from victims.models import Victim, VictimName

# How many different records (or queries) a scenario cycles through.
VARIETY = 50


@dataclass
class Scenario:
    name: str
    description: str
    urls: list[str]


@dataclass
class Result:
    name: str
    description: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    queries: dict[str, int]
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(status != "200" for status in self.statuses)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


# The figures are for pages made, not pages kept by the page cache (archive/page_cache.py): it is off here.
@override_settings(PAGE_CACHE_SECONDS=0)
def measure(
    client: Client,
    scenario: Scenario,
    *,
    requests: int,
    warmup: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Request the scenario's addresses in turn, `warmup` times unmeasured and then `requests` times."""
    for i in range(warmup):
        _get(client, scenario.urls[i % len(scenario.urls)])
    times, queries, statuses = [], [], Counter()
    for i in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            status = _get(client, scenario.urls[i % len(scenario.urls)])
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        statuses[str(status)] += 1
        if progress:
            progress(i + 1)
    return Result(
        name=scenario.name,
        description=scenario.description,
        requests=requests,
        p50_ms=round(percentile(times, 0.50), 1),
        p95_ms=round(percentile(times, 0.95), 1),
        max_ms=round(max(times), 1),
        queries={"min": min(queries), "max": max(queries)},
        statuses=dict(sorted(statuses.items())),
    )


def _get(client: Client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # a streamed page is only made as it is read
    return response.status_code


def client() -> Client:
    """An anonymous visitor at the site's own host name, whose requests come back even when a view fails."""
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
    return Client(HTTP_HOST=host, raise_request_exception=False)


def record_counts() -> dict[str, dict[str, int]]:
    counts = {}
    for label, model in [
        ("victims", Victim),
        ("perpetrators", Perpetrator),
        ("sources", Source),
        ("events", Event),
        ("places", Place),
    ]:
        counts[label] = {"all": model.objects.count(), "published": model.objects.published().count()}
    counts["victim name variants"] = {"all": VictimName.objects.count()}
    counts["citations"] = {"all": Citation.objects.count()}
    return counts


def unanalyzed_tables() -> list[str]:
    """PostgreSQL tables holding rows that have never been analyzed: the planner would guess, badly.

    Right after a bulk load (load_sample_data) autovacuum has often not run yet; `ANALYZE` fixes it.
    """
    if connection.vendor != "postgresql":
        return []
    tables = [model._meta.db_table for model in (Victim, VictimName, Perpetrator, Source, Citation)]
    tables.append(Victim.events.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) AND n_live_tup > 0"
            " AND last_analyze IS NULL AND last_autoanalyze IS NULL ORDER BY relname",
            [tables],
        )
        return [row[0] for row in cursor.fetchall()]


def environment() -> dict[str, str | int | None]:
    version = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    elif connection.vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
    return {
        "database": f"{connection.vendor} {version}".strip(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": platform.machine(),
        "cpus": _cpus(),
    }


def _cpus() -> int | None:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count()


def search_path() -> str:
    """The one search page if the site has it, else the victims list, whose name box uses the same engine."""
    try:
        resolve("/search/")
    except Resolver404:
        return "/victims/"
    return "/search/"


def scenarios() -> list[Scenario]:
    """Every scenario, over records spread evenly through the archive (the same ones on every run)."""
    victims = _spread(
        Victim.objects.published()
        .exclude(name_en="")
        .exclude(name_fa="")
        .prefetch_related("events", "variants")
    )
    perpetrators = _spread(Perpetrator.objects.published())
    sources = _spread(Source.objects.published())
    events = _spread(Event.objects.published())
    places = _spread(Place.objects.published())
    found = search_path()
    fa_found = f"/fa{found}"
    latin, persian = _latin_queries(victims), _persian_queries(victims)
    latin_filtered = [(q, _filters_for(v)) for v, q in zip(_cycle(victims, len(latin)), latin, strict=True)]
    persian_filtered = [
        (q, _filters_for(v)) for v, q in zip(_cycle(victims, len(persian)), persian, strict=True)
    ]
    published_victims = Victim.objects.published().count()
    victim_pages = max(1, math.ceil(published_victims / settings.PAGE_SIZE))
    # The sitemap leaves sample records out: a sample archive's victims section is one empty page.
    sitemap_pages = max(1, math.ceil(VictimSitemap().items().count() / RECORDS_PER_PAGE))
    return [
        Scenario("home", "home page, English and Persian", ["/", "/fa/"]),
        Scenario(
            "search_latin",
            f"{found}?q= Latin names: exact, variant spellings, one typo, family name, words reordered",
            [_url(found, q=q) for q in latin],
        ),
        Scenario(
            "search_persian",
            f"{fa_found}?q= Persian names: exact, Arabic letter forms, spacing, family name, one typo",
            [_url(fa_found, q=q) for q in persian],
        ),
        Scenario(
            "search_latin_filtered",
            f"{found}?q= Latin names with an event and a year range",
            [_url(found, q=q, **f) for q, f in latin_filtered],
        ),
        Scenario(
            "search_persian_filtered",
            f"{fa_found}?q= Persian names with an event and a year range",
            [_url(fa_found, q=q, **f) for q, f in persian_filtered],
        ),
        Scenario(
            "victims_list",
            "/victims/ unfiltered, pages 1, 2, 10 and 100 (or the last), English and Persian",
            [
                _url(f"{prefix}/victims/", page=min(page, victim_pages))
                for page in (1, 2, 10, 100)
                for prefix in ("", "/fa")
            ],
        ),
        Scenario(
            "victims_list_filtered",
            "/victims/ with two filters (event and gender, verification, place or years)",
            _two_filters(events, places),
        ),
        Scenario("victim_profile", "/victims/<slug>/, English and Persian", _both_languages(victims)),
        Scenario(
            "perpetrator_profile", "/perpetrators/<slug>/, English and Persian", _both_languages(perpetrators)
        ),
        Scenario("source_page", "/sources/<slug>/, English and Persian", _both_languages(sources)),
        Scenario("event_page", "/events/<slug>/, English and Persian", _both_languages(events)),
        Scenario("place_page", "/places/<slug>/, English and Persian", _both_languages(places)),
        Scenario(
            "api_list",
            "/api/v1/victims/ pages 1, 2, 10 and 100 (or the last), unfiltered and by event",
            _api_lists(events, max(1, math.ceil(published_victims / API_PAGE_SIZE))),
        ),
        Scenario(
            "api_detail",
            "/api/v1/victims/<slug>/ and /api/v1/perpetrators/<slug>/",
            [f"/api/v1/victims/{v.slug}/" for v in victims]
            + [f"/api/v1/perpetrators/{p.slug}/" for p in perpetrators],
        ),
        Scenario(
            "sitemap_page",
            f"/sitemap-victims.xml, the first, middle and last of its pages ({RECORDS_PER_PAGE:,} records each)",
            [
                _url("/sitemap-victims.xml", p=page)
                for page in sorted({1, (sitemap_pages + 1) // 2, sitemap_pages})
            ],
        ),
    ]


def _spread(queryset, count: int = VARIETY) -> list:
    """`count` records spread evenly over the queryset in primary-key order."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    chosen = ids[::step][:count]
    records = queryset.in_bulk(chosen)
    return [records[pk] for pk in chosen]


def _cycle(records: list, length: int) -> list:
    return [records[i % len(records)] for i in range(length)] if records else []


def _url(path: str, **params) -> str:
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{path}?{urlencode(params)}" if params else path


def _both_languages(records: list) -> list[str]:
    urls = []
    with translation.override("en"):  # the English address, which the Persian one prefixes with /fa
        for record in records:
            url = record.get_absolute_url()
            urls += [url, f"/fa{url}"]
    return urls


# Spellings other lists use, tried in turn until one changes the name.
_RESPELLINGS = [
    ("Mohammad", "Muhammad"),
    ("Hossein", "Hussein"),
    ("Mostafa", "Mustafa"),
    ("ou", "u"),
    ("Gh", "Q"),
    ("gh", "q"),
    ("ee", "i"),
    ("eh ", "e "),
    ("ei", "ey"),
    ("zadeh", "-Zadeh"),
    ("i ", "y "),
]


def respell(name: str) -> str:
    """Another common transliteration of a Latin name, or the same name in lower case."""
    for old, new in _RESPELLINGS:
        if old in name:
            return name.replace(old, new, 1)
    return name.lower()


def one_typo(name: str) -> str:
    """The name with one letter of its longest word replaced: a typo the engine must forgive (6+ letters)."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    middle = len(word) // 2
    if name.isascii():
        replacement = "t" if word[middle].lower() == "k" else "k"
        words[longest] = word[:middle] + replacement + word[middle + 1 :]
    else:
        words[longest] = word[:middle] + word[middle + 1 :]  # a letter left out
    typo = " ".join(words)
    return typo if len(skeleton(typo)) >= 6 else name


def _latin_queries(victims: list) -> list[str]:
    queries = []
    for victim in victims:
        variants = [v.name for v in victim.variants.all() if v.script == "latin"]
        given, _, family = victim.name_en.partition(" ")
        queries += [
            victim.name_en,
            variants[0] if variants else respell(victim.name_en),
            one_typo(victim.name_en),
            family or given,
            f"{family} {given}".strip(),
        ]
    return queries


def _persian_queries(victims: list) -> list[str]:
    queries = []
    for victim in victims:
        name = victim.name_fa
        given, _, family = name.partition(" ")
        queries += [
            name,
            name.replace("ی", "ي").replace("ک", "ك"),  # as typed on an Arabic keyboard
            name.replace("\u200c", " ") if "\u200c" in name else name.replace(" ", "", 1),
            family or given,
            one_typo(name),
        ]
    return queries


def _filters_for(victim: Victim) -> dict[str, str | int]:
    """An event and a year range that the victim's own record falls in, so the filtered search finds it."""
    events = list(victim.events.all())
    filters: dict[str, str | int] = {"event": events[0].slug} if events else {}
    if victim.death_earliest and victim.death_latest:
        filters |= {"year_from": victim.death_earliest.year, "year_to": victim.death_latest.year}
    return filters


def _api_lists(events: list, victim_pages: int) -> list[str]:
    """API list pages, plain and filtered by an event, deep into the list as the pages are."""
    urls = [_url("/api/v1/victims/", page=min(page, victim_pages)) for page in (1, 2, 10, 100)]
    urls += [_url("/api/v1/victims/", event=event.slug) for event in events[:4]]
    return urls


def _two_filters(events: list, places: list) -> list[str]:
    """Victims-list addresses with two filters each, over the events and the places that hold victims."""
    with_victims = {pk for pk, n in Event.objects.annotate(n=Count("victims")).values_list("pk", "n") if n}
    events = [event for event in events if event.pk in with_victims] or events
    urls = []
    for i, event in enumerate(events):
        prefix = "/fa" if i % 2 else ""
        urls += [
            _url(f"{prefix}/victims/", event=event.slug, gender="female"),
            _url(f"{prefix}/victims/", event=event.slug, verification="confirmed"),
            _url(f"{prefix}/victims/", event=event.slug, year_from=1988, year_to=1988),
        ]
    for i, place in enumerate(places[:10]):
        prefix = "/fa" if i % 2 else ""
        urls.append(_url(f"{prefix}/victims/", place=place.slug, gender="male"))
    return urls or ["/victims/?gender=female&verification=confirmed"]
