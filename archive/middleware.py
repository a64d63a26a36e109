"""The archive's own middleware: Onion-Location, pointing readers on Tor to the onion service, a calm
503 while the database is unreachable, and the Permissions-Policy header Django has no setting for."""

from __future__ import annotations

import logging
import sys
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext


class OnionLocationMiddleware:
    """Adds `Onion-Location: <onion address><path and query>` to HTML pages when ONION_LOCATION is set.

    Tor Browser then offers the same page on the onion service, which keeps the reader inside Tor.
    Pages already served on the onion host do not carry it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        onion = settings.ONION_LOCATION
        if not onion or not response.get("Content-Type", "").startswith("text/html"):
            return response
        try:
            host = request.get_host()
        except DisallowedHost:
            return response  # not a page of this site
        if urlsplit(f"//{host}").hostname != urlsplit(onion).hostname:
            response["Onion-Location"] = onion + request.get_full_path()
        return response


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy: camera=(), microphone=(), …` from settings.PERMISSIONS_POLICY to every response.

    The archive uses none of the browser's powerful features; denying them all means a script that
    somehow got onto a page still cannot turn on a camera, ask where the reader is, or join an
    advertising cohort. A feature mapped to an empty list is denied everywhere; a list of origins
    ("self", or quoted addresses) allows those. A response that sets the header itself keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.PERMISSIONS_POLICY
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(
                f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
            )
        return response


# The errors a database that is down, restarting or unreachable raises, whatever the driver.
DATABASE_DOWN: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
try:
    import psycopg
except ImportError:  # pragma: no cover - SQLite-only installs
    pass
else:
    DATABASE_DOWN += (psycopg.OperationalError, psycopg.InterfaceError)

logger = logging.getLogger("archive.outage")


def database_unavailable(request) -> HttpResponse:
    """The calm 503 page, made without the database: no context processors, no session, no user.

    The language comes from the address (/fa/… is Persian), since LocaleMiddleware may not have run.
    The API answers in its own JSON error format instead of a page.
    """
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            message = gettext("The archive's database is not answering. Please try again in a few minutes.")
            response = JsonResponse(
                {"error": {"code": "unavailable", "message": message, "fields": {}}}, status=503
            )
        else:
            page = render_to_string("503.html", {"path": request.get_full_path()})
            response = HttpResponse(page, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    # The method and path only: never the visitor's address, nor the query string.
    logger.warning("database unavailable: %s %s answered 503", request.method, request.path)
    return response


def _remember_database_errors(sender, request=None, **kwargs):
    """Marks a request whose uncaught exception was the database going away (see the middleware below)."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_DOWN):
        request._database_unavailable = True


got_request_exception.connect(_remember_database_errors, dispatch_uid="archive.database_unavailable")


class DatabaseUnavailableMiddleware:
    """Answers 503, Retry-After and a calm page when the database cannot be reached; never a 500.

    A view (or the template it renders, or request.user loaded from the session) that meets the
    error is caught in process_exception. An error raised in another middleware below this one has
    already been turned into a 500 by Django; the got_request_exception signal marks the request,
    and that 500 is replaced here. Nothing is kept between requests: the next request tries the
    database again, so the site comes back by itself when the database does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_DOWN:
            return database_unavailable(request)
        if response.status_code == 500 and getattr(request, "_database_unavailable", False):
            return database_unavailable(request)
        if response.streaming:
            # A streamed export queries as it is sent, after its 200 has gone out: make sure the
            # database answers first, so an outage is a 503 rather than a cut-off download.
            try:
                connection.ensure_connection()
            except DATABASE_DOWN:
                return database_unavailable(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return database_unavailable(request)
        return None
