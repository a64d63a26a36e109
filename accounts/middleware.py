"""Staff sessions end after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE after login.

Django's own expiry slides: every save of the session pushes it back. This middleware keeps two times in
the session, when it began and when it was last used, and logs the person out when either is too old.
It looks only at requests that carry a session cookie, so public pages stay as they are for readers.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import gettext as _

from accounts.sessions import LAST_SEEN, STARTED, record_session
from archive.middleware import DATABASE_DOWN, database_unavailable

# Seconds between writes of LAST_SEEN: the idle limit is kept to within this, without a write per request.
RESOLUTION = 60


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = None
        try:
            if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
                key = request.session.session_key
                self.check(request)
        except DATABASE_DOWN:
            # The session lives in the database: the same calm 503 as a view that meets the outage gives.
            return database_unavailable(request)
        response = self.get_response(request)
        if key and SESSION_KEY in request.session and request.session.session_key not in (None, key):
            # The key changed after login (a password change does that): whose it is, is recorded again.
            record_session(user_id=request.session[SESSION_KEY], session_key=request.session.session_key)
        return response

    def check(self, request):
        now = int(time.time())
        session = request.session
        started, last_seen = session.get(STARTED, now), session.get(LAST_SEEN, now)
        if now - last_seen > settings.SESSION_IDLE_SECONDS:
            logout(request)
            minutes = settings.SESSION_IDLE_SECONDS // 60
            messages.info(
                request,
                _("You were logged out after %(minutes)s minutes without activity.") % {"minutes": minutes},
            )
        elif now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
        else:
            if STARTED not in session:
                session[STARTED] = now
            if now - last_seen >= RESOLUTION or LAST_SEEN not in session:
                session[LAST_SEEN] = now
