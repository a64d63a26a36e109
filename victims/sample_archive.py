"""A fictional archive at scale (a million victims) for load tests and benchmarks: `generate_sample_data`.

victims/sample_data.py makes the few hundred sample victims of a demo and notes each in the history. This
module makes archives big enough to measure the site against. Its victims come from the same helpers, so
they read the same (Persian and Latin names with their variants, fuzzy dates of every precision, prisons,
burials, biographies); around them it makes perpetrators with their posts (a seat on a 1988 commission,
later offices), sources of every kind (about a quarter with their text, page by page), the links from
victims to the commission that decided their case, and citations in the proportions of a real archive:
about three a victim, about ten a perpetrator (on the person and their posts). Everything is marked
`is_sample`.

It is quick because nothing is saved one model at a time. Rows are made as tuples, a batch at a time (so
memory stays flat however many victims are asked for), and written with COPY on PostgreSQL, with an
executemany INSERT per batch elsewhere (the tests on SQLite). Ids are reserved from the tables'
sequences first, so the rows that point at a victim (its names, citations, prisons) are made in the same
pass. On PostgreSQL, worker processes (`--jobs`) make the batches of sources and victims while the
command's own process writes them. The migrations' indexes stay as they are (new entries of the GIN
indexes are merged in large runs, by `gin_pending_list_limit`); the search columns and the table of name
words are filled with the same functions `save()` uses, and VACUUM ANALYZE runs at the end.

History: the handful of places, events and organizations made through the ORM are recorded as usual.
The bulk rows are not: an entry per record would be four million hashed snapshots of made-up data,
longer to write than the records themselves. They are fictional, never edited, and go with the database.

The same seed on an empty database gives the same records (ids and timestamps aside), however many
workers make them: each batch of each kind of record draws from its own random generator, seeded from
the seed and the batch's number.
"""

from __future__ import annotations

import datetime
import multiprocessing
import random
import resource
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from archive import seed
from archive.dates import FuzzyDate, persian_digits
from archive.models import (
    Citation,
    Confidence,
    Event,
    NameKind,
    NameWord,
    Organization,
    OrganizationKind,
    Place,
    PlaceKind,
    Script,
    Source,
    SourceKind,
    SourcePage,
    Stance,
    Status,
    TextStatus,
)
from archive.normalize import normalize, search_key
from editorial.history import recording
from perpetrators.models import CommissionRole, Perpetrator, PerpetratorName, Position
from victims.models import LinkRole, PerpetratorLink, Victim, VictimName
from victims.sample_data import (
    FAMILY_NAMES,
    FEMALE_NAMES,
    MALE_NAMES,
    PRISONS_1988,
    SEED_EVENTS,
    SEED_PLACES,
    SOURCES,
    assign_statuses,
    create_places,
    day_as_a_source_gives_it,
    death_date_1988,
    name_variants,
    plan_victim,
    victim_citation,
)

BATCH = 10_000
VIA = "command: generate_sample_data"
SAMPLE_MODELS = [Victim, Perpetrator, Position, Source, Place, Event, Organization]

# Of a victim's claims, how many a second source also supports: competing sources sit side by side.
SECOND_SOURCE = 0.45
# Of 1988 victims whose prisons are known, how many have the commission that decided the case named.
COMMISSION_NAMED = 0.2


