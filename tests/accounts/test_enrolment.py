"""An authenticator app is set up only through a single-use, short-lived link an administrator issued."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Enrolment, token_digest
from tests.accounts.support import PASSWORD, AccountsTestCase, current_code
from tests.base import VerifiedClient


class EnrolmentTestCase(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.newcomer = User.objects.create_user("newcomer", "n@example.org", PASSWORD, is_staff=True)

    def issue(self, user=None):
        enrolment, token = Enrolment.issue(user=user or self.newcomer)
        return enrolment, f"/accounts/enrol/?token={token}"

    def enrol(self, url, enrolment, password=PASSWORD, code=None):
        code = current_code(enrolment.device) if code is None else code
        return self.client.post(url, {"password": password, "otp_token": code}, REMOTE_ADDR="192.0.2.20")


class EnrolPageTest(EnrolmentTestCase):
    def test_the_page_shows_the_key_and_a_qr_code_without_inline_styles(self):
        enrolment, url = self.issue()
        response = self.client.get(url)
        self.assertContains(response, "newcomer")
        self.assertContains(response, 'src="data:image/svg+xml')
        self.assertNotContains(response, "style=")
        self.assertNotContains(response, "<script>")
        self.assertIn("no-store", response["Cache-Control"])
        key = response.context["secret"].replace(" ", "")
        self.assertEqual(len(key), 32)
        self.assertFalse(TOTPDevice.objects.get(pk=enrolment.device.pk).confirmed)

    def test_it_works_in_persian(self):
        _enrolment, url = self.issue()
        response = self.client.get("/fa" + url)
        self.assertContains(response, 'dir="rtl"')
        self.assertContains(response, 'name="otp_token"')

    def test_the_password_and_a_first_code_confirm_the_app_and_then_the_admin_opens(self):
        enrolment, url = self.issue()
        self.assertContains(self.enrol(url, enrolment), "Your authenticator app is set up")
        self.assertTrue(TOTPDevice.objects.get(pk=enrolment.device.pk).confirmed)
        # Thirty seconds later, the app shows a new code.
        TOTPDevice.objects.filter(pk=enrolment.device.pk).update(last_t=-1)
        self.device = enrolment.device
        self.assertEqual(self.log_in(username="newcomer").status_code, 302)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_a_wrong_password_or_code_confirms_nothing(self):
        enrolment, url = self.issue()
        self.assertContains(self.enrol(url, enrolment, password="phished? no"), "do not match")
        self.assertContains(self.enrol(url, enrolment, code="000000x"), "do not match")
        self.assertFalse(TOTPDevice.objects.get(pk=enrolment.device.pk).confirmed)
        self.assertIsNone(Enrolment.objects.get(pk=enrolment.pk).used_at)

    def test_a_link_works_once(self):
        enrolment, url = self.issue()
        self.enrol(url, enrolment)
        self.assertContains(self.client.get(url), "This link no longer works", status_code=404)

    def test_a_link_expires(self):
        enrolment, url = self.issue()
        Enrolment.objects.filter(pk=enrolment.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.enrol(url, enrolment).status_code, 404)

    def test_an_unknown_token_finds_nothing(self):
        self.assertEqual(self.client.get("/accounts/enrol/?token=made-up").status_code, 404)
        self.assertEqual(self.client.get("/accounts/enrol/").status_code, 404)

    def test_only_a_digest_of_the_token_is_stored(self):
        enrolment, url = self.issue()
        token = url.split("=")[-1]
        self.assertNotEqual(enrolment.token_digest, token)
        self.assertEqual(enrolment.token_digest, token_digest(token))

    def test_a_new_app_replaces_the_old_one_and_ends_the_accounts_sessions(self):
        self.log_in()
        enrolment, url = self.issue(self.editor)
        other = self.client_class()
        other.post(url, {"password": PASSWORD, "otp_token": current_code(enrolment.device)})
        self.assertFalse(TOTPDevice.objects.filter(pk=self.device.pk).exists())
        self.assertEqual(self.client.get("/admin/").status_code, 302)

    @override_settings(LOGIN_FAILURE_LIMIT=3)
    def test_wrong_passwords_on_the_page_are_throttled(self):
        enrolment, url = self.issue()
        for _ in range(3):
            self.enrol(url, enrolment, password="a guess")
        self.assertContains(self.enrol(url, enrolment), "Too many failed attempts")


class IssuingTest(EnrolmentTestCase):
    def test_a_verified_superuser_issues_a_link_in_the_admin_and_sees_it_once(self):
        admin = User.objects.create_superuser("admin", "admin@example.org", "admin password 1")
        administrator = VerifiedClient()
        administrator.force_login(admin)
        response = administrator.post("/admin/accounts/enrolment/add/", {"user": self.newcomer.pk})
        self.assertEqual(response.status_code, 200)
        link = re.search(r"http://\S+/accounts/enrol/\?token=[\w-]+", response.content.decode())[0]
        self.assertIn("no-store", response["Cache-Control"])
        enrolment = Enrolment.objects.get()
        self.assertEqual((enrolment.user, enrolment.issued_by), (self.newcomer, admin))
        self.assertEqual(self.client.get(link.removeprefix("http://127.0.0.1:8000")).status_code, 200)
        listing = administrator.get("/admin/accounts/enrolment/")
        self.assertContains(listing, "newcomer")
        self.assertNotContains(listing, link)

    def test_an_editor_cannot_issue_links(self):
        editor = VerifiedClient()
        editor.force_login(self.editor)
        self.assertEqual(editor.get("/admin/accounts/enrolment/add/").status_code, 403)

    def test_the_command_prints_a_link_for_the_first_superuser(self):
        User.objects.create_superuser("first", "first@example.org", "first password 1")
        out = StringIO()
        call_command("enrol_staff", "first", stdout=out)
        path = re.search(r"http://127\.0\.0\.1:8000(/accounts/enrol/\?token=[\w-]+)", out.getvalue())[1]
        self.assertContains(self.client.get(path), "first")

    def test_the_command_refuses_an_account_that_is_not_staff(self):
        User.objects.create_user("reader", "r@example.org", "reader password 1")
        with self.assertRaisesMessage(CommandError, "not an active staff account"):
            call_command("enrol_staff", "reader", stdout=StringIO())


@override_settings(DEBUG=False, ALLOW_SAMPLE_DATA=True)
class DemoTest(AccountsTestCase):
    def test_the_demo_prints_a_link_with_which_the_editor_reaches_the_admin(self):
        out = StringIO()
        call_command("demo", "--no-serve", "--port", "8123", stdout=out)
        output = out.getvalue()
        password = re.search(r"Password: (\S+)", output)[1]
        path = re.search(r"App: +http://127\.0\.0\.1:8123(/accounts/enrol/\?token=[\w-]+)", output)[1]
        enrolment = Enrolment.objects.get(user__username="editor")
        self.client.post(path, {"password": password, "otp_token": current_code(enrolment.device)})
        self.client.logout()
        TOTPDevice.objects.filter(pk=enrolment.device.pk).update(last_t=-1)  # thirty seconds later
        self.device = enrolment.device
        editor = User.objects.get(username="editor")
        self.assertEqual(self.log_in(username=editor.username, password=password).status_code, 302)
        self.assertEqual(self.client.get("/admin/victims/victim/").status_code, 200)
