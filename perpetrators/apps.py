from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerpetratorsConfig(AppConfig):
    name = "perpetrators"
    verbose_name = _("Perpetrators")