class Writer:
    """Writes rows of tuples to a model's table: COPY on PostgreSQL, a multi-row INSERT elsewhere."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"
        self.written: Counter = Counter()
        self.seconds: Counter = Counter()  # spent writing, by table: the database's share of the time
        self.tables: set[str] = set()

    def reserve(self, model, count: int) -> int:
        """The first of `count` ids no other row has or will get, for rows written with their ids."""
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if self.postgresql:
                # Nobody else inserts into the table until the transaction ends, so the ids stay ours.
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
                sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s)", [sequence])
                first = cursor.fetchone()[0]
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + max(count, 1) - 1])
                return first
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            highest = cursor.fetchone()[0]
            cursor.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [model._meta.db_table]
            )
            return max(highest, cursor.fetchone()[0]) + 1

    def write(self, table: Table, rows: list[tuple]) -> None:
        if not rows:
            return
        started = time.monotonic()
        name = connection.ops.quote_name(table.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in table.fields)
        with connection.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                prepared = [
                    [
                        f.get_db_prep_save(value, connection)
                        for f, value in zip(table.fields, row, strict=True)
                    ]
                    for row in rows
                ]
                placeholders = ", ".join(["%s"] * len(table.fields))
                cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({placeholders})", prepared)
        self.written[table.model._meta.label] += len(rows)
        self.tables.add(table.model._meta.db_table)
        self.seconds[table.model._meta.label] += time.monotonic() - started


class Table:
    """A model's columns in order, and what a row leaves out: the model's defaults, the time of the run,
    and the id where the database may choose it (nothing points at the row)."""

    def __init__(self, model, now: datetime.datetime, *, with_id: bool):
        self.model = model
        self.key = (model._meta.label, with_id)  # how a batch made in another process names it
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.names = [f.attname for f in self.fields]
        self.defaults = {
            f.attname: now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in self.fields
            if not f.primary_key
        }

    def row(self, **values) -> tuple:
        values = {**self.defaults, **values}
        return tuple(values[name] for name in self.names)

    def row_of(self, record) -> tuple:
        """The row of an unsaved instance made by the sample helpers (times are the run's, not the instance's)."""
        values = record.__dict__
        return tuple(
            self.defaults[name] if name in ("created_at", "updated_at") else values[name]
            for name in self.names
        )


class Slugs:
    """Unique slugs for many new records at once, numbered per name (-2, -3 …) past the slugs in use.

    SluggedRecord.unique_slug counts up from 1 for every record; with a thousand people of one name, a
    counter per name is what keeps a million slugs quick.
    """

    def __init__(self, model):
        self.fallback = model._meta.model_name
        self.taken = set(model.objects.values_list("slug", flat=True)) if model.objects.exists() else set()
        self.next: Counter = Counter()

    def __call__(self, text: str) -> str:
        return self.number(slug_base(text, self.fallback))

    def number(self, base: str) -> str:
        while True:
            self.next[base] += 1
            n = self.next[base]
            slug = base if n == 1 else f"{base}-{n}"
            if slug not in self.taken:
                return slug


def slug_base(text: str, fallback: str) -> str:
    return slugify(text, allow_unicode=True)[:200] or fallback


@lru_cache(maxsize=100_000)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(search_key([name]).split())


def names_key(names) -> str:
    """search_key(names), worked out a name at a time: a million victims share a few thousand names, so
    each name is normalized once. The same tokens in the same order, each once."""
    return " ".join(dict.fromkeys(token for name in names if name for token in _name_tokens(name)))


class SourceRef(NamedTuple):
    """What a citation needs of a source: victim_citation() reads the kind and hands the source back."""

    pk: int
    kind: str


@dataclass
class Archive:
    """What the records being made point at, and the tallies of what was made."""

    seed: int
    now: datetime.datetime
    writer: Writer = field(default_factory=Writer)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    commissions: dict[str, Organization] = field(default_factory=dict)  # by city slug
    offices: dict[str, Organization] = field(default_factory=dict)
    sources: dict[str, list[SourceRef]] = field(default_factory=lambda: defaultdict(list))
    datasets: dict[str, list[SourceRef]] = field(default_factory=lambda: defaultdict(list))  # by event slug
    members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # commission -> people
    words: set[str] = field(default_factory=set)
    jobs: int = 1
    first: dict = field(default_factory=dict)  # the first id reserved for each model's new rows
    slugs: dict = field(default_factory=dict)  # Slugs by model
    content_types: dict = field(default_factory=dict)  # ContentType ids by model
    commission_of: dict[str, int] = field(default_factory=dict)  # by prison slug
    described: str = ""
    tables: dict = field(default_factory=dict)

    def random(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}:{stream}")

    def table(self, model, *, with_id: bool = False) -> Table:
        key = (model._meta.label, with_id)
        if key not in self.tables:
            self.tables[key] = Table(model, self.now, with_id=with_id)
        return self.tables[key]

    def content_type(self, model) -> int:
        return ContentType.objects.get_for_model(model).pk

    def all_sources(self) -> list[SourceRef]:
        return [ref for refs in self.sources.values() for ref in refs]


def real_records() -> Counter:
    """How many records that are not sample data the database holds, by kind."""
    return Counter(
        {
            str(model._meta.verbose_name_plural): count
            for model in SAMPLE_MODELS
            if (count := model.objects.filter(is_sample=False).count())
        }
    )


def sample_archive_generate(
    *,
    victims: int,
    perpetrators: int,
    sources: int,
    seed: int,
    jobs: int = 1,
    progress: Callable[[str], None] = print,
) -> Writer:
    """Make a sample archive of this size from `seed`, in one transaction; the writer says what it wrote."""
    archive = Archive(seed=seed, now=timezone.now(), jobs=jobs)
    started = time.monotonic()

    def report(what: str, done: int, total: int) -> None:
        progress(f"{what}: {done:,}/{total:,} ({time.monotonic() - started:.0f}s, {peak_memory_mb():.0f} MB)")

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # New entries of the trigram and full-text (GIN) indexes wait in a list that is merged
                # into the index a large batch at a time, rather than row by row; VACUUM merges the rest.
                cursor.execute("SET LOCAL gin_pending_list_limit = '256MB'")
        with recording(via=VIA):
            _make_frame(archive)
        _make_sources(archive, sources, report)
        _make_perpetrators(archive, perpetrators, report)
        _make_victims(archive, victims, report)
        NameWord.remember([" ".join(sorted(archive.words))])
    if connection.vendor == "postgresql" and connection.get_autocommit():
        progress(f"vacuum and analyze ({time.monotonic() - started:.0f}s)")
        with connection.cursor() as cursor:
            for table in sorted(archive.writer.tables):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
    return archive.writer


def peak_memory_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The most memory this process (or the largest of its finished workers) held, in MB."""
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


