"""Events (the 1988 massacre, the November 2019 protests) and the competing estimates of what happened."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.dates import FuzzyDateAccessor, FuzzyDatesMixin, fuzzy_date_constraints, fuzzy_date_fields

from .publication import BilingualName, Publishable, SluggedRecord, has_a_name


class Event(FuzzyDatesMixin, Publishable, SluggedRecord, BilingualName):
    start_text, start_calendar, start_precision, start_earliest, start_latest = fuzzy_date_fields(_("start"))
    end_text, end_calendar, end_precision, end_earliest, end_latest = fuzzy_date_fields(_("end"))
    start_date = FuzzyDateAccessor("start")
    end_date = FuzzyDateAccessor("end")
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fa = models.TextField(_("description (Persian)"), blank=True)
    places = models.ManyToManyField(
        "archive.Place", verbose_name=_("places"), blank=True, related_name="events"
    )
    citations = GenericRelation("archive.Citation")

    CLAIMS = [
        ("general", _("the record as a whole")),
        ("name", _("name")),
        ("start", _("start")),
        ("end", _("end")),
        ("description", _("description")),
        ("places", _("places")),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start_earliest", "name_en"]
        constraints = [
            has_a_name("event"),
            *fuzzy_date_constraints("event", "start"),
            *fuzzy_date_constraints("event", "end"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("event_detail", args=[self.slug])


class Estimate(models.Model):
    """One source's count of something about an event. Competing estimates sit side by side."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="estimates"
    )
    counted_en = models.CharField(
        _("what is counted (English)"), max_length=200, help_text=_("e.g. “political prisoners executed”.")
    )
    counted_fa = models.CharField(_("what is counted (Persian)"), max_length=200, blank=True)
    count_text = models.CharField(
        _("count as the source words it"),
        max_length=100,
        help_text=_("e.g. “more than 30,000”, “at least 304”."),
    )
    count_low = models.PositiveIntegerField(_("lowest number"), null=True, blank=True)
    count_high = models.PositiveIntegerField(
        _("highest number"), null=True, blank=True, help_text=_("Empty when the source gives only a floor.")
    )
    estimated_by = models.CharField(
        _("estimated by"), max_length=200, help_text=_("Who makes the estimate, as the source attributes it.")
    )
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    citations = GenericRelation("archive.Citation")

    CLAIMS = [("general", _("the estimate")), ("count", _("count")), ("estimated_by", _("who estimates"))]

    class Meta:
        verbose_name = _("estimate")
        verbose_name_plural = _("estimates")
        ordering = ["event", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count_low__isnull=False) | Q(count_high__isnull=False),
                name="estimate_has_a_number",
            ),
            models.CheckConstraint(
                condition=Q(count_low__isnull=True)
                | Q(count_high__isnull=True)
                | Q(count_low__lte=models.F("count_high")),
                name="estimate_low_lte_high",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count_text} {self.counted_en} ({self.estimated_by})"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url() + f"#estimate-{self.pk}"
