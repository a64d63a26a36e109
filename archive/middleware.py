"""The archive's own middleware: Onion-Location, pointing readers on Tor to the onion service."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost


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
