"""Enrolment links for a staff member's authenticator app, and the sessions each account has open."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class EnrolmentQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Enrolment(models.Model):
    """A single-use, short-lived link with which one staff member sets up an authenticator app.

    A password alone never enrols a device: whoever holds a phished password would otherwise enrol their
    own. A verified administrator issues the link (or `manage.py enrol_staff`, for the first one), sends it
    to the person by another channel, and the person confirms with their password and a first code. Only a
    digest of the token is kept, so a copy of the database cannot enrol anyone.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("staff account"),
        help_text=_("The account that will set up an authenticator app with this link."),
    )
    device = models.OneToOneField(TOTPDevice, on_delete=models.CASCADE, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    used_at = models.DateTimeField(_("used"), null=True, blank=True, editable=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment link")
        verbose_name_plural = _("enrolment links")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.user)

    def prepare(self, *, issued_by=None) -> str:
        """Give this (unsaved) enrolment a new token and an unconfirmed device; return the token, once."""
        token = secrets.token_urlsafe(32)
        self.token_digest = token_digest(token)
        self.device = TOTPDevice.objects.create(user=self.user, name="authenticator app", confirmed=False)
        self.issued_by = issued_by
        self.expires_at = timezone.now() + timedelta(seconds=settings.ENROLMENT_LINK_SECONDS)
        return token

    @classmethod
    def issue(cls, *, user, issued_by=None) -> tuple[Enrolment, str]:
        enrolment = cls(user=user)
        token = enrolment.prepare(issued_by=issued_by)
        enrolment.save()
        return enrolment, token

    def confirm(self) -> None:
        """The person has shown a first code: the new device replaces any older one, and ends its sessions."""
        from accounts.sessions import end_sessions

        with transaction.atomic():
            TOTPDevice.objects.filter(user=self.user).exclude(pk=self.device.pk).delete()
            self.device.confirmed = True
            self.device.save(update_fields=["confirmed"])
            self.used_at = timezone.now()
            self.save(update_fields=["used_at"])
        end_sessions(self.user)

    @staticmethod
    def link(token: str) -> str:
        return f"{settings.SITE_URL}{reverse('accounts:enrol')}?token={token}"


class UserSession(models.Model):
    """A session key an account logged in with, so that deactivating the account can end its sessions.

    Django's sessions do not say whose they are without decoding every one; this small table does, for the
    database and the cache session backends alike. Rows are added at login and removed at logout.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