# The frame: places, events, organizations (a few dozen records, through the ORM) -----------------------


def _make_frame(archive: Archive) -> None:
    """The places, events and organizations everything hangs from: those the database has (by slug), else
    sample copies of the seed's places and events, the sample places, and sample commissions and offices."""
    existing = {place.slug: place for place in Place.objects.filter(slug__in=SEED_PLACES)}
    for data in seed.PLACES:
        if data["slug"] in SEED_PLACES and data["slug"] not in existing:
            fields = {k: v for k, v in data.items() if k not in ("citations", "parent")}
            parent = existing.get(data.get("parent"))
            existing[data["slug"]] = Place.objects.create(
                **fields, parent=parent, status=Status.PUBLISHED, is_sample=True
            )
    archive.places = create_places()
    archive.events = {event.slug: event for event in Event.objects.filter(slug__in=SEED_EVENTS)}
    for data in seed.EVENTS:
        if data["slug"] in SEED_EVENTS and data["slug"] not in archive.events:
            fields = {k: v for k, v in data.items() if k not in ("citations", "places", "estimates")}
            event = Event.objects.create(**fields, status=Status.PUBLISHED, is_sample=True)
            event.places.set([archive.places["iran"]])
            archive.events[data["slug"]] = event
    slugs = Slugs(Organization)
    parent = Organization.objects.create(
        slug=slugs("Death Commissions 1988 sample"),
        name_en="Death Commissions of 1988 (sample)",
        name_fa="هیئت‌های مرگ ۱۳۶۷ (نمونه)",
        kind=OrganizationKind.COMMISSION,
        place=archive.places["iran"],
        status=Status.PUBLISHED,
        is_sample=True,
    )
    for prison in PRISONS_1988:
        city = archive.places[prison].parent
        if city.slug not in archive.commissions:
            archive.commissions[city.slug] = Organization.objects.create(
                slug=slugs(f"Death Commission {city.name_en} sample"),
                name_en=f"Death Commission in {city.name_en} (sample)",
                name_fa=f"هیئت مرگ {city.name_fa} (نمونه)",
                kind=OrganizationKind.COMMISSION,
                parent=parent,
                place=city,
                status=Status.PUBLISHED,
                is_sample=True,
            )
    for key, (name_en, name_fa, kind) in OFFICES.items():
        archive.offices[key] = Organization.objects.create(
            slug=slugs(f"{name_en} sample"),
            name_en=f"{name_en} (sample)",
            name_fa=f"{name_fa} (نمونه)",
            kind=kind,
            place=archive.places["iran"],
            status=Status.PUBLISHED,
            is_sample=True,
        )


OFFICES = {
    "judiciary": ("Judiciary", "قوه قضاییه", OrganizationKind.JUDICIARY),
    "justice": ("Ministry of Justice", "وزارت دادگستری", OrganizationKind.MINISTRY),
    "intelligence": ("Ministry of Intelligence", "وزارت اطلاعات", OrganizationKind.SECURITY),
    "prosecution": ("Prosecutor-General's Office", "دادستانی کل کشور", OrganizationKind.PROSECUTION),
    "prisons": ("Prisons Organization", "سازمان زندان‌ها", OrganizationKind.PRISONS),
    "experts": ("Assembly of Experts", "مجلس خبرگان رهبری", OrganizationKind.ASSEMBLY),
    "parliament": ("Parliament", "مجلس شورای اسلامی", OrganizationKind.ASSEMBLY),
}
# (title in English, in Persian, the office it is in): later posts, as sources name them.
LATER_POSTS = [
    ("Head of the Judiciary", "رئیس قوه قضاییه", "judiciary"),
    ("Head of the Supreme Court", "رئیس دیوان عالی کشور", "judiciary"),
    ("Judge of the Revolutionary Court", "قاضی دادگاه انقلاب", "judiciary"),
    ("Head of a provincial judiciary", "رئیس دادگستری استان", "judiciary"),
    ("Minister of Justice", "وزیر دادگستری", "justice"),
    ("Deputy Minister of Justice", "معاون وزیر دادگستری", "justice"),
    ("Minister of Intelligence", "وزیر اطلاعات", "intelligence"),
    ("Deputy Minister of Intelligence", "معاون وزیر اطلاعات", "intelligence"),
    ("Prosecutor-General", "دادستان کل کشور", "prosecution"),
    ("Prosecutor of Tehran", "دادستان تهران", "prosecution"),
    ("Head of the Prisons Organization", "رئیس سازمان زندان‌ها", "prisons"),
    ("Member of the Assembly of Experts", "عضو مجلس خبرگان رهبری", "experts"),
    ("Member of Parliament", "نماینده مجلس", "parliament"),
]


