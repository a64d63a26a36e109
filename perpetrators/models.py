"""Perpetrators and the positions they held: the 1988 commission roles and every later post, one timeline."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.dates import FuzzyDateAccessor, FuzzyDatesMixin, fuzzy_date_constraints, fuzzy_date_fields
from archive.models import (
    BilingualName,
    NameVariant,
    OrganizationKind,
    Photo,
    Publishable,
    Searchable,
    SluggedRecord,
)
from archive.models.publication import PublishableQuerySet, has_a_name, localized


class Perpetrator(Searchable, FuzzyDatesMixin, Publishable, SluggedRecord, BilingualName):
    birth_text, birth_calendar, birth_precision, birth_earliest, birth_latest = fuzzy_date_fields(_("birth"))
    death_text, death_calendar, death_precision, death_earliest, death_latest = fuzzy_date_fields(_("death"))
    birth_date = FuzzyDateAccessor("birth")
    death_date = FuzzyDateAccessor("death")
    birth_place = models.ForeignKey(
        "archive.Place",
        verbose_name=_("place of birth"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    biography_en = models.TextField(_("biography (English)"), blank=True)
    biography_fa = models.TextField(_("biography (Persian)"), blank=True)
    citations = GenericRelation("archive.Citation")

    CLAIMS = [
        ("general", _("the record as a whole")),
        ("name", _("name")),
        ("birth", _("birth")),
        ("birth_place", _("place of birth")),
        ("death", _("death")),
        ("biography", _("biography")),
    ]

    class Meta:
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")
        ordering = ["name_en"]
        constraints = [
            has_a_name("perpetrator"),
            *fuzzy_date_constraints("perpetrator", "birth"),
            *fuzzy_date_constraints("perpetrator", "death"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("perpetrator_detail", args=[self.slug])

    @property
    def biography(self) -> str:
        return localized(self, "biography")

    def text_for_search(self) -> list[str]:
        return [self.biography_en, self.biography_fa]


class PerpetratorName(NameVariant):
    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.CASCADE, related_name="variants")

    class Meta(NameVariant.Meta):
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")


class PerpetratorPhoto(Photo):
    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("photograph")
        verbose_name_plural = _("photographs")


class CommissionRole(models.TextChoices):
    SHARIA_JUDGE = "sharia_judge", _("sharia judge")
    PROSECUTOR = "prosecutor", _("prosecutor")
    INTELLIGENCE = "intelligence", _("intelligence ministry representative")
    PRISON_OFFICIAL = "prison_official", _("prison official")
    MEMBER = "member", _("member (role not stated)")


class PositionQuerySet(PublishableQuerySet):
    def public(self):
        """Posts the public may see: published, of a published perpetrator, and named by a title of their own
        or by a published organization (an untitled post is shown under its organization's name)."""
        return (
            self.published()
            .filter(perpetrator__status="published")
            .filter(Q(organization__status="published") | ~Q(title_en="", title_fa=""))
        )

    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self
        return self.public()

    def timeline(self):
        """Commission roles first, then every other post in date order; undated posts last."""
        return self.annotate(
            commission_first=Case(
                When(organization__kind=OrganizationKind.COMMISSION, then=Value(0)), default=Value(1)
            ),
            sort_day=models.functions.Coalesce("start_earliest", "during_earliest", "end_earliest"),
        ).order_by("commission_first", F("sort_day").asc(nulls_last=True), "pk")


class Position(FuzzyDatesMixin, Publishable):
    """A post or role a perpetrator held: in a death commission in 1988, or any office after it."""

    perpetrator = models.ForeignKey(
        Perpetrator, verbose_name=_("perpetrator"), on_delete=models.CASCADE, related_name="positions"
    )
    organization = models.ForeignKey(
        "archive.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    title_en = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_("As the source names the post: “Minister of Justice”."),
    )
    title_fa = models.CharField(_("title (Persian)"), max_length=200, blank=True)
    commission_role = models.CharField(
        _("role in the commission"),
        max_length=16,
        choices=CommissionRole.choices,
        blank=True,
        help_text=_("Only for a seat on a death commission."),
    )
    place = models.ForeignKey(
        "archive.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    event = models.ForeignKey(
        "archive.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        help_text=_("The event this role was part of, e.g. a 1988 commission seat and the 1988 massacre."),
    )
    start_text, start_calendar, start_precision, start_earliest, start_latest = fuzzy_date_fields(_("start"))
    end_text, end_calendar, end_precision, end_earliest, end_latest = fuzzy_date_fields(_("end"))
    during_text, during_calendar, during_precision, during_earliest, during_latest = fuzzy_date_fields(
        _("held during")
    )
    start_date = FuzzyDateAccessor("start")
    end_date = FuzzyDateAccessor("end")
    during_date = FuzzyDateAccessor("during")
    note_en = models.TextField(
        _("note (English)"),
        blank=True,
        help_text=_("What the source says beyond the dates, e.g. “under President Rouhani”."),
    )
    note_fa = models.TextField(_("note (Persian)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    citations = GenericRelation("archive.Citation")

    objects = PositionQuerySet.as_manager()

    CLAIMS = [
        ("general", _("the position as a whole")),
        ("title", _("title")),
        ("commission_role", _("role in the commission")),
        ("organization", _("organization")),
        ("place", _("place")),
        ("event", _("event")),
        ("start", _("start")),
        ("end", _("end")),
        ("during", _("held during")),
    ]

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["perpetrator", "order", "start_earliest", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_en="", title_fa="", organization__isnull=True),
                name="position_has_a_title",
                violation_error_message=_("Give the post's title or its organization."),
            ),
            *fuzzy_date_constraints("position", "start"),
            *fuzzy_date_constraints("position", "end"),
            *fuzzy_date_constraints("position", "during"),
        ]

    def __str__(self) -> str:
        return f"{self.perpetrator}: {self.title_en or self.title_fa or self.organization}"

    def get_absolute_url(self) -> str:
        return self.perpetrator.get_absolute_url() + f"#position-{self.pk}"

    @property
    def title(self) -> str:
        return localized(self, "title") or (self.organization.name if self.organization_id else "")

    @property
    def is_commission(self) -> bool:
        return bool(self.organization_id) and self.organization.is_commission

    @property
    def held_when(self) -> str:
        """When the post was held, in words and in the page's calendar: "1988 to 1989", "in summer 1367"."""
        start, end, during = self.start_date, self.end_date, self.during_date
        if start.is_known and end.is_known:
            return gettext("%(start)s to %(end)s") % {"start": start.display(), "end": end.display()}
        if start.is_known:
            return gettext("from %(start)s, end not known") % {"start": start.display()}
        if end.is_known:
            return gettext("start not known, until %(end)s") % {"end": end.display()}
        if during.is_known:
            return gettext("in %(date)s") % {"date": during.display()}
        return gettext("dates not known")

    @property
    def note(self) -> str:
        return localized(self, "note")
