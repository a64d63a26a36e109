"""What the archive's logs may say about a request: its id, method, path, status and duration, never who sent it.

Visitors may be families in Iran or people reading over Tor; a log line that kept their address,
their browser's user agent or what they searched for could be seized and used against them.
Django attaches the whole request to the records it logs for 4xx and 5xx responses
(`django.request`, `django.security.*`), with every header in `request.META`. ForgetTheVisitor,
installed on every handler in settings.LOGGING, puts a stub in its place before any handler
formats the record.

Every record logged while a request is answered carries that request's id (archive/request_log.py
sets it), so an error and the request line it belongs to can be found together. JsonFormatter writes
one JSON object a line (settings.LOG_FORMAT), with a fixed list of fields: nothing a record happens to
carry reaches the log unless it is named here.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest

# The id of the request being answered in this thread, set by archive.request_log.RequestLogMiddleware.
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)

# What a record's `extra` may add to a JSON line: the request line's fields (archive/request_log.py).
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "user_id")


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


class RequestId(logging.Filter):
    """Gives a record the id of the request being answered when it was logged, "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the request id, the request line's fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        if request_id and request_id != "-":
            line["request_id"] = request_id
        for name in EXTRA_FIELDS:
            if getattr(record, name, None) is not None:
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str)