# Sources ---------------------------------------------------------------------------------------------

# (kind, weight, English title, Persian title, stance, language): the other kinds besides those of SOURCES.
OTHER_SOURCES = [
    (SourceKind.NEWS_ARTICLE, 20, "News report {n}: families gather at {place} (fictional)",
     "گزارش خبری {n}: گردهمایی خانواده‌ها در {place} (ساختگی)", Stance.INDEPENDENT, "en"),
    (SourceKind.INTERVIEW, 6, "Interview {n} with a survivor of {place} (fictional)",
     "گفت‌وگوی {n} با یکی از بازماندگان {place} (ساختگی)", Stance.OPPOSITION, "fa"),
    (SourceKind.OFFICIAL_STATEMENT, 4, "Official statement {n} on {place} (fictional)",
     "بیانیهٔ رسمی {n} دربارهٔ {place} (ساختگی)", Stance.STATE, "fa"),
    (SourceKind.BOOK, 2, "Memoir {n}: the years in {place} (fictional)", "خاطرات {n}: سال‌های {place} (ساختگی)",
     Stance.OPPOSITION, "fa"),
    (SourceKind.COURT_RECORD, 3, "Court record {n}, {place} (fictional)", "پروندهٔ دادگاه {n}، {place} (ساختگی)",
     Stance.STATE, "fa"),
    (SourceKind.IMAGE, 5, "Photograph {n}: {place} (fictional)", "عکس {n}: {place} (ساختگی)", Stance.UNKNOWN, ""),
    (SourceKind.VIDEO, 4, "Video {n} filmed in {place} (fictional)", "ویدیوی {n} از {place} (ساختگی)",
     Stance.UNKNOWN, "fa"),
    (SourceKind.AUDIO, 2, "Audio recording {n}, {place} (fictional)", "صدای ضبط‌شدهٔ {n}، {place} (ساختگی)",
     Stance.UNKNOWN, "fa"),
]  # fmt: skip
SOURCE_WEIGHTS = {SourceKind.DATASET: 2, SourceKind.REPORT: 12, SourceKind.TESTIMONY: 40}
PUBLISHERS = [
    "Sample Rights Monitor (fictional)", "Sample Memorial Project (fictional)", "Sample News Agency (fictional)",
    "Sample Human Rights Centre (fictional)", "Sample Documentation Network (fictional)",
]  # fmt: skip
# Sentences of a document's text; the {names} are of the pools, so that full-text search finds people.
TEXT_EN = [
    "In {when} the guards took {name} from the ward to the hall of the commission.",
    "{name} was asked whether they still held to their beliefs, and answered that they did.",
    "The families waited at the gate of {place} for news of {name}; none came.",
    "A list later given to the family of {name} named the day of the execution.",
    "{name}, arrested in {when}, was held in solitary confinement for months.",
]
TEXT_FA = [
    "در {when} نگهبانان {name} را از بند به سالن هیئت بردند.",
    "از {name} پرسیدند که آیا هنوز بر عقایدش است، و پاسخ داد که هست.",
    "خانواده‌ها برای خبری از {name} جلوی در {place} منتظر ماندند؛ خبری نیامد.",
    "{name} که در {when} بازداشت شده بود، ماه‌ها در سلول انفرادی بود.",
]
WITH_TEXT = {SourceKind.REPORT, SourceKind.TESTIMONY, SourceKind.NEWS_ARTICLE, SourceKind.BOOK,
             SourceKind.COURT_RECORD, SourceKind.INTERVIEW, SourceKind.OFFICIAL_STATEMENT}  # fmt: skip


def _source_kinds() -> list[tuple]:
    """(kind, weight, English title, Persian title, stance, language) of every kind the sample makes."""
    kinds = [
        (
            kind,
            SOURCE_WEIGHTS[kind],
            title_en,
            title_fa,
            stance,
            "fa" if kind == SourceKind.TESTIMONY else "en",
        )
        for kind, _count, title_en, title_fa, stance, _published, _calendar in SOURCES
    ]
    return kinds + OTHER_SOURCES


def _make_sources(archive: Archive, count: int, report) -> None:
    archive.first[Source] = archive.writer.reserve(Source, count)
    archive.slugs[Source] = Slugs(Source)
    archive.described = normalize(" ".join(SOURCE_SUMMARY))  # the same for all: worked out once
    in_batches(archive, count, _source_batch, _write_sources, lambda done: report("sources", done, count))


