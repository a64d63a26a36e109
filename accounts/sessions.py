"""Whose sessions are whose: recorded at login, so that deactivating an account ends every one of them.

A key that changes while logged in (Django's password change cycles it) is recorded again by
accounts/middleware.py. Deactivation is caught on the user's post_save, whether it comes from the admin or
from code that saves the user; a bulk `User.objects.update(is_active=False)` sends no signal, so call
`end_sessions` after one.
Django itself already refuses an inactive user's session on the next request (ModelBackend), but only while
that backend is the one in use: deleting the sessions does not depend on it.
"""

from __future__ import annotations

import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save

from accounts.models import UserSession

STARTED, LAST_SEEN = "accounts.started", "accounts.last_seen"


def start_session(session) -> None:
    """Stamp a session at login with the times accounts/middleware.py measures its age and idleness from."""
    session[STARTED] = session[LAST_SEEN] = int(time.time())


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def record_session(*, user_id, session_key: str) -> None:
    """Remember that this session is the user's, and forget the user's sessions that have since expired."""
    store = session_store()
    for stale in UserSession.objects.filter(user_id=user_id).exclude(session_key=session_key):
        if not store().exists(stale.session_key):
            stale.delete()
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user_id": user_id})


def end_sessions(user) -> int:
    """Delete every session the user logged in with; return how many there were."""
    rows = list(UserSession.objects.filter(user=user))
    for row in rows:
        session_store()(session_key=row.session_key).delete()
    UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def _logged_in(sender, request, user, **kwargs):
    start_session(request.session)
    if request.session.session_key:
        record_session(user_id=user.pk, session_key=request.session.session_key)


def _logged_out(sender, request, user, **kwargs):
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


def _user_saved(sender, instance, **kwargs):
    if not instance.is_active:
        end_sessions(instance)


def connect():
    user_logged_in.connect(_logged_in, dispatch_uid="accounts.record_session")
    user_logged_out.connect(_logged_out, dispatch_uid="accounts.forget_session")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="accounts.end_sessions")
