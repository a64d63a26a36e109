"""demo: migrate, seed, sample data, an editor account with a fresh password; refused outside development."""

from __future__ import annotations

import re
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from archive.models import Event
from victims.models import Victim


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


@override_settings(DEBUG=False, ALLOW_SAMPLE_DATA=True)
class DemoTestCase(TestCase):
    def test_it_loads_the_seed_and_the_sample_data(self):
        demo()
        self.assertTrue(Event.objects.filter(slug="1988-massacre").exists())
        self.assertEqual(Victim.objects.filter(is_sample=True).count(), 400)

    def test_it_prints_the_addresses_and_credentials_that_log_in(self):
        output = demo("--port", "8123")
        self.assertIn("http://127.0.0.1:8123/", output)
        self.assertIn("http://127.0.0.1:8123/admin/", output)
        password = re.search(r"Password: (\S+)", output)[1]
        self.assertTrue(self.client.login(username="editor", password=password))

    def test_the_editor_and_the_reviewer_have_their_roles_and_neither_is_superuser(self):
        output = demo()
        editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
        for account in (editor, reviewer):
            self.assertTrue(account.is_staff)
            self.assertFalse(account.is_superuser)
            self.assertTrue(account.has_perm("victims.change_victim"))
            self.assertTrue(account.has_perm("archive.add_citation"))
            self.assertFalse(account.has_perm("auth.add_user"))
        self.assertFalse(editor.has_perm("editorial.publish_records"))
        self.assertTrue(reviewer.has_perm("editorial.publish_records"))
        self.assertTrue(reviewer.has_perm("perpetrators.delete_perpetrator"))
        reviewer_password = re.findall(r"Password: (\S+)", output)[1]
        self.assertTrue(self.client.login(username="reviewer", password=reviewer_password))

    def test_running_it_again_resets_the_editors_password(self):
        first = re.search(r"Password: (\S+)", demo())[1]
        second = re.search(r"Password: (\S+)", demo())[1]
        self.assertNotEqual(first, second)
        self.assertFalse(self.client.login(username="editor", password=first))
        self.assertTrue(self.client.login(username="editor", password=second))
        self.assertEqual(User.objects.filter(username="editor").count(), 1)


class DemoRefusalTestCase(TestCase):
    @override_settings(DEBUG=False, ALLOW_SAMPLE_DATA=False)
    def test_it_refuses_outside_development(self):
        with self.assertRaisesMessage(CommandError, "DEBUG=1 or ALLOW_SAMPLE_DATA=1"):
            demo()
        self.assertFalse(User.objects.filter(username="editor").exists())
