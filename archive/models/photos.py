"""Photographs of people, each credited and, where possible, sourced."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Photo(models.Model):
    """Abstract: victims and perpetrators each keep their own photographs."""

    image = models.ImageField(_("image"))
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    caption_fa = models.CharField(_("caption (Persian)"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    source = models.ForeignKey(
        "archive.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The document this photograph comes from, if any."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption_en or self.caption_fa or self.image.name
