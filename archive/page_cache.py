"""The public pages' cache: anonymous visitors get a page made once, until something on it changes.

A page is kept (in the "pages" cache: local memory, or Redis with REDIS_URL) under a key made of its
address and the current *generation* of the public pages, a token in the database that every change to
what the pages show replaces. A change therefore drops every cached page at once, in every server
process, with no list of which page shows which record: a page is cheap to make again, a stale one
(a record withdrawn, still shown) is what must never happen.

The generation changes by itself: every INSERT, UPDATE or DELETE that goes to a table of the archive,
victims or perpetrators apps is seen as it is sent (a database "execute wrapper", installed on every
connection), whatever made it: a model's save, a signal, `QuerySet.update()`, `bulk_create()`, a
merge, an import, raw SQL through Django's cursor, loaddata, a migration. Inside a transaction the
token is replaced once, when the transaction commits: before that no other connection could see the
change, and a page made from the old rows in the meantime would be kept under the new token. After
work done outside Django (psql, pg_restore), call `pages_changed()`, or wait PAGE_CACHE_SECONDS.

What is kept: the answers to GET and HEAD from visitors with no session cookie (no cookie at all but
the CSRF and language ones), status 200, not streamed, that set no cookie (a page holding a CSRF token
sets one) and did not ask not to be stored; never the admin, the accounts pages, the submission forms, files, the health
probes, nor a search by free text (a name someone looked for is not kept, even in the cache). A visitor
with a session (an editor) never gets a kept page and gets `Cache-Control: private, no-cache`.
Kept pages are sent with `Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE`, an ETag and a
Last-Modified, and a browser or proxy asking again with If-None-Match or If-Modified-Since hears 304.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import secrets
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, router, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from archive.middleware import DATABASE_DOWN, database_unavailable

# The apps whose tables hold what public pages show. Not editorial (its history entries are written
# with the change they describe), nor submissions: a visitor sending the form must not empty the cache.
APPS = ("archive", "victims", "perpetrators")
CACHE_ALIAS = "pages"
# Addresses never kept, with the language prefix taken off. The last two are made without the database:
# kept, they would need it (for the generation), and be no faster.
NOT_KEPT = (
    "/admin/",
    "/accounts/",
    "/submit/",
    "/originals/",
    "/media/",
    "/static/",
    "/healthz",
    "/readyz",
    "/robots.txt",
    "/sitemap-pages.xml",
)
# A longer query string is not a page anyone links to: answered, not kept.
MAX_QUERY = 200
# A larger page is made each time rather than fill the cache (and each process's memory).
MAX_BYTES = 2 * 1024 * 1024
# The Vary headers a kept page may carry: it depends on nothing else of the request than its address.
# (Unprefixed addresses are English whatever Accept-Language says; kept pages are for cookie-less visitors.)
HARMLESS_VARY = {"accept-language", "cookie"}

_WRITE = re.compile(r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)", re.IGNORECASE)
_TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)  # many tables at once (flush on PostgreSQL)
_COMMAS = re.compile(r"\s*,\s*")
# Bumped when a setting changes (in tests only, by override_settings): pages made under other settings.
_settings_version = 0


# The generation -----------------------------------------------------------------------------------


def pages_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop every cached page: now, or when the transaction in progress commits.

    Called by itself for every write to the watched tables; call it after changing what the public
    pages show by other means (a file, a setting read from the database, SQL run outside Django).
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        _new_generation(using)
        return
    bump = _after_commit(using)
    if not any(func is bump for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(bump, using=using, robust=True)


@cache
def _after_commit(using: str):
    """One function per database, so that a transaction's pending replacement can be recognised."""

    def bump():
        _new_generation(using)

    return bump


def _new_generation(using: str) -> None:
    from archive.models import PageGeneration

    # No transaction or savepoint here: this may run right after the write, on SQLite before Django has
    # read what the write returned, and SQLite opens no savepoint while a statement is in progress.
    values = {"token": secrets.token_hex(8), "changed_at": timezone.now()}
    generation = PageGeneration.objects.using(using)
    if not generation.filter(pk=1).update(**values):
        try:
            generation.create(pk=1, **values)
        except IntegrityError:  # another process made the row first
            generation.filter(pk=1).update(**values)


