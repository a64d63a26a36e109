from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def register_sqlite_functions(sender, connection, **kwargs):
    """SQLite has no trigram search: give it the same typo-tolerant name match, in Python."""
    if connection.vendor == "sqlite":
        from archive.search import near_name

        connection.connection.create_function("archive_near_name", 3, near_name, deterministic=True)


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Evidence archive")

    def ready(self):
        connection_created.connect(register_sqlite_functions)
