"""Name variants: every other spelling, script and alias a record is known by."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Script(models.TextChoices):
    LATIN = "latin", _("Latin")
    PERSIAN = "persian", _("Persian")


class NameKind(models.TextChoices):
    SPELLING = "spelling", _("other spelling")
    ALIAS = "alias", _("alias or nickname")
    BIRTH_NAME = "birth_name", _("name at birth")
    TITLE = "title", _("name with title or honorific")


class NameVariant(models.Model):
    """Abstract: each record type keeps its own table of variants (victims, perpetrators, places)."""

    name = models.CharField(_("name"), max_length=200)
    script = models.CharField(_("script"), max_length=8, choices=Script.choices, default=Script.LATIN)
    kind = models.CharField(_("kind"), max_length=12, choices=NameKind.choices, default=NameKind.SPELLING)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Where this form is used, e.g. “in the JVMI list”."),
    )

    class Meta:
        abstract = True
        ordering = ["script", "name"]

    def __str__(self) -> str:
        return self.name
