"""Staff accounts with an authenticator device, codes as the app would show them, and the admin's login."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, TestCase
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long staff password"


def current_code(device: TOTPDevice) -> str:
    """The code the person's app shows now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


class AccountsTestCase(TestCase):
    """The plain test client (no second factor given for free), an enrolled editor, and an empty cache."""

    client_class = Client

    def setUp(self):
        cache.clear()
        self.addCleanup(cache.clear)
        self.editor = User.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
        self.device = TOTPDevice.objects.create(user=self.editor, name="phone", confirmed=True)

    def log_in(self, username="editor", password=PASSWORD, code=None, client=None, address="192.0.2.10"):
        client = client or self.client
        if code is None:
            code = current_code(self.device)
        data = {"username": username, "password": password, "otp_token": code, "next": "/admin/"}
        return client.post("/admin/login/", data, REMOTE_ADDR=address)
