from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("editorial workflow")

    def ready(self):
        from . import history

        history.connect_signals()
