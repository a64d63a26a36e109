"""The static mirror: the whole public site written as plain files, for when the site itself is blocked.

`Mirror` renders every public page in-process, as an anonymous visitor sees it, in each language, and
writes it as `<address>/index.html`; links between pages become relative paths to those files, so the
mirror opens from a USB stick (file://) as well as from any web server. What a page links to is written
beside it: downloads at their own addresses, the public derivatives of photographs and documents, the
static files.

What the mirror holds is listed here, explicitly: `PAGES` (addresses without arguments, each followed
through the links to its other pages, ?page=N or ?after=…), `RECORD_TYPES` (one page per published
record), `LINKED_PAGES` (pages with other arguments, written when a page links to them) and `DOWNLOADS`
(files a page may link to). A name that does not resolve fails loudly. A link to anything else (the admin, the
submission form, a filtered list's export) keeps its text and loses its address; a link with a query
string (filters, facets, sorting) leads to the whole list; forms that would ask the server give way to
a short note, except the search form, which leads to the mirror's own search. That search runs in the
browser over a prebuilt index of names (`SearchIndex`, static/js/mirror-search.js) and, without
JavaScript, points to the lists.

Memory stays flat however large the archive: records are read by primary key in chunks, each page is
written as soon as it is rendered, downloads are streamed, and the search index is gathered in small
files on disk.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import Resolver404, get_resolver, resolve, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import get_valid_filename
from django.utils.translation import gettext

from archive.dates import render_day
from archive.models import Event, Place, Source
from archive.normalize import search_key
from perpetrators.models import Perpetrator
from victims.models import Victim

# Pages without arguments, by URL name. Each is followed through the links to its other pages
# (?page=N, ?after=…: PAGE_MARKERS).
PAGES = [
    "home",
    "victim_list",
    "perpetrator_list",
    "event_list",
    "place_list",
    "source_list",
    "wall_of_names",
    "on_this_day",
    "statistics",
    "place_map",
]


@dataclass(frozen=True)
class RecordType:
    """One page per published record at `url_name`, which takes the record's slug.

    With `index_as`, the records' names go into the mirror's search index as that kind of record: their
    `search_names` column where the model has one (the server's own search key), else a key made the
    same way from `names`.
    """

    url_name: str
    records: Callable[[], QuerySet]
    index_as: str = ""
    names: tuple[str, str] = ("name_en", "name_fa")


RECORD_TYPES = [
    RecordType("victim_detail", lambda: Victim.objects.published(), "victim"),
    RecordType("perpetrator_detail", lambda: Perpetrator.objects.published(), "perpetrator"),
    RecordType("source_detail", lambda: Source.objects.published(), "source", ("title_en", "title_fa")),
    RecordType("event_detail", lambda: Event.objects.published(), "event"),
    RecordType("place_detail", lambda: Place.objects.published(), "place"),
]

# Pages with arguments that are not one record's: written when a page of the mirror links to them, and
# followed through their own pages as PAGES are.
LINKED_PAGES: list[str] = ["wall_group"]

# The query strings that choose a page of a list rather than filter it: ?page=2 for numbered pages,
# ?after=<id> and ?before=<id> for lists paged by a cursor, ?by=place for the wall of names in another
# grouping. Each page becomes a folder of its own (page/2/, after/1234/, by/place/); a query string with
# anything else leads to the list's first page.
PAGE_MARKERS = ("page", "after", "before", "by")
MARKER_VALUE = re.compile(r"[0-9A-Za-z_-]{1,64}")

# The citation files of each record (--no-references leaves them out: three a record in each language).
REFERENCES = [
    "victim_reference",
    "perpetrator_reference",
    "source_reference",
    "event_reference",
    "place_reference",
]
# Files a page may link to, by URL name: written at the same address when a page links to them without
# a query string. With one (a filtered export) the link keeps only its text.
DOWNLOADS = [
    "victim_export",
    "perpetrator_export",
    "perpetrators_popolo",
    "source_export",
    "source_citations",
    "source_file",
    "statistics_csv",
    *REFERENCES,
]


def _source_file_name(kwargs: dict) -> str | None:
    """The name a source's file takes in the mirror: its address ends in a slash, a file needs a name."""
    row = Source.objects.published().filter(slug=kwargs["slug"]).values_list("original_filename", "file")
    row = row.first()
    if row is None or not row[1]:
        return None
    original, stored = row
    try:
        return get_valid_filename(PurePosixPath(original).name)
    except SuspiciousFileOperation:  # nothing usable in the uploaded name: the stored one, by its hash
        return PurePosixPath(stored).name


# Downloads whose address ends in a slash: the name of the file written there, from the URL's arguments.
DOWNLOAD_FILE_NAMES: dict[str, Callable[[dict], str | None]] = {"source_file": _source_file_name}

# The server's search page, replaced in the mirror by one that searches the prebuilt index.
SEARCH = "search"
SEARCH_TEMPLATE = "archive/mirror_search.html"
INDEX_DIR = "search-index"
# Public derivatives only (archive/derivatives.py), never an original, which may carry metadata.
MEDIA_PREFIXES = ("derivatives/",)
# The file that marks a directory as a mirror written here, which --force may replace.
MARKER = "mirror.json"
GENERATOR = "export_static"
CHUNK = 1000  # records read per query
PROGRESS_EVERY = 1000
COPY_CHUNK = 1024 * 1024
STATIC_IGNORED = ["admin", ".*", "*~", "CVS", "*.gz", "*.br", "staticfiles.json"]


class MirrorError(Exception):
    """The mirror cannot be written; the message says why."""


def check_names() -> None:
    """Every URL name the mirror lists must exist: a missing one fails here, before anything is written."""
    listed = [
        *PAGES,
        *LINKED_PAGES,
        SEARCH,
        *(record_type.url_name for record_type in RECORD_TYPES),
        *DOWNLOADS,
    ]
    known = get_resolver().reverse_dict
    missing = [name for name in listed if name not in known]
    if missing:
        raise MirrorError(f"The mirror lists addresses the site does not have: {', '.join(missing)}.")


# Addresses and files.


@dataclass(frozen=True)
class Target:
    """Where an internal address lives in the mirror.

    `file` is relative to the mirror's root; `name` is the URL name (or "static", "media"); `fetch` is
    what must be written there after the page, a site address (download) or a storage name (media);
    `marker` is the query string of one page of a paged address ("" for the first).
    """

    file: str
    name: str
    fetch: str = ""
    marker: str = ""


def page_file(path: str, marker: str = "") -> str:
    """/fa/victims/ → fa/victims/index.html; page=2 → fa/victims/page/2/index.html; after=7 → …/after/7/…"""
    directory = unquote(path).lstrip("/")
    if marker:
        directory += marker.replace("=", "/", 1) + "/"
    return directory + "index.html"


def relative(target: str, start_file: str) -> str:
    """The relative link from one mirror file to another, percent-encoded."""
    start = posixpath.dirname(start_file) or "."
    return quote(posixpath.relpath(target, start), safe="/:@!$&'()*+,;=-._~")


def page_marker(query: str) -> str:
    """The page a query string chooses ("page=2", "after=1234"), or "" for the first page: also where the
    query string filters or sorts, since only the whole list is in the mirror."""
    pairs = parse_qsl(query, keep_blank_values=True)
    if len(pairs) != 1 or pairs[0][0] not in PAGE_MARKERS or not MARKER_VALUE.fullmatch(pairs[0][1]):
        return ""
    name, value = pairs[0]
    if name == "page":
        number = int(value) if value.isdigit() else 1
        return f"page={number}" if number > 1 else ""
    return f"{name}={value}"


def _language_of(path: str) -> str:
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def search_path(language: str) -> str:
    with translation.override(language):
        return reverse(SEARCH)


class Addresses:
    """Which internal addresses the mirror holds, and as which files."""

    def __init__(self, languages: list[str], static_names: set[str], left_out: set[str] = frozenset()):
        self.languages = languages
        self.static_names = static_names
        self.pages = set(PAGES) | set(LINKED_PAGES) | {record_type.url_name for record_type in RECORD_TYPES}
        self.downloads = set(DOWNLOADS) - set(left_out)
        self.target = lru_cache(maxsize=4096)(self._target)

    def _target(self, path: str, query: str) -> Target | str:
        """The Target of an address (path and query string), or, for one the mirror lacks, why."""
        if path.startswith(settings.STATIC_URL):
            name = unquote(path.removeprefix(settings.STATIC_URL))
            return Target("static/" + name, "static") if name in self.static_names else "missing static file"
        if path.startswith(settings.MEDIA_URL):
            name = unquote(path.removeprefix(settings.MEDIA_URL))
            if name.startswith(MEDIA_PREFIXES) and ".." not in PurePosixPath(name).parts:
                return Target("media/" + name, "media", fetch=name)
            return "media other than derivatives"
        language = _language_of(path)
        if language not in self.languages:
            return f"language {language}"
        with translation.override(language):
            try:
                match = resolve(unquote(path))
            except Resolver404:
                return "unknown address"
        name = match.view_name
        if name == SEARCH:
            return Target(page_file(search_path(language)), name)
        if name in self.pages:
            marker = page_marker(query)
            return Target(page_file(path, marker), name, marker=marker)
        if name in self.downloads:
            if query.strip("&"):
                return f"{name} with a query string"
            file = unquote(path).lstrip("/")
            if file.endswith("/"):
                file_name = DOWNLOAD_FILE_NAMES[name](match.kwargs) if name in DOWNLOAD_FILE_NAMES else None
                if not file_name:
                    return name
                file += file_name
            return Target(file, name, fetch=path)
        return name


# Pages.

# Attributes that hold one address, on any element; srcset holds several.
ADDRESS_ATTRIBUTES = {"href", "src", "action", "poster"}
LINK_ONLY_ATTRIBUTES = {"download", "hreflang", "rel", "target", "type"}


class PageRewriter(HTMLParser):
    """Rewrites one rendered page for the mirror; what it does not change is copied as it came.

    After feed() and close(): `html`, the page; `fetches`, what the page links to that must be written
    beside it (downloads, media); `pages`, the pages of this same address it links to (their markers);
    `linked`, the LINKED_PAGES it links to; `dropped`, the links that lost their address, counted by why.
    """

    def __init__(self, addresses: Addresses, url: str, file: str, notice: str = ""):
        super().__init__(convert_charrefs=False)
        self.addresses, self.url, self.file, self.notice = addresses, url, file, notice
        self.path = urlsplit(url).path
        self.out: list[str] = []
        self.fetches: list[Target] = []
        self.pages: set[str] = set()
        self.linked: set[str] = set()
        self.dropped: Counter[str] = Counter()
        self.in_removed_form = False

    @property
    def html(self) -> str:
        return "".join(self.out)

    def resolve(self, value: str) -> tuple[Target | str | None, str, str]:
        """The Target of a link (None for one left as it is: another site, data:, #fragment), its path and
        its fragment."""
        value = value.strip()
        parts = urlsplit(value)
        if value.startswith("#") or parts.scheme or parts.netloc:
            return None, "", ""
        address = urlsplit(urljoin(self.url, value))
        target = self.addresses.target(address.path, address.query)
        cursor = isinstance(target, Target) and target.marker and not target.marker.startswith("page=")
        if cursor and address.path != self.path:
            # A cursor (after=…) names a place in this list's order: another address (this list in the
            # other language, sorted by its own script) has pages of its own, and the link leads to its first.
            target = self.addresses.target(address.path, "")
        return target, address.path, address.fragment

    def link(self, value: str) -> str | None:
        """The new value of an address: relative in the mirror, unchanged elsewhere, None to drop it."""
        target, path, fragment = self.resolve(value)
        if target is None:
            return value
        if isinstance(target, str):
            self.dropped[target] += 1
            return None
        if target.fetch:
            self.fetches.append(target)
        if target.name in self.addresses.pages:
            if path == self.path:
                self.pages.add(target.marker)
            elif target.name in LINKED_PAGES:
                self.linked.add(path)
        return relative(target.file, self.file) + (f"#{fragment}" if fragment else "")

    def srcset(self, value: str) -> str | None:
        candidates = []
        for candidate in value.split(","):
            url, _space, descriptor = candidate.strip().partition(" ")
            if url and (new := self.link(url)) is not None:
                candidates.append(f"{new} {descriptor.strip()}".strip())
        return ", ".join(candidates) or None

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs, closing=False)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs, closing=True)

    def start(self, tag: str, attrs: list, closing: bool) -> None:
        if self.in_removed_form:
            return
        if tag == "form":
            self.form(attrs)
            return
        new, changed, href_dropped = [], False, False
        for name, value in attrs:
            if value is not None and (name in ADDRESS_ATTRIBUTES or name == "srcset"):
                rewritten = self.srcset(value) if name == "srcset" else self.link(value)
                changed = changed or rewritten != value
                if rewritten is None:
                    href_dropped = href_dropped or name == "href"
                    continue
                value = rewritten
            new.append((name, value))
        if href_dropped:
            # A link without an address: what described the address goes with it.
            new = [(name, value) for name, value in new if name not in LINK_ONLY_ATTRIBUTES]
        self.out.append(self.tag(tag, new, closing) if changed else self.get_starttag_text())
        if tag == "main" and self.notice:
            self.out.append(self.notice)

    @staticmethod
    def tag(tag: str, attrs: list, closing: bool = False) -> str:
        text = "".join(f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in attrs)
        return f"<{tag}{text}{' /' if closing else ''}>"

    def form(self, attrs: list) -> None:
        """The search form leads to the mirror's search page; any other form gives way to a note."""
        values = dict(attrs)
        target, _path, _fragment = self.resolve(values.get("action") or "")
        if (
            (values.get("method") or "get").lower() == "get"
            and isinstance(target, Target)
            and target.name == SEARCH
        ):
            action = relative(target.file, self.file)
            kept = [(name, value) for name, value in attrs if name != "action"]
            self.out.append(self.tag("form", [*kept, ("action", action)]))
            return
        self.in_removed_form = True
        self.dropped["form"] += 1
        self.out.append(
            format_html(
                '<p class="notice mirror-note">{}</p>',
                gettext("This form works only on the site itself, not in this copy."),
            )
        )

    def handle_endtag(self, tag):
        if self.in_removed_form:
            self.in_removed_form = tag != "form"
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.in_removed_form:
            self.out.append(data)

    def handle_entityref(self, name):
        if not self.in_removed_form:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.in_removed_form:
            self.out.append(f"&#{name};")

    def handle_comment(self, data):
        if not self.in_removed_form:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def notice_html(made, persian: bool) -> str:
    """What every page of the mirror says first: a copy, of which day, and where the archive lives."""
    addresses = [settings.SITE_URL]
    if settings.ONION_LOCATION:
        addresses.append(settings.ONION_LOCATION)
    return format_html(
        '<p class="notice mirror-notice" role="note">{} {}</p>',
        gettext(
            "This is a copy of the archive, made on %(day)s to be read where the site cannot be reached. "
            "It may be out of date; its search finds names only, and forms work only on the site itself."
        )
        % {"day": render_day(made, persian)},
        # Plain text, not a link: the address may be blocked or watched where the copy is read.
        gettext("The archive online: %(addresses)s") % {"addresses": gettext(", ").join(addresses)},
    )


