"""enrol_staff: print a single-use link with which a staff account sets up its authenticator app.

For the first superuser, who has nobody to issue one in the admin: `createsuperuser`, then this. After
that, verified administrators issue links in the admin (Staff accounts › Enrolment links).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Enrolment


class Command(BaseCommand):
    help = "Print a single-use enrolment link for a staff account's authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not (user.is_staff and user.is_active):
            raise CommandError(f"{username!r} is not an active staff account.")
        enrolment, token = Enrolment.issue(user=user)
        hours = settings.ENROLMENT_LINK_SECONDS / 3600
        self.stdout.write(f"Enrolment link for {username} (single use, valid {hours:g} hours):")
        self.stdout.write(Enrolment.link(token))