def _source_batch(archive: Archive, batch: Batch) -> Made:
    rng = archive.random(f"sources:{batch.index}")
    kinds = _source_kinds()
    weights = [kind[1] for kind in kinds]
    by_kind = {kind[0]: kind for kind in kinds}
    # The first few are of the kinds every victim's citations draw on, however few sources are asked for.
    first_kinds = [SourceKind.DATASET, SourceKind.DATASET, SourceKind.REPORT, SourceKind.TESTIMONY]
    places = [
        p for p in archive.places.values() if p.kind in (PlaceKind.PRISON, PlaceKind.CEMETERY, PlaceKind.CITY)
    ]
    sources, pages = archive.table(Source, with_id=True), archive.table(SourcePage)
    made = Made()
    for index in range(batch.start, batch.start + batch.size):
        kind, _weight, title_en, title_fa, stance, language = (
            by_kind[first_kinds[index]] if index < len(first_kinds) else rng.choices(kinds, weights)[0]
        )
        n, place = index + 1, rng.choice(places)
        source = Source(
            pk=archive.first[Source] + index,
            kind=kind,
            title_en=title_en.format(n=n, place=place.name_en),
            title_fa=title_fa.format(n=persian_digits(n), place=place.name_fa),
            author="" if kind == SourceKind.TESTIMONY else rng.choice(PUBLISHERS),
            publisher=rng.choice(PUBLISHERS) if kind in (SourceKind.NEWS_ARTICLE, SourceKind.BOOK) else "",
            language=language,
            stance=stance,
            url=f"https://example.org/sample/{kind}/{n}" if kind == SourceKind.NEWS_ARTICLE else "",
            summary_en=SOURCE_SUMMARY[0],
            summary_fa=SOURCE_SUMMARY[1],
            search_text=archive.described,
            status=Status.PUBLISHED if rng.random() < 0.98 else rng.choice([Status.DRAFT, Status.IN_REVIEW]),
            restricted=kind == SourceKind.TESTIMONY and rng.random() < 0.03,
            is_sample=True,
        )
        if index < len(first_kinds):  # cited by every victim: public
            source.status, source.restricted = Status.PUBLISHED, False
        source.published_date = day_as_a_source_gives_it(
            rng, datetime.date(1988, 9, 1) + datetime.timedelta(days=rng.randrange(36 * 365))
        )
        if kind in WITH_TEXT and rng.random() < 0.3:
            texts = [_page_text(rng, language) for _ in range(rng.choice([1, 1, 2, 3, 5]))]
            source.extracted_text = "\n\n".join(texts)
            source.text_status = TextStatus.EXTRACTED
            made.rows[pages.key] += [
                pages.row(source_id=source.pk, number=number, text=text, search_text=normalize(text))
                for number, text in enumerate(texts, start=1)
            ]
        source.search_names = names_key(source.names_for_search())
        made.words.update(source.search_names.split())
        made.slugs.append(slug_base(source.title_en, "source"))
        made.rows[sources.key].append(sources.row_of(source))
        if source.status == Status.PUBLISHED and not source.restricted:
            made.refs.append(SourceRef(source.pk, kind))
    return made


def _write_sources(archive: Archive, made: Made) -> None:
    for ref in made.refs:
        archive.sources[ref.kind].append(ref)
        if ref.kind == SourceKind.DATASET:  # the lists of names of 1988 and of 2019, in turn
            archive.datasets[SEED_EVENTS[len(archive.sources[ref.kind]) % 2]].append(ref)
    write_made(archive, made, archive.table(Source, with_id=True), archive.slugs[Source])


SOURCE_SUMMARY = (
    "Fictional demonstration source: it does not exist and supports nothing.",
    "منبع ساختگی برای نمایش: وجود ندارد و هیچ ادعایی را پشتیبانی نمی‌کند.",
)


def _page_text(rng: random.Random, language: str) -> str:
    persian = language == "fa"
    sentences = TEXT_FA if persian else TEXT_EN
    words = []
    for _ in range(rng.randrange(3, 7)):
        given, family = (
            rng.choice(MALE_NAMES if rng.random() < 0.85 else FEMALE_NAMES),
            rng.choice(FAMILY_NAMES),
        )
        prison = rng.choice(list(PRISONS_1988)).replace("-", " ").title()
        words.append(
            rng.choice(sentences).format(
                name=f"{given[1]} {family[1]}" if persian else f"{given[0]} {family[0]}",
                place=prison,
                when=rng.choice(
                    ["تابستان ۱۳۶۷", "مرداد ۱۳۶۷", "۱۳۶۰"]
                    if persian
                    else ["summer 1988", "1981", "Mordad 1367"]
                ),
            )
        )
    return " ".join(words)


