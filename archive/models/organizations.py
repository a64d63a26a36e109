"""Organizations: the 1988 Death Commissions, ministries, courts, the judiciary."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .publication import BilingualName, Publishable, SluggedRecord, has_a_name


class OrganizationKind(models.TextChoices):
    COMMISSION = "commission", _("death commission")
    JUDICIARY = "judiciary", _("judiciary or court")
    PROSECUTION = "prosecution", _("prosecutor's office")
    MINISTRY = "ministry", _("ministry or government office")
    PRISONS = "prisons", _("prison administration")
    SECURITY = "security", _("security or intelligence body")
    ASSEMBLY = "assembly", _("parliament, assembly or council")
    LEADERSHIP = "leadership", _("head of state")
    OTHER = "other", _("other organization")


class Organization(Publishable, SluggedRecord, BilingualName):
    kind = models.CharField(_("kind"), max_length=12, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    place = models.ForeignKey(
        "archive.Place",
        verbose_name=_("city or province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text=_("Where it sat, e.g. the city or province of a death commission."),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fa = models.TextField(_("description (Persian)"), blank=True)
    citations = GenericRelation("archive.Citation")

    CLAIMS = [
        ("general", _("the record as a whole")),
        ("name", _("name")),
        ("place", _("city or province")),
        ("description", _("description")),
    ]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_en"]
        constraints = [
            has_a_name("organization"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="organization_not_own_parent"),
        ]

    def get_absolute_url(self) -> str:
        # Organizations have no page of their own yet: the perpetrators list filtered to its members.
        return reverse("perpetrator_list") + "?" + urlencode({"organization": self.slug})

    @property
    def is_commission(self) -> bool:
        return self.kind == OrganizationKind.COMMISSION
