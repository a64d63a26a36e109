"""Failed logins lock one (username, client) pair, not the account; a looser cap holds per client."""

from __future__ import annotations

from django.core.cache import cache
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.support import PASSWORD, AccountsTestCase, current_code

ATTACKER, EDITOR = "203.0.113.66", "198.51.100.7"


class PairThrottleTest(AccountsTestCase):
    def fail(self, times, address=ATTACKER, username="editor"):
        for _ in range(times):
            self.log_in(username=username, password="a guess", address=address)

    def test_five_failures_lock_that_username_from_that_client(self):
        self.fail(5)
        response = self.log_in(address=ATTACKER)
        self.assertContains(response, "Too many failed attempts. Please wait 15 minutes, then try again.")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_four_failures_do_not(self):
        self.fail(4)
        self.assertEqual(self.log_in(address=ATTACKER).status_code, 302)

    def test_the_same_username_from_another_client_still_logs_in(self):
        self.fail(10)
        self.assertEqual(self.log_in(address=EDITOR).status_code, 302)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_the_username_is_compared_without_case_or_spaces(self):
        self.fail(5, username=" Editor ")
        self.assertContains(self.log_in(address=ATTACKER), "Too many failed attempts")

    def test_wrong_codes_count_too(self):
        for _ in range(5):
            self.log_in(code="12345x", address=ATTACKER)
        self.assertContains(self.log_in(address=ATTACKER), "Too many failed attempts")

    def test_a_success_clears_the_pairs_failures(self):
        self.fail(4)
        self.log_in(address=ATTACKER)
        self.client.logout()
        self.fail(4)
        # The first code was used; the person's second app shows another.
        spare = TOTPDevice.objects.create(user=self.editor, name="spare", confirmed=True)
        self.assertEqual(self.log_in(code=current_code(spare), address=ATTACKER).status_code, 302)

    def test_the_counters_keep_neither_the_address_nor_the_username(self):
        self.fail(1)
        keys = " ".join(str(key) for key in cache._cache)
        self.assertTrue(keys)
        self.assertNotIn(ATTACKER, keys)
        self.assertNotIn("editor", keys)


class ClientThrottleTest(AccountsTestCase):
    @override_settings(LOGIN_CLIENT_FAILURE_LIMIT=8)
    def test_spraying_many_usernames_from_one_client_locks_that_client(self):
        for n in range(8):
            self.log_in(username=f"user{n}", password="Winter2026!", address=ATTACKER)
        self.assertContains(self.log_in(address=ATTACKER), "Too many failed attempts")
        self.assertEqual(self.log_in(address=EDITOR).status_code, 302)


@override_settings(TRUSTED_PROXY_HEADER="HTTP_X_FORWARDED_FOR")
class BehindAProxyTest(AccountsTestCase):
    def test_the_proxys_header_names_the_client(self):
        for _ in range(5):
            self.client.post(
                "/admin/login/",
                {"username": "editor", "password": "a guess", "otp_token": "123456"},
                HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}",
            )
        self.assertContains(self.log_in(address="127.0.0.1", client=self.proxied(ATTACKER)), "Too many")
        self.assertEqual(self.log_in(client=self.proxied(EDITOR)).status_code, 302)

    def proxied(self, address):
        return self.client_class(HTTP_X_FORWARDED_FOR=f"10.9.9.9, {address}")


class PersianTest(AccountsTestCase):
    def test_the_persian_login_is_throttled_the_same_way(self):
        for _ in range(5):
            self.client.post("/fa/admin/login/", {"username": "editor", "password": "x", "otp_token": "1"})
        response = self.client.post(
            "/fa/admin/login/", {"username": "editor", "password": PASSWORD, "otp_token": "123456"}
        )
        self.assertEqual(response.context["form"].errors.as_data()["__all__"][0].code, "throttled")