def _locator(rng: random.Random, kind: str) -> str:
    if kind in (SourceKind.VIDEO, SourceKind.AUDIO, SourceKind.INTERVIEW):
        return f"00:{rng.randrange(60):02}:{rng.randrange(60):02}"
    if kind == SourceKind.DATASET:
        return f"row {rng.randrange(2, 5000)}"
    if kind in (SourceKind.REPORT, SourceKind.BOOK, SourceKind.COURT_RECORD):
        return f"p. {rng.randrange(1, 400)}"
    return f"para. {rng.randrange(1, 40)}"


# Perpetrators and their posts ---------------------------------------------------------------------------


def _make_perpetrators(archive: Archive, count: int, report) -> None:
    rng = archive.random("perpetrators")
    slugs = Slugs(Perpetrator)
    people, names = archive.table(Perpetrator, with_id=True), archive.table(PerpetratorName)
    posts, citations = archive.table(Position, with_id=True), archive.table(Citation)
    person_type, post_type = archive.content_type(Perpetrator), archive.content_type(Position)
    cities = [p.pk for p in archive.places.values() if p.kind == PlaceKind.CITY]
    every_source = archive.all_sources()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        first = archive.writer.reserve(Perpetrator, size)
        planned = [_plan_perpetrator(rng, archive, first + i, cities) for i in range(size)]
        first_post = archive.writer.reserve(Position, sum(len(p[2]) for p in planned))
        person_rows, name_rows, post_rows, citation_rows = [], [], [], []
        for person, variants, positions in planned:
            person.slug = slugs(person.name_en or person.name_fa)
            person.search_names = names_key([person.name_en, person.name_fa, *(v["name"] for v in variants)])
            person.search_text = normalize(" ".join(t for t in person.text_for_search() if t))
            archive.words.update(person.search_names.split())
            person_rows.append(people.row_of(person))
            name_rows += [names.row(perpetrator_id=person.pk, **variant) for variant in variants]
            claims = [c for c, v in _person_claims(person) if v]
            for claim in rng.sample(claims, min(len(claims), rng.choice([3, 4, 4, 5]))):
                # A known official is named in many sources: often two support the same fact.
                for _ in range(2 if rng.random() < 0.5 else 1):
                    citation_rows.append(
                        _citation_row(rng, citations, person_type, person.pk, claim, every_source)
                    )
            for position in positions:
                position.pk, first_post = first_post, first_post + 1
                post_rows.append(posts.row_of(position))
                if position.commission_role:
                    archive.members[position.organization_id].append(person.pk)
                claims = (
                    ["general", "title", "start", "end"]
                    if position.title_en
                    else ["general", "commission_role", "during", "place"]
                )
                for claim in rng.sample(claims, rng.choice([1, 2, 2, 3])):
                    citation_rows.append(
                        _citation_row(rng, citations, post_type, position.pk, claim, every_source)
                    )
        archive.writer.write(people, person_rows)
        archive.writer.write(names, name_rows)
        archive.writer.write(posts, post_rows)
        archive.writer.write(citations, citation_rows)
        report("perpetrators", start + size, count)


def _person_claims(person: Perpetrator) -> list[tuple[str, object]]:
    return [
        ("general", True),
        ("name", True),
        ("birth", person.birth_text),
        ("birth_place", person.birth_place_id),
        ("death", person.death_text),
        ("biography", person.biography_en or person.biography_fa),
    ]


def _citation_row(rng, citations: Table, content_type: int, object_id: int, claim: str, sources) -> tuple:
    source = rng.choice(sources)
    quote = "" if rng.random() < 0.5 else f"As the source states the {claim.replace('_', ' ')}."
    return citations.row(
        content_type_id=content_type,
        object_id=object_id,
        claim=claim,
        source_id=source.pk,
        locator=_locator(rng, source.kind),
        quote=quote,
        confidence=rng.choices(list(Confidence), weights=[20, 50, 30])[0],
    )


