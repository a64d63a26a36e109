"""Publication state shared by every public record, and the one queryset public views start from."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Everything for staff (who preview drafts on the public URL), published records for anyone else."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def in_name_order(self):
        """Alphabetical in the page's script; a record without a name in that script sorts by its other name."""
        first, second = (
            ("name_fa", "name_en") if (get_language() or "en").startswith("fa") else ("name_en", "name_fa")
        )
        return self.order_by(Coalesce(NullIf(first, Value("")), second), "pk")

    def by_slug_or_404(self, slug: str):
        """The record at this address, or at an address it had before; Http404 if neither is visible.

        The caller redirects when the record's slug differs from the one asked for.
        """
        try:
            return self.get(slug=slug)
        except self.model.DoesNotExist:
            old = SlugRedirect.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model), old_slug=slug
            ).first()
            record = self.filter(pk=old.object_id).first() if old else None
            if record is None:
                raise Http404(_("No such record.")) from None
            return record


class Publishable(models.Model):
    status = models.CharField(
        _("publication state"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Only published records are shown to the public, anywhere."),
    )
    is_sample = models.BooleanField(
        _("sample record"),
        default=False,
        editable=False,
        help_text=_("Fictional demonstration data, never loaded in production."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class BilingualName(models.Model):
    """A record named in Latin and Persian script; pages show the name in their own script when it exists."""

    name_en = models.CharField(_("name (Latin script)"), max_length=200, blank=True)
    name_fa = models.CharField(_("name (Persian script)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_en or self.name_fa

    @property
    def name(self) -> str:
        if (get_language() or "en").startswith("fa"):
            return self.name_fa or self.name_en
        return self.name_en or self.name_fa

    @property
    def other_script_name(self) -> str:
        """The name in the script the page is not in, shown beside the main one."""
        other = self.name_en if (get_language() or "en").startswith("fa") else self.name_fa
        return "" if other == self.name else other


def has_a_name(model: str) -> models.CheckConstraint:
    """The constraint every named record carries: a name in at least one script."""
    return models.CheckConstraint(
        condition=~Q(name_en="", name_fa=""),
        name=f"{model}_has_a_name",
        violation_error_message=_("Give a name in Latin or in Persian script."),
    )


def localized(record, field: str) -> str:
    """`record.<field>_fa` on Persian pages when it is filled in, else `<field>_en`."""
    english = getattr(record, f"{field}_en", "")
    if (get_language() or "en").startswith("fa"):
        return getattr(record, f"{field}_fa", "") or english
    return english or getattr(record, f"{field}_fa", "")


class SlugRedirect(models.Model):
    """An old slug of a record, kept so that links and citations made before a rename keep working."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    old_slug = models.SlugField(max_length=220, allow_unicode=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="slugredirect_unique_per_type"),
        ]

    def __str__(self) -> str:
        return self.old_slug


class SluggedRecord(models.Model):
    """A record with a stable public address. A changed slug leaves a redirect behind."""

    slug = models.SlugField(
        _("address"),
        max_length=220,
        unique=True,
        allow_unicode=True,
        help_text=_("Part of the public URL. Changing it keeps the old address redirecting here."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug(str(self))
        loaded = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if loaded and loaded != self.slug:
            SlugRedirect.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(self),
                old_slug=loaded,
                defaults={"object_id": self.pk},
            )
        self._loaded_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    @classmethod
    def unique_slug(cls, text: str, taken: set[str] | None = None) -> str:
        """A slug made from the text, numbered ("-2", "-3" …) past the slugs in use: those in the database,
        or those in `taken` for a bulk write, which holds them all in hand (the new slug is added to it)."""
        base = slugify(text, allow_unicode=True)[:200] or cls._meta.model_name

        def in_use(slug: str) -> bool:
            return slug in taken if taken is not None else cls._default_manager.filter(slug=slug).exists()

        slug, n = base, 1
        while in_use(slug):
            n += 1
            slug = f"{base}-{n}"
        if taken is not None:
            taken.add(slug)
        return slug