# The search index.


def shard_file(key: str, suffix: str = ".js") -> str:
    """A shard's file name from its key, as the code points in hex: safe on any file system (FAT too)."""
    return "-".join(f"{ord(character):x}" for character in key) + suffix


class SearchIndex:
    """The mirror's index of names, in shards the browser loads one at a time.

    A record goes into a shard for each two-letter start of the words of its search key (the skeletons
    of archive/normalize.py: the server's own). A shard holding more than `max_entries` records is split
    by the next letter, again and again; records whose word is exactly the key stay in the key's own
    shard, cut at `exact_cap`. Each shard is a small script that hands its records to
    `MirrorSearch.shard()`, since a page opened from file:// may load scripts but not fetch() files;
    `index.js` lists the shards with their sizes.

    Entries are `[search key, Latin name, Persian name, path, kind]`; the path has no language prefix.
    Records are gathered in files on disk, `flush_every` lines at a time, so memory stays flat.
    """

    def __init__(
        self, directory: Path, *, max_entries: int = 1000, exact_cap: int = 5000, flush_every: int = 20000
    ):
        self.directory = directory
        self.work = directory / "work"
        self.work.mkdir(parents=True, exist_ok=True)
        self.max_entries, self.exact_cap, self.flush_every = max_entries, exact_cap, flush_every
        self.buffers: dict[str, list[str]] = defaultdict(list)
        self.buffered = 0
        self.records = 0
        self.shards: dict[str, list[int]] = {}
        self.files = 0
        self.bytes = 0

    def add(self, key: str, name_en: str, name_fa: str, path: str, kind: str) -> None:
        words = key.split()
        if not words:
            return
        line = json.dumps([key, name_en, name_fa, path, kind], ensure_ascii=False)
        # Line and paragraph separators end a line in older JavaScript, even inside a string.
        line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        for prefix in {word[:2] for word in words}:
            self.buffers[prefix].append(line)
            self.buffered += 1
        self.records += 1
        if self.buffered >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        for prefix, lines in self.buffers.items():
            with (self.work / shard_file(prefix, ".jsonl")).open("a", encoding="utf-8") as gathered:
                gathered.write("\n".join(lines) + "\n")
        self.buffers.clear()
        self.buffered = 0

    def finish(self) -> None:
        self.flush()
        for gathered in sorted(self.work.glob("*.jsonl")):
            self.write_shard(_key_of(gathered.name), gathered)
        shutil.rmtree(self.work)
        manifest = {"records": self.records, "shards": dict(sorted(self.shards.items()))}
        self.write("index.js", "MirrorSearch.manifest(" + json.dumps(manifest, ensure_ascii=False) + ");\n")

    def write_shard(self, key: str, gathered: Path) -> None:
        with gathered.open(encoding="utf-8") as lines:
            count = sum(1 for _line in lines)
        if count <= self.max_entries:
            self.write_entries(key, gathered, count, count, split=False)
            return
        # Too many: split by the next letter of the words that begin with the key.
        parts = gathered.with_suffix(".split")
        parts.mkdir()
        exact = parts / "exact.jsonl"
        handles: dict[str, object] = {}
        try:
            with gathered.open(encoding="utf-8") as lines:
                for line in lines:
                    words = json.loads(line)[0].split()
                    for longer in {word[: len(key) + 1] for word in words if word.startswith(key)}:
                        if longer not in handles:
                            name = exact if longer == key else parts / shard_file(longer, ".jsonl")
                            handles[longer] = name.open("a", encoding="utf-8")
                        handles[longer].write(line)
        finally:
            for handle in handles.values():
                handle.close()
        gathered.unlink()
        if exact.exists():
            with exact.open(encoding="utf-8") as lines:
                total = sum(1 for _line in lines)
            self.write_entries(key, exact, min(total, self.exact_cap), total, split=True)
            exact.unlink()
        else:
            self.shards[key] = [0, 1, 0]
        for part in sorted(parts.glob("*.jsonl")):
            self.write_shard(_key_of(part.name), part)
        shutil.rmtree(parts)

    def write_entries(self, key: str, gathered: Path, written: int, total: int, *, split: bool) -> None:
        """The shard's script, line by line: `MirrorSearch.shard(key, [entries])`."""
        self.shards[key] = [written, int(split), total]
        path = self.directory / shard_file(key)
        with gathered.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as script:
            script.write(f"MirrorSearch.shard({json.dumps(key, ensure_ascii=False)},[\n")
            for number, line in enumerate(lines):
                if number >= written:
                    break
                script.write(("," if number else "") + line)
            script.write("]);\n")
        self.files += 1
        self.bytes += path.stat().st_size

    def write(self, name: str, text: str) -> None:
        data = text.encode()
        (self.directory / name).write_bytes(data)
        self.files += 1
        self.bytes += len(data)


