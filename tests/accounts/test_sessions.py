"""Sessions end when idle, after a fixed time, and when the account is deactivated."""

from __future__ import annotations

import time

from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import UserSession
from accounts.sessions import LAST_SEEN, STARTED, end_sessions
from tests.accounts.support import PASSWORD, AccountsTestCase, current_code
from tests.admin.support import form_data
from tests.base import VerifiedClient


class IdleTest(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.log_in()

    def age(self, key, seconds):
        session = self.client.session
        session[key] = int(time.time()) - seconds
        session.save()

    @override_settings(SESSION_IDLE_SECONDS=1800)
    def test_a_session_idle_for_longer_than_the_limit_is_logged_out(self):
        key = self.client.session.session_key
        self.age(LAST_SEEN, 1801)
        response = self.client.get("/admin/", follow=True)
        self.assertRedirects(response, "/admin/login/?next=/admin/")
        self.assertContains(response, "You were logged out after 30 minutes without activity.")
        self.assertFalse(SessionStore().exists(key))
        self.assertFalse(UserSession.objects.filter(session_key=key).exists())

    @override_settings(SESSION_IDLE_SECONDS=1800)
    def test_a_session_used_within_the_limit_goes_on(self):
        self.age(LAST_SEEN, 1700)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertGreater(self.client.session[LAST_SEEN], int(time.time()) - 60)

    @override_settings(SESSION_COOKIE_AGE=8 * 3600)
    def test_a_busy_session_still_ends_a_fixed_time_after_login(self):
        self.age(STARTED, 8 * 3600 + 1)
        response = self.client.get("/admin/", follow=True)
        self.assertRedirects(response, "/admin/login/?next=/admin/")
        self.assertContains(response, "Your session has ended. Please log in again.")

    def test_a_reader_without_a_session_cookie_gets_no_session(self):
        reader = self.client_class()
        response = reader.get("/")
        self.assertNotIn("sessionid", response.cookies)


class DeactivationTest(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.log_in()
        self.key = self.client.session.session_key

    def assert_logged_out(self):
        self.assertFalse(SessionStore().exists(self.key))
        self.assertRedirects(self.client.get("/admin/"), "/admin/login/?next=/admin/")

    def test_a_login_records_whose_session_it_is(self):
        self.assertEqual(UserSession.objects.get(session_key=self.key).user, self.editor)

    def test_logging_out_forgets_the_session(self):
        self.client.post("/admin/logout/")
        self.assertFalse(UserSession.objects.filter(session_key=self.key).exists())

    def test_deactivating_the_account_in_code_ends_its_sessions(self):
        self.editor.is_active = False
        self.editor.save()
        self.assert_logged_out()

    def test_deactivating_the_account_in_the_admin_ends_its_sessions(self):
        admin = User.objects.create_superuser("admin", "admin@example.org", "admin password 1")
        administrator = VerifiedClient()
        administrator.force_login(admin)
        url = f"/admin/auth/user/{self.editor.pk}/change/"
        data = form_data(administrator.get(url))
        data.pop("is_active", None)
        for field in ("date_joined", "last_login"):  # split into a date and a time on the page
            day, moment = data.pop(field)[:19].split("T")
            data |= {f"{field}_0": day, f"{field}_1": moment}
        self.assertEqual(administrator.post(url, data).status_code, 302)
        self.assertFalse(User.objects.get(pk=self.editor.pk).is_active)
        self.assert_logged_out()
        self.assertEqual(administrator.get("/admin/").status_code, 200)

    def test_a_password_change_keeps_the_new_session_key_recorded(self):
        response = self.client.post(
            "/admin/password_change/",
            {
                "old_password": PASSWORD,
                "new_password1": "another long password",
                "new_password2": "another long password",
            },
        )
        self.assertEqual(response.status_code, 302)
        new_key = self.client.session.session_key
        self.assertNotEqual(new_key, self.key)
        self.assertEqual(UserSession.objects.get(session_key=new_key).user, self.editor)
        self.key = new_key
        self.editor.refresh_from_db()
        self.editor.is_active = False
        self.editor.save()
        self.assert_logged_out()

    def test_saving_an_active_account_leaves_its_sessions_alone(self):
        self.editor.first_name = "Maryam"
        self.editor.save()
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_end_sessions_ends_every_session_of_the_account(self):
        other = self.client_class()
        spare = TOTPDevice.objects.create(user=self.editor, name="spare", confirmed=True)
        self.log_in(client=other, code=current_code(spare))
        self.assertEqual(end_sessions(self.editor), 2)
        self.assert_logged_out()
        self.assertEqual(other.get("/admin/").status_code, 302)