def _plan_perpetrator(rng: random.Random, archive: Archive, pk: int, cities: list[int]):
    """A perpetrator, their other names, and their posts: often a 1988 commission seat, then later offices."""
    female = rng.random() < 0.03
    (given_en, given_fa), (family_en, family_fa) = (
        rng.choice(FEMALE_NAMES if female else MALE_NAMES),
        rng.choice(FAMILY_NAMES),
    )
    person = Perpetrator(
        pk=pk,
        name_en=f"{given_en} {family_en}",
        name_fa=f"{given_fa} {family_fa}",
        status=Status.PUBLISHED if rng.random() < 0.98 else Status.DRAFT,
        is_sample=True,
    )
    person.birth_date = person.death_date = FuzzyDate()
    if rng.random() < 0.6:
        person.birth_date = day_as_a_source_gives_it(
            rng, datetime.date(1925, 1, 1) + datetime.timedelta(days=rng.randrange(40 * 365))
        )
        if rng.random() < 0.5:
            person.birth_place_id = rng.choice(cities)
    if rng.random() < 0.1:
        person.death_date = day_as_a_source_gives_it(
            rng, datetime.date(1995, 1, 1) + datetime.timedelta(days=rng.randrange(29 * 365))
        )
    variants = name_variants(rng, person, given_en, family_en)
    if not female and rng.random() < 0.4:  # a cleric, whom some sources name with his title
        variants += [
            {"name": name, "script": script, "kind": NameKind.TITLE, "note": ""}
            for name, script in [
                (f"Hojatoleslam {person.name_en}", Script.LATIN),
                (f"حجت‌الاسلام {person.name_fa}", Script.PERSIAN),
            ]
        ]
    positions = []
    if rng.random() < 0.4:
        city = rng.choice(list(archive.commissions))
        commission = archive.commissions[city]
        seat = Position(
            perpetrator=person,
            organization=commission,
            commission_role=rng.choice(list(CommissionRole)),
            place_id=commission.place_id,
            event=archive.events[SEED_EVENTS[0]],
            status=Status.PUBLISHED,
            is_sample=True,
        )
        seat.start_date = seat.end_date = FuzzyDate()
        seat.during_date = death_date_1988(
            rng, datetime.date(1988, 7, 27) + datetime.timedelta(days=rng.randrange(88))
        )
        positions.append(seat)
    year = 1989 + rng.randrange(10)
    for order in range(1, rng.choice([1, 1, 2, 2, 3, 4]) + 1):
        title_en, title_fa, office = rng.choice(LATER_POSTS)
        post = Position(
            perpetrator=person,
            organization=archive.offices[office],
            title_en=title_en,
            title_fa=title_fa,
            order=order,
            status=Status.PUBLISHED,
            is_sample=True,
        )
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        post.start_date = day_as_a_source_gives_it(rng, start)
        post.end_date = post.during_date = FuzzyDate()
        year += rng.randrange(1, 8)
        if year < 2025 and rng.random() < 0.8:
            post.end_date = day_as_a_source_gives_it(
                rng, datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            )
        positions.append(post)
    if rng.random() < 0.5:
        held = positions[-1]
        person.biography_en = (
            f"According to the sample sources, {person.name_en} was {held.title_en}"
            + (f" and sat on the {positions[0].organization.name_en}" if positions[0].commission_role else "")
            + "."
        )
        person.biography_fa = f"به گفتهٔ منابع نمونه، {person.name_fa} {held.title_fa} بود."
    return person, variants, positions


# Victims ----------------------------------------------------------------------------------------------


def _make_victims(archive: Archive, count: int, report) -> None:
    archive.first[Victim] = archive.writer.reserve(Victim, count)
    # At most one link a victim: the ids of those not linked are simply never used.
    archive.first[PerpetratorLink] = archive.writer.reserve(PerpetratorLink, count)
    archive.slugs[Victim] = Slugs(Victim)
    archive.commission_of = {
        prison: archive.commissions[archive.places[prison].parent.slug].pk for prison in PRISONS_1988
    }
    for model in (Victim, PerpetratorLink):
        archive.content_types[model] = archive.content_type(model)
    in_batches(archive, count, _victim_batch, _write_victims, lambda done: report("victims", done, count))


