from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Evidence archive")

    def ready(self):
        from . import page_cache

        page_cache.connect()
