"""Citations: the link from a claim on any record to the source that supports it."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .publication import Status


class Confidence(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class CitationQuerySet(models.QuerySet):
    def for_records(self, records):
        """Citations of several records (of any types) in one query, with their sources."""
        ids_by_type = defaultdict(list)
        for record in records:
            ids_by_type[ContentType.objects.get_for_model(record)].append(record.pk)
        if not ids_by_type:
            return self.none()
        condition = Q()
        for content_type, ids in ids_by_type.items():
            condition |= Q(content_type=content_type, object_id__in=ids)
        return self.filter(condition).select_related("source")

    def with_records(self):
        """Citations with their sources and the records they support, with what those records' names and
        addresses are made of (a position's perpetrator, an estimate's event), in one query per record type."""
        get = apps.get_model
        return self.select_related("content_type", "source").prefetch_related(
            GenericPrefetch(
                "record",
                [
                    get("victims", "Victim").objects.all(),
                    get("victims", "PerpetratorLink").objects.select_related(
                        "victim", "perpetrator", "organization"
                    ),
                    get("perpetrators", "Perpetrator").objects.all(),
                    get("perpetrators", "Position").objects.select_related("perpetrator", "organization"),
                    get("archive", "Organization").objects.all(),
                    get("archive", "Event").objects.all(),
                    get("archive", "Estimate").objects.select_related("event"),
                    get("archive", "Place").objects.all(),
                    get("archive", "Source").objects.all(),
                ],
            )
        )

    def with_public_sources(self):
        """A citation to an unpublished or restricted source is an editor's note, not a public footnote.

        The same rule as SourceQuerySet.published(), written on the join so it costs no subquery."""
        return self.filter(source__status=Status.PUBLISHED, source__restricted=False)


class Citation(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    claim = models.CharField(
        _("claim"),
        max_length=40,
        default="general",
        help_text=_("Which fact on the record this source supports."),
    )
    source = models.ForeignKey(
        "archive.Source", verbose_name=_("source"), on_delete=models.PROTECT, related_name="cited_by"
    )
    locator = models.CharField(
        _("locator"),
        max_length=200,
        blank=True,
        help_text=_("Page, paragraph or timestamp: “p. 112”, “para. 4”, “00:14:32”."),
    )
    quote = models.TextField(
        _("quote"), blank=True, help_text=_("The words in the source that support the claim.")
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Shown to readers: how the source supports the claim.")
    )
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_record_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(locator="", quote=""),
                name="citation_has_locator_or_quote",
                violation_error_message=_("Give a locator (page, paragraph, timestamp) or a quote, or both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} — {self.locator or self.quote[:60]}"

    def clean(self):
        super().clean()
        model = self.content_type.model_class() if self.content_type_id else None
        claims = dict(getattr(model, "CLAIMS", []))
        if model is not None and self.claim not in claims:
            raise ValidationError(
                {"claim": _("“%(claim)s” is not a claim this record makes.") % {"claim": self.claim}}
            )

    @property
    def claim_label(self) -> str:
        model = self.content_type.model_class()
        return str(dict(getattr(model, "CLAIMS", [])).get(self.claim, self.claim))