def _victim_batch(archive: Archive, batch: Batch) -> Made:
    rng = archive.random(f"victims:{batch.index}")
    victims, names = archive.table(Victim, with_id=True), archive.table(VictimName)
    events, prisons = archive.table(Victim.events.through), archive.table(Victim.prisons.through)
    links, citations = archive.table(PerpetratorLink, with_id=True), archive.table(Citation)
    victim_type, link_type = archive.content_types[Victim], archive.content_types[PerpetratorLink]
    testimonies, reports = archive.sources[SourceKind.TESTIMONY], archive.sources[SourceKind.REPORT]
    plans = [plan_victim(rng, archive.places) for _ in range(batch.size)]
    assign_statuses(rng, plans)
    made = Made()
    for index, plan in enumerate(plans, start=batch.start):
        victim = plan.victim
        victim.pk = archive.first[Victim] + index
        victim.search_names = names_key([victim.name_en, victim.name_fa, *(v["name"] for v in plan.variants)])
        victim.search_text = normalize(" ".join(t for t in victim.text_for_search() if t))
        made.words.update(victim.search_names.split())
        made.slugs.append(slug_base(victim.name_en or victim.name_fa, "victim"))
        made.rows[victims.key].append(victims.row_of(victim))
        made.rows[names.key] += [names.row(victim_id=victim.pk, **variant) for variant in plan.variants]
        made.rows[events.key].append(events.row(victim_id=victim.pk, event_id=archive.events[plan.event].pk))
        made.rows[prisons.key] += [
            prisons.row(victim_id=victim.pk, place_id=place.pk) for place in plan.prisons
        ]
        # The few sources a case rests on: a list of names of its event, reports and testimonies.
        at = rng.randrange(max(1, len(testimonies) - 8))
        dataset = rng.choice(archive.datasets[plan.event])
        near = {
            SourceKind.DATASET: [dataset, dataset],
            SourceKind.REPORT: reports[at % len(reports) :][:3],
            SourceKind.TESTIMONY: testimonies[at : at + 8],
        }
        for claim in plan.claims:
            cited = set()
            for _ in range(2 if rng.random() < SECOND_SOURCE else 1):
                fields = victim_citation(rng, plan, claim, near)
                source = fields.pop("source")
                if source.pk not in cited:
                    cited.add(source.pk)
                    made.rows[citations.key].append(
                        citations.row(
                            content_type_id=victim_type, object_id=victim.pk, source_id=source.pk, **fields
                        )
                    )
        if plan.prisons and rng.random() < COMMISSION_NAMED:
            commission = archive.commission_of[plan.prisons[-1].slug]
            members = archive.members.get(commission)
            link = archive.first[PerpetratorLink] + index
            made.rows[links.key].append(
                links.row(
                    id=link,
                    victim_id=victim.pk,
                    perpetrator_id=rng.choice(members) if members and rng.random() < 0.5 else None,
                    organization_id=commission,
                    role=LinkRole.COMMISSION,
                    note="",
                )
            )
            source = rng.choice(near[SourceKind.TESTIMONY])
            made.rows[citations.key].append(
                citations.row(
                    content_type_id=link_type,
                    object_id=link,
                    claim="general",
                    source_id=source.pk,
                    locator=_locator(rng, source.kind),
                    quote=f"{plan.given} was brought before the commission in {victim.death_text}.",
                    confidence=Confidence.MEDIUM,
                )
            )
    return made


def _write_victims(archive: Archive, made: Made) -> None:
    write_made(archive, made, archive.table(Victim, with_id=True), archive.slugs[Victim])


# Batches, made in worker processes on PostgreSQL ---------------------------------------------------------


class Batch(NamedTuple):
    index: int
    start: int
    size: int


@dataclass
class Made:
    """A batch's rows by table (in the order they are written), with what the writing process keeps: the
    slugs to number, the words of the names, the sources made public."""

    rows: dict[tuple[str, bool], list[tuple]] = field(
        default_factory=lambda: defaultdict(list)
    )  # by Table.key
    slugs: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    refs: list[SourceRef] = field(default_factory=list)


def in_batches(archive: Archive, count: int, make, write, report) -> None:
    """`make(archive, batch)` the records a batch at a time and `write(archive, made)` them, in order.

    Each batch draws from its own random generator, so the records are the same however they are made.
    With `jobs` above one (PostgreSQL only), forked worker processes make the batches while this process
    writes them: the workers only compute, from what was made before the fork, and never use the
    database connection; only a few batches wait for the writer, so memory stays flat.
    """
    batches = [Batch(n, start, min(BATCH, count - start)) for n, start in enumerate(range(0, count, BATCH))]
    if archive.jobs < 2 or len(batches) < 2 or connection.vendor != "postgresql":
        for batch in batches:
            write(archive, make(archive, batch))
            report(batch.start + batch.size)
        return
    global _forked
    _forked = (archive, make)
    with multiprocessing.get_context("fork").Pool(archive.jobs) as pool:
        waiting: deque = deque()
        for batch in batches:
            waiting.append((batch, pool.apply_async(_make_in_worker, (batch,))))
            while len(waiting) > archive.jobs or (waiting and batch is batches[-1]):
                done, result = waiting.popleft()
                write(archive, result.get())
                report(done.start + done.size)
    _forked = None


_forked = None  # (archive, make) as the workers inherit them


def _make_in_worker(batch: Batch) -> Made:
    archive, make = _forked
    return make(archive, batch)


def write_made(archive: Archive, made: Made, numbered: Table, slugs: Slugs) -> None:
    """Number the batch's slugs in order (here, where every slug so far is known), then write its rows."""
    at = numbered.names.index("slug")
    rows = made.rows[numbered.key]
    for n, base in enumerate(made.slugs):
        rows[n] = (*rows[n][:at], slugs.number(base), *rows[n][at + 1 :])
    archive.words |= made.words
    for (label, with_id), rows in made.rows.items():
        archive.writer.write(archive.table(apps.get_model(label), with_id=with_id), rows)