def current_generation() -> tuple[str, datetime.datetime | None]:
    """The token and time of the last change, read from the database the public pages are read from.

    Plain SQL: this is most of what a kept page costs, and the ORM would triple it.
    """
    from archive.models import PageGeneration

    connection = connections[router.db_for_read(PageGeneration)]
    table = connection.ops.quote_name(PageGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return "", None
    changed_at = models.DateTimeField().to_python(row[1])  # SQLite gives text, PostgreSQL a datetime
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return row[0], changed_at


def _changes_pending() -> bool:
    """True while this connection has written to the pages' tables in a transaction not yet committed.

    Other connections cannot see those rows; this one can. A page made now is neither kept (it could
    show rows that will be rolled back) nor taken from the cache (which predates them). In production
    a visitor's request never writes; the test suite, which runs each test in a transaction, does.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return False
    bump = _after_commit(DEFAULT_DB_ALIAS)
    return any(func is bump for _sids, func, _robust in connection.run_on_commit)


@cache
def watched_tables() -> frozenset[str]:
    tables = {
        model._meta.db_table
        for label in APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    tables.discard(apps.get_model("archive", "PageGeneration")._meta.db_table)
    return frozenset(tables)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _writes_to_watched_tables(sql):
        pages_changed(context["connection"].alias)
    return result


def _writes_to_watched_tables(sql: str) -> bool:
    if write := _WRITE.match(sql):
        return write[1] in watched_tables()
    if _TRUNCATE.match(sql):
        return any(table in sql for table in watched_tables())
    return False


def _watch_connection(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        # First, so that code wrapping its own statements for a while (and popping its wrapper off the
        # end of the list) never takes this one off.
        connection.execute_wrappers.insert(0, _watch_writes)


def _settings_changed(*, setting, **kwargs):
    global _settings_version
    if setting != "CACHES":  # where pages are kept, not what they show
        _settings_version += 1


def connect() -> None:
    """Watch every database connection made from now on (called once, by the archive app's ready())."""
    connection_created.connect(_watch_connection, dispatch_uid="archive.page_cache.watch")
    setting_changed.connect(_settings_changed, dispatch_uid="archive.page_cache.settings")
    for connection in connections.all(initialized_only=True):
        _watch_connection(None, connection)


# What a page depends on besides the rows ---------------------------------------------------------


@cache
def code_version() -> tuple[str, int]:
    """A token for the code, templates, translations and static files this process runs, and their time.

    A new release makes new pages (and names new static files) without any row changing: pages kept
    by the previous one, in a shared cache, are not served by this one.
    """
    digest, newest = hashlib.blake2b(digest_size=8), 0
    skipped = {"var", "media", "staticfiles", "node_modules", "tests", "__pycache__"}
    roots = [settings.BASE_DIR, *([Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else [])]
    for root in roots:
        for folder, folders, files in os.walk(root):
            folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in skipped)
            for name in sorted(files):
                if name.endswith((".py", ".html", ".txt", ".xml", ".mo", ".json")):
                    stat = os.stat(os.path.join(folder, name))
                    digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
                    newest = max(newest, int(stat.st_mtime))
            if root != settings.BASE_DIR:
                break  # the collected static files: their manifest (staticfiles.json) says it all
    return digest.hexdigest(), newest


# The middleware -----------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serves kept pages to anonymous visitors, keeps new ones, and tells browsers and proxies how long.

    It sits right below DatabaseUnavailableMiddleware: a kept page is sent without the session, the
    user or the view, but still after one query (the generation), so that an outage is a 503 as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            if "Cache-Control" not in response:  # an editor's pages are theirs, and always fresh
                patch_cache_control(response, private=True, no_cache=True)
            return response
        address = _address(request)
        if address is None or _changes_pending():
            return self.get_response(request)
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # answered as ever (400)
        try:
            token, changed_at = current_generation()
        except DATABASE_DOWN:
            return database_unavailable(request)
        key = _key(request, host, address, token)
        pages = caches[CACHE_ALIAS]
        kept = pages.get(key)
        if kept is None:
            response = self.get_response(request)
            if not _may_keep(response):
                return response
            kept = _keep(response, changed_at)
            pages.set(key, kept, settings.PAGE_CACHE_SECONDS)
        else:
            response = HttpResponse(kept["content"])
            for header, value in kept["headers"]:
                response.headers[header] = value
        return get_conditional_response(
            request, etag=kept["etag"], last_modified=kept["last_modified"], response=response
        )


def _address(request) -> str | None:
    """The page's address with its query string in a fixed order, or None for a request never served kept."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if any(
        name not in (settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME) for name in request.COOKIES
    ):
        return None  # e.g. a message waiting to be shown (the messages cookie)
    path = request.path_info
    language = get_language_from_path(path)
    bare = path[len(language) + 1 :] if language else path
    if bare.startswith(NOT_KEPT):
        return None
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return path
    if len(query) > MAX_QUERY or "q" in request.GET:
        return None
    return path + "?" + urlencode(sorted(request.GET.lists()), doseq=True)


def _key(request, host: str, address: str, token: str) -> str:
    """The cache key: a hash, so that no address (nor a filter in it) is written out in the cache."""
    code, _ = code_version()
    scheme = "https" if request.is_secure() else "http"
    parts = [code, token, str(_settings_version), timezone.localdate().isoformat(), scheme, host, address]
    return "page:" + hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()


def _may_keep(response) -> bool:
    # A page holding a CSRF token (this visitor's) always comes with the CSRF cookie set again.
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_BYTES:
        return False
    directives = {d.split("=")[0].strip().lower() for d in _COMMAS.split(response.get("Cache-Control", ""))}
    if directives & {"private", "no-store", "no-cache"}:
        return False
    vary = {v.strip().lower() for v in _COMMAS.split(response.get("Vary", "")) if v.strip()}
    return vary <= HARMLESS_VARY


def _keep(response, changed_at: datetime.datetime | None) -> dict:
    """Add the caching headers to a page about to be kept, and return what the cache keeps of it."""
    if "Cache-Control" not in response:
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
    # The page is the same for anyone without a session; an editor's browser must not be given it.
    patch_vary_headers(response, ("Cookie",))
    etag = '"' + hashlib.blake2b(response.content, digest_size=16).hexdigest() + '"'
    # The page may have changed with the data, the day ("on this day") or the release, whichever was last.
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    times = [midnight.timestamp(), code_version()[1]]
    if changed_at is not None:
        times.append(changed_at.timestamp())
    last_modified = int(max(times))
    response.headers.setdefault("ETag", etag)
    response.headers.setdefault("Last-Modified", http_date(last_modified))
    return {
        "content": response.content,
        "headers": list(response.headers.items()),
        "etag": response["ETag"],
        "last_modified": last_modified,
    }
