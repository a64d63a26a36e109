from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from accounts import sessions

        sessions.connect()


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with an admin site that asks every staff member for a second factor (accounts/sites.py).

    Installed in place of "django.contrib.admin", so `admin.site`, which every app registers its models on,
    is that site: no page of the admin, whoever registered it, can be reached with a password alone.
    """

    default = False  # "accounts" itself is AccountsConfig; this one is named in INSTALLED_APPS
    default_site = "accounts.sites.ArchiveAdminSite"
