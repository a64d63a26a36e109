"""demo: a working archive on this machine in one command, with sample data and an editor account.

Runs migrate, load_seed and load_sample_data, gives the staff accounts "editor" and "reviewer" (in the
groups of those names, editorial/migrations/0002_roles.py) new random passwords (printed once, stored
only hashed) and each a single-use link to set up an authenticator app, which the admin asks a code of
(accounts/), then serves the site. For local demonstrations only: it refuses unless DEBUG or
ALLOW_SAMPLE_DATA.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.models import Enrolment

# The demo's accounts, each in the group of the same name: an editor writes, a reviewer publishes.
ACCOUNTS = ("editor", "reviewer")


class Command(BaseCommand):
    help = "Set up a local demo (migrate, seed, sample data, an editor account) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument(
            "--no-serve", action="store_true", help="Set everything up, but do not start a server."
        )

    def handle(self, *args, port: int, no_serve: bool, **options):
        if not (settings.DEBUG or settings.ALLOW_SAMPLE_DATA):
            raise CommandError(
                "demo loads fictional sample data and resets an editor's password: "
                "it runs only with DEBUG=1 or ALLOW_SAMPLE_DATA=1, never in production."
            )
        output = {"stdout": self.stdout, "stderr": self.stderr, "verbosity": options["verbosity"]}
        call_command("migrate", interactive=False, **output)
        call_command("load_seed", **output)
        call_command("load_sample_data", **output)
        passwords = {name: self.reset_account(name) for name in ACCOUNTS}
        # The links point at this demo's own server, whatever SITE_URL says.
        links = {name: Enrolment.issue(user=User.objects.get(username=name))[1] for name in ACCOUNTS}

        site = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        self.stdout.write(f"  Site:     {site}\n  Admin:    {site}admin/")
        for name, password in passwords.items():
            link = site + reverse("accounts:enrol").lstrip("/") + f"?token={links[name]}"
            self.stdout.write(f"  User:     {name}\n  Password: {password}")
            self.stdout.write(
                f"  App:      {link} (once: sets up the authenticator app the admin asks a code of)"
            )
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING("DEBUG is off: run collectstatic first, or styles will be missing.")
            )
        if not no_serve:
            # The reloader would start this command again in a child process, loading everything twice.
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def reset_account(self, name: str) -> str:
        """Create or reset a staff account in the group of its name (not a superuser); return its password."""
        password = secrets.token_urlsafe(16)
        account, _created = User.objects.get_or_create(username=name)
        account.is_staff, account.is_superuser, account.is_active = True, False, True
        account.set_password(password)
        account.save()
        account.groups.set([Group.objects.get(name=name)])
        account.user_permissions.clear()
        return password
