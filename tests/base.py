"""The base class every test builds on: named personas, and small record factories."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from django.test import Client, TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from archive.models import Citation, Source, SourceKind, Status

APPS = ("archive", "victims", "perpetrators")


class VerifiedClient(Client):
    """A test client whose force_login also passes the second factor, as the admin's login form would.

    The account gets a confirmed authenticator device (if it has none) and the session records it, as
    django_otp.login does after a right code: tests of the admin's pages need not type codes.
    tests/accounts uses the plain Client to show that a password alone reaches no admin page.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


class BaseTestCase(TestCase):
    """Personas: an anonymous visitor (self.client), an editor and a reviewer (staff accounts).

    Both may do anything to the records; only the reviewer, in the "reviewer" group made by
    editorial/migrations/0002_roles.py, may publish and withdraw them or change public ones.
    self.client.force_login() logs a persona in with a verified second factor (VerifiedClient).
    """

    client_class = VerifiedClient

    @classmethod
    def setUpTestData(cls):
        editing = Permission.objects.filter(content_type__app_label__in=APPS)
        cls.editor = User.objects.create_user(
            "editor", "editor@example.org", "editor-password", is_staff=True
        )
        cls.editor.user_permissions.set(editing)
        cls.reviewer = User.objects.create_user(
            "reviewer", "reviewer@example.org", "reviewer-password", is_staff=True
        )
        cls.reviewer.user_permissions.set(editing)
        cls.editor.groups.add(Group.objects.get(name="editor"))
        cls.reviewer.groups.add(Group.objects.get(name="reviewer"))

    def make_source(self, title="Report on the 1988 massacre", status=Status.PUBLISHED, **fields) -> Source:
        fields.setdefault("kind", SourceKind.REPORT)
        return Source.objects.create(title_en=title, status=status, **fields)

    def cite(self, record, source: Source, claim="general", quote="A sentence from the source.", **fields):
        return Citation.objects.create(record=record, source=source, claim=claim, quote=quote, **fields)
