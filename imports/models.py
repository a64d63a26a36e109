"""The external ids records were imported under, so that importing them again updates them."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedRecord(models.Model):
    """One record an import created, and the id the file gave it (its `external_id` column)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    external_id = models.CharField(
        _("external id"),
        max_length=200,
        help_text=_("The id of the record in the file it was imported from."),
    )
    first_imported_at = models.DateTimeField(_("first imported"))
    last_imported_at = models.DateTimeField(
        _("last changed by an import"),
        help_text=_("An import that finds nothing to change leaves this alone."),
    )

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "external_id"], name="importedrecord_unique_external_id"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="importedrecord_record_idx")]

    def __str__(self) -> str:
        return self.external_id