def _key_of(file_name: str) -> str:
    return "".join(chr(int(code, 16)) for code in file_name.split(".")[0].split("-"))


# Reading records.


def in_chunks(queryset: QuerySet, *fields: str) -> Iterator[tuple]:
    """Rows of (pk, *fields) in primary-key order, CHUNK at a time: no cursor held open between pages."""
    last = None
    queryset = queryset.order_by("pk")
    while True:
        rows = queryset.filter(pk__gt=last) if last is not None else queryset
        rows = list(rows.values_list("pk", *fields)[:CHUNK])
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def static_files() -> Iterator[tuple[str, str]]:
    """(name, path on disk) of every static file the pages may use, the admin's apart.

    With hashed names (the manifest storage, in production) the collected files under STATIC_ROOT are
    what the pages name; otherwise the files as the finders find them.
    """
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        if not staticfiles_storage.hashed_files:
            raise MirrorError("No static files manifest: run `manage.py collectstatic --noinput` first.")
        root = Path(settings.STATIC_ROOT)
        for path in sorted(root.rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and not _ignored(name):
                yield name, str(path)
        return
    seen = set()
    for finder in finders.get_finders():
        for name, storage in finder.list(STATIC_IGNORED):
            name = name.replace(os.sep, "/")
            if name not in seen and not _ignored(name):
                seen.add(name)
                yield name, storage.path(name)


def _ignored(name: str) -> bool:
    parts = name.split("/")
    return any(fnmatch(part, pattern) for part in parts for pattern in STATIC_IGNORED)


# The mirror.


@dataclass
class Summary:
    files: int = 0
    bytes: int = 0
    pages: int = 0
    seconds: float = 0.0
    records: int = 0
    dropped: Counter = field(default_factory=Counter)
    missing: int = 0
    missing_examples: list[str] = field(default_factory=list)

    def miss(self, what: str) -> None:
        """A file a page links to could not be written: counted, and the first few named."""
        self.missing += 1
        if len(self.missing_examples) < 5:
            self.missing_examples.append(what)


class Mirror:
    """Writes the mirror into `output`, by way of a staging folder beside it swapped in at the end.

    `output` must be missing, empty, or a mirror written before (it holds MARKER), which only `force`
    replaces. Without `references`, the citation files of each record (cite.bib, cite.ris, cite.json:
    three files a record in each language) are left out. `log` receives progress lines.
    """

    def __init__(
        self,
        output: Path,
        *,
        languages: list[str],
        force: bool = False,
        references: bool = True,
        log: Callable[[str], None] = print,
    ):
        self.output = output.resolve()
        self.languages = languages
        self.left_out = set() if references else set(REFERENCES)
        self.force = force
        self.log = log
        self.summary = Summary()
        site = urlsplit(settings.SITE_URL)
        # A view that fails answers 500, as it would a visitor, and is logged: a page that fails stops the
        # export, a download that fails is reported at the end.
        self.client = Client(headers={"host": site.netloc}, raise_request_exception=False)
        self.factory = RequestFactory(headers={"host": site.netloc})
        self.secure = site.scheme == "https"
        self.made = timezone.localdate()

    def write(self) -> Summary:
        started = time.monotonic()
        unknown = [language for language in self.languages if language not in dict(settings.LANGUAGES)]
        if unknown or not self.languages:
            raise MirrorError(
                f"Languages must be among {', '.join(dict(settings.LANGUAGES))}: not {', '.join(unknown)}."
            )
        check_names()
        self.root = self.prepare()
        try:
            self.write_marker(complete=False)
            self.addresses = Addresses(self.languages, self.copy_static(), self.left_out)
            for language in self.languages:
                self.write_language(language)
            self.write_index()
            self.summary.seconds = time.monotonic() - started
            self.write_marker(complete=True)
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        self.swap()
        return self.summary

    # The output folder.

    def prepare(self) -> Path:
        if self.output.exists():
            if not self.output.is_dir():
                raise MirrorError(f"{self.output} is a file, not a folder.")
            if os.path.ismount(self.output):
                raise MirrorError(
                    f"{self.output} is the top of a drive: give a folder on it instead, e.g. {self.output / 'archive'}."
                )
            if any(self.output.iterdir()):
                if not (self.output / MARKER).is_file():
                    raise MirrorError(
                        f"{self.output} is not empty and holds no mirror: give an empty or new folder."
                    )
                if not self.force:
                    raise MirrorError(f"{self.output} holds a mirror already: add --force to replace it.")
        staging = self.output.with_name(self.output.name + ".partial")
        if staging.exists():
            if not (staging / MARKER).is_file():
                raise MirrorError(f"{staging} is in the way and holds no mirror: move it away first.")
            shutil.rmtree(staging)  # left by an export that was stopped
        staging.mkdir(parents=True)
        return staging

    def swap(self) -> None:
        """The finished mirror takes the place of the old one, which is deleted only then."""
        old = self.output.with_name(self.output.name + ".old")
        if old.exists() and (old / MARKER).is_file():
            shutil.rmtree(old)
        if self.output.exists():
            self.output.rename(old)
            self.root.rename(self.output)
            shutil.rmtree(old)
        else:
            self.root.rename(self.output)

    def write_marker(self, *, complete: bool) -> None:
        marker = {
            "generator": GENERATOR,
            "complete": complete,
            "site": settings.SITE_URL,
            "made_on": self.made.isoformat(),
            "languages": self.languages,
        }
        if complete:
            marker |= {
                "files": self.summary.files + 1,
                "bytes": self.summary.bytes,
                "records": self.summary.records,
            }
        (self.root / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")

    # Writing files.

    def file(self, name: str) -> Path:
        if name.startswith("/") or ".." in PurePosixPath(name).parts:
            raise MirrorError(f"{name!r} would be written outside the mirror.")
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_bytes(self, name: str, data: bytes) -> None:
        self.file(name).write_bytes(data)
        self.summary.files += 1
        self.summary.bytes += len(data)

    def write_chunks(self, name: str, chunks) -> None:
        size = 0
        with self.file(name).open("wb") as out:
            for chunk in chunks:
                chunk = chunk.encode() if isinstance(chunk, str) else chunk
                out.write(chunk)
                size += len(chunk)
        self.summary.files += 1
        self.summary.bytes += size

    def copy_static(self) -> set[str]:
        names = set()
        for name, path in static_files():
            with open(path, "rb") as original:
                self.write_chunks(
                    "static/" + name, iter(lambda original=original: original.read(COPY_CHUNK), b"")
                )
            names.add(name)
        self.log(f"static files: {len(names)}")
        return names

    def fetch(self, target: Target) -> None:
        """Write what a page links to, once: a download as the site serves it, a derivative from storage."""
        if (self.root / target.file).exists():
            return
        if target.name == "media":
            if not default_storage.exists(target.fetch):
                self.summary.miss(target.fetch)
                return
            with default_storage.open(target.fetch, "rb") as original:
                self.write_chunks(target.file, original.chunks(COPY_CHUNK))
            return
        response = self.client.get(target.fetch, secure=self.secure)
        if response.status_code != 200:
            self.summary.miss(f"{target.fetch} ({response.status_code})")
            return
        # Read to its end, a streamed response closes itself; close() would close the database connection.
        self.write_chunks(
            target.file, response.streaming_content if response.streaming else [response.content]
        )

    # Pages.

    def write_language(self, language: str) -> None:
        with translation.override(language):
            notice = notice_html(self.made, persian=language == "fa")
            self.linked: deque[str] = deque()
            self.queued: set[str] = set()
            for name in PAGES:
                path = reverse(name)
                self.log(f"{path}: {self.write_pages(path, notice):,} pages")
            self.write_search_page(language, notice)
            for record_type in RECORD_TYPES:
                total, written = record_type.records().count(), 0
                for _pk, slug in in_chunks(record_type.records(), "slug"):
                    self.write_pages(reverse(record_type.url_name, args=[slug]), notice)
                    written += 1
                    if written % PROGRESS_EVERY == 0:
                        self.log(f"  {language} {record_type.url_name}: {written:,} of {total:,}")
                self.log(f"{language} {record_type.url_name}: {written:,} pages")
            linked = 0
            while self.linked:
                linked += self.write_pages(self.linked.popleft(), notice)
            if LINKED_PAGES:
                self.log(f"{language} {', '.join(LINKED_PAGES)}: {linked:,} pages")

    def write_pages(self, path: str, notice: str) -> int:
        """An address and every page of it its links lead to (page 2, after=…); how many were written."""
        written, markers = 0, deque([""])
        while markers:
            marker = markers.popleft()
            if (self.root / page_file(path, marker)).exists():
                continue
            rewriter = self.write_page(path, marker, notice)
            written += 1
            markers.extend(rewriter.pages)
            for linked in rewriter.linked - self.queued:
                self.queued.add(linked)
                self.linked.append(linked)
        return written

    def write_page(self, path: str, marker: str, notice: str) -> PageRewriter:
        url = f"{path}?{marker}" if marker else path
        response = self.client.get(url, secure=self.secure)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            raise MirrorError(
                f"{url} answered {response.status_code} {response['Content-Type']}, not a page."
            )
        html = response.content.decode(response.charset)
        return self.write_html(url, page_file(path, marker), html, notice)

    def write_html(self, url: str, file: str, html: str, notice: str) -> PageRewriter:
        rewriter = PageRewriter(self.addresses, url, file, notice)
        rewriter.feed(html)
        rewriter.close()
        self.write_bytes(file, rewriter.html.encode())
        self.summary.pages += 1
        self.summary.dropped.update(rewriter.dropped)
        for target in rewriter.fetches:
            self.fetch(target)
        return rewriter

    def write_search_page(self, language: str, notice: str) -> None:
        path = search_path(language)
        file = page_file(path)
        request = self.factory.get(path, secure=self.secure)
        request.user = AnonymousUser()
        root = posixpath.relpath(".", posixpath.dirname(file)) + "/"
        prefix = posixpath.dirname(page_file(reverse("home")))
        html = render_to_string(
            SEARCH_TEMPLATE,
            {
                "root": root,
                "prefix": f"{prefix}/" if prefix else "",
                "index": f"{root}{INDEX_DIR}/",
                "has_wall_of_names": "wall_of_names" in PAGES,
            },
            request=request,
        )
        self.write_html(path, file, html, notice)

    # The search index.

    def write_index(self) -> None:
        index = SearchIndex(self.root / INDEX_DIR)
        for record_type in RECORD_TYPES:
            if not record_type.index_as:
                continue
            records = record_type.records()
            has_key = any(f.name == "search_names" for f in records.model._meta.get_fields())
            fields = ["slug", *record_type.names] + (["search_names"] if has_key else [])
            count = 0
            with translation.override(settings.LANGUAGE_CODE):
                for row in in_chunks(records, *fields):
                    _pk, slug, name_en, name_fa, *key = row
                    path = posixpath.dirname(page_file(reverse(record_type.url_name, args=[slug]))) + "/"
                    index.add(
                        key[0] if key else search_key([name_en, name_fa]),
                        name_en,
                        name_fa,
                        path,
                        record_type.index_as,
                    )
                    count += 1
            self.summary.records += count
        index.finish()
        self.summary.files += index.files
        self.summary.bytes += index.bytes
        self.log(f"search index: {index.records:,} records in {len(index.shards):,} shards")
