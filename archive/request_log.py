"""One log line for every request the archive answers: its id, method, path, status and duration.

RequestLogMiddleware is the outermost middleware (settings.MIDDLEWARE), so it times and logs every
response: a static file from whitenoise, a redirect to https, the 500 page and the calm 503 of an
outage (archive/middleware.py) alike. Each request gets a random id, returned in the X-Request-ID
header so a reader who reports a problem can quote it, and carried by every other record logged while
the request is answered (archive/logging.py), so the error and its request line are found together.

The line holds no client address, user agent, referrer, cookie or query string (a search for a
relative's name sits in the query string): only the path. A staff member's user id is logged, so what
an editor did can be traced; a visitor is never identified. The line never queries the database itself:
it names the staff member only when the page already looked at who was asking, which every staff page
(the admin, drafts shown to staff) does, and it cannot fail while the database is away.

This line replaces gunicorn's access log, which gunicorn.conf.py turns off: one line a request is
enough, and this one has the request id and the staff member. A request gunicorn refuses before Django
sees it (a malformed request line, a worker timeout) is in gunicorn's error log instead. The duration
of a streamed download (CSV exports) is the time to its first byte.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from archive.logging import current_request_id

logger = logging.getLogger("archive.request")

# An id a trusted proxy may pass on (REQUEST_ID_HEADER): a uuid, hex or similar token, nothing longer.
_PROXY_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _request_id(request) -> str:
    """The proxy's id for the request when settings say the proxy sets one, else a new random one."""
    if header := settings.REQUEST_ID_HEADER:
        incoming = request.headers.get(header, "")
        if _PROXY_ID.fullmatch(incoming):
            return incoming
    return uuid.uuid4().hex


def _staff_id(request) -> int | None:
    """The staff member's user id, if the page already loaded who was asking; None for anyone else."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None  # loading the user here would query the database, which may be down
    return user.pk if user.is_staff else None


class RequestLogMiddleware:
    """Gives the request its id, answers with it in X-Request-ID, and logs the request's line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _request_id(request)
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            method, path = (request.method or "")[:20], request.path[:500]
            logger.info(
                "%s %s %s %sms",
                method,
                path,
                response.status_code,
                duration_ms,
                extra={
                    "method": method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": _staff_id(request),
                },
            )
            return response
        finally:
            current_request_id.reset(token)
