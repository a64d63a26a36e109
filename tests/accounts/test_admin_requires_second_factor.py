"""No admin page opens with a password alone; the login asks for username, password and code."""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, reverse

from tests.accounts.support import PASSWORD, AccountsTestCase, current_code

OPEN_TO_ALL = {"login", "logout"}


def admin_urls():
    """A concrete URL for every named admin view, registered by Django or by any of the archive's apps."""
    found = []

    def walk(patterns, converters):
        for pattern in patterns:
            names = {
                **converters,
                **getattr(pattern.pattern, "converters", {}),
                **pattern.pattern.regex.groupindex,
            }
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, names)
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in OPEN_TO_ALL:
                kwargs = {name: "victims" if name == "app_label" else 1 for name in names}
                found.append(reverse(f"admin:{pattern.name}", kwargs=kwargs))

    walk(admin.site.get_urls(), {})
    return found


class PasswordAloneTest(AccountsTestCase):
    def test_every_admin_page_sends_a_session_without_a_second_factor_to_the_login(self):
        self.assertTrue(self.client.login(username="editor", password=PASSWORD))
        urls = admin_urls()
        self.assertIn("/admin/", urls)
        self.assertIn("/admin/victims/victim/", urls)  # a changelist
        self.assertIn("/admin/victims/victim/duplicates/", urls)  # an app's own view
        self.assertIn("/admin/password_change/", urls)  # the admin's own views
        self.assertIn("/admin/victims/", urls)
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/admin/login/"), response["Location"])

    def test_a_superuser_without_a_second_factor_is_refused_too(self):
        self.editor.is_superuser = True
        self.editor.save()
        self.client.login(username="editor", password=PASSWORD)
        self.assertRedirects(self.client.get("/admin/auth/user/"), "/admin/login/?next=/admin/auth/user/")

    def test_the_login_refuses_a_password_without_a_code(self):
        response = self.client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
        self.assertEqual(response.status_code, 200)
        self.assertIn("otp_token", response.context["form"].errors)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_login_refuses_a_wrong_code_with_the_same_message_as_a_wrong_password(self):
        wrong_code = self.log_in(code="000000" if current_code(self.device) != "000000" else "111111")
        wrong_password = self.log_in(password="not the password")
        self.assertEqual(
            wrong_code.context["form"].non_field_errors(), wrong_password.context["form"].non_field_errors()
        )
        self.assertContains(wrong_code, "do not match a staff account")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_staff_member_with_no_device_cannot_log_in(self):
        self.device.delete()
        response = self.log_in(code="123456")
        self.assertContains(response, "do not match a staff account")
        self.assertEqual(self.client.get("/admin/").status_code, 302)

    def test_the_login_page_asks_for_the_code_in_both_languages(self):
        for url in ("/admin/login/", "/fa/admin/login/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, 'name="otp_token"')
                self.assertContains(response, 'autocomplete="one-time-code"')


class SecondFactorTest(AccountsTestCase):
    def test_username_password_and_code_open_the_admin(self):
        response = self.log_in()
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertEqual(self.client.get("/admin/password_change/").status_code, 200)

    def test_a_code_that_was_used_is_refused(self):
        code = current_code(self.device)
        self.assertEqual(self.log_in(code=code).status_code, 302)
        self.client.logout()
        response = self.log_in(code=code)
        self.assertContains(response, "do not match a staff account")
        self.assertEqual(self.client.get("/admin/").status_code, 302)

    def test_a_used_code_is_refused_from_another_browser_too(self):
        code = current_code(self.device)
        self.log_in(code=code)
        other = self.client_class()
        self.assertContains(self.log_in(code=code, client=other), "do not match a staff account")
        self.assertEqual(other.get("/admin/").status_code, 302)

    def test_logging_in_gives_a_new_session_key_and_drops_the_old_one(self):
        session = self.client.session
        session["language_seen"] = True
        session.save()
        before = session.session_key
        self.log_in()
        after = self.client.session.session_key
        self.assertNotEqual(before, after)
        self.assertFalse(session.exists(before))
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_an_inactive_staff_member_cannot_log_in_even_with_a_right_code(self):
        self.editor.is_active = False
        self.editor.save()
        self.assertContains(self.log_in(), "do not match a staff account")
