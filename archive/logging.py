"""What the archive's logs may say about a request: its method and path, never who sent it.

Visitors may be families in Iran or people reading over Tor; a log line that kept their address,
their browser's user agent or what they searched for could be seized and used against them.
Django attaches the whole request to the records it logs for 4xx and 5xx responses
(`django.request`, `django.security.*`), with every header in `request.META`. The filter below,
installed on every handler in settings.LOGGING, puts a stub in its place before any handler
formats the record.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest


class RequestSummary:
    """What a log record may keep of a request: the method and the path, without the query string."""

    def __init__(self, method: str, path: str):
        self.method = method
        self.path = path

    def __repr__(self) -> str:
        return f"<request {self.method} {self.path}>"


class ForgetTheVisitor(logging.Filter):
    """Replaces the request on a log record by a RequestSummary, so no handler sees its headers."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            record.request = RequestSummary(request.method or "", request.path)
        elif request is not None and not isinstance(request, RequestSummary):
            # runserver attaches its socket, which knows the client's address.
            record.request = None
        return True
