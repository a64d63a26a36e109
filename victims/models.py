"""Victims, remembered by name, and the perpetrators a source names in their case."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.dates import FuzzyDateAccessor, FuzzyDatesMixin, fuzzy_date_constraints, fuzzy_date_fields
from archive.models import BilingualName, NameVariant, Photo, Publishable, Searchable, SluggedRecord
from archive.models.publication import has_a_name, localized


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "", _("not known")


class MannerOfDeath(models.TextChoices):
    HANGING = "hanging", _("executed by hanging")
    FIRING_SQUAD = "firing_squad", _("executed by firing squad")
    EXECUTION = "execution", _("executed (method not known)")
    SHOT = "shot", _("shot")
    TORTURE = "torture", _("died under torture")
    CUSTODY = "custody", _("died in custody")
    OTHER = "other", _("other")
    UNKNOWN = "", _("not known")


class Burial(models.TextChoices):
    KNOWN = "known", _("grave known")
    MASS_GRAVE = "mass_grave", _("reported in a mass grave")
    UNMARKED = "unmarked", _("unmarked grave")
    WITHHELD = "withheld", _("body withheld from the family")
    UNKNOWN = "", _("not known")


class Verification(models.TextChoices):
    CONFIRMED = "confirmed", _("identity confirmed")
    REPORTED = "reported", _("reported")
    UNCONFIRMED = "unconfirmed", _("unconfirmed")


class Victim(Searchable, FuzzyDatesMixin, Publishable, SluggedRecord, BilingualName):
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_text, birth_calendar, birth_precision, birth_earliest, birth_latest = fuzzy_date_fields(_("birth"))
    birth_date = FuzzyDateAccessor("birth")
    birth_place = models.ForeignKey(
        "archive.Place",
        verbose_name=_("place of birth"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    age_at_death = models.PositiveSmallIntegerField(
        _("age at death"), null=True, blank=True, help_text=_("As the source gives it.")
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    affiliation = models.CharField(
        _("affiliation"),
        max_length=300,
        blank=True,
        help_text=_("Political or other affiliation, as the source states it."),
    )
    events = models.ManyToManyField(
        "archive.Event", verbose_name=_("events"), blank=True, related_name="victims"
    )
    arrest_text, arrest_calendar, arrest_precision, arrest_earliest, arrest_latest = fuzzy_date_fields(
        _("arrest")
    )
    arrest_date = FuzzyDateAccessor("arrest")
    arrest_place = models.ForeignKey(
        "archive.Place",
        verbose_name=_("place of arrest"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prisons = models.ManyToManyField(
        "archive.Place",
        verbose_name=_("prisons"),
        blank=True,
        related_name="prisoners",
        limit_choices_to={"kind": "prison"},
    )
    death_text, death_calendar, death_precision, death_earliest, death_latest = fuzzy_date_fields(_("death"))
    death_date = FuzzyDateAccessor("death")
    death_place = models.ForeignKey(
        "archive.Place",
        verbose_name=_("place of death"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deaths",
    )
    manner_of_death = models.CharField(
        _("manner of death"), max_length=14, choices=MannerOfDeath.choices, blank=True
    )
    charges = models.CharField(
        _("charges"), max_length=300, blank=True, help_text=_("As the source states them.")
    )
    burial = models.CharField(_("burial"), max_length=10, choices=Burial.choices, blank=True)
    burial_place = models.ForeignKey(
        "archive.Place",
        verbose_name=_("place of burial"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="burials",
    )
    biography_en = models.TextField(_("biography (English)"), blank=True)
    biography_fa = models.TextField(_("biography (Persian)"), blank=True)
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices, default=Verification.UNCONFIRMED
    )
    citations = GenericRelation("archive.Citation")

    CLAIMS = [
        ("general", _("the record as a whole")),
        ("name", _("name")),
        ("gender", _("gender")),
        ("birth", _("birth")),
        ("birth_place", _("place of birth")),
        ("age_at_death", _("age at death")),
        ("occupation", _("occupation")),
        ("affiliation", _("affiliation")),
        ("events", _("events")),
        ("arrest", _("arrest")),
        ("prisons", _("prisons")),
        ("death", _("date of death")),
        ("death_place", _("place of death")),
        ("manner_of_death", _("manner of death")),
        ("charges", _("charges")),
        ("burial", _("burial")),
        ("biography", _("biography")),
    ]

    class Meta:
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        ordering = ["name_en", "name_fa"]
        constraints = [
            has_a_name("victim"),
            models.CheckConstraint(
                condition=Q(age_at_death__isnull=True) | Q(age_at_death__lte=120),
                name="victim_age_plausible",
                violation_error_message=_("An age at death over 120 is surely a typing error."),
            ),
            *fuzzy_date_constraints("victim", "birth"),
            *fuzzy_date_constraints("victim", "arrest"),
            *fuzzy_date_constraints("victim", "death"),
        ]
        indexes = [
            # Anniversaries: deaths and births on a day of the year (victims/memorial.py).
            models.Index(fields=["status", "death_earliest"], name="victim_status_death_idx"),
            models.Index(fields=["status", "birth_earliest"], name="victim_status_birth_idx"),
            # The wall's name order in each script (victims/memorial.py sort_name), published names only.
            models.Index(
                Coalesce(NullIf("name_en", Value("")), "name_fa"),
                "id",
                condition=Q(status="published"),
                name="victim_sort_en_idx",
            ),
            models.Index(
                Coalesce(NullIf("name_fa", Value("")), "name_en"),
                "id",
                condition=Q(status="published"),
                name="victim_sort_fa_idx",
            ),
            # The map's count of victims per place of death or burial.
            models.Index(
                fields=["death_place", "burial_place"],
                condition=Q(status="published"),
                name="victim_map_places",
            ),
            # The victims list filtered by gender or verification, in name order: names and gender go
            # together (given names), so walking the name index and skipping the others reads far.
            *(
                models.Index(
                    F(field),
                    Coalesce(NullIf(first, Value("")), second),
                    "id",
                    condition=Q(status="published"),
                    name=f"victim_{field[:6]}_sort_{first[-2:]}_idx",
                )
                for field in ("gender", "verification")
                for first, second in (("name_en", "name_fa"), ("name_fa", "name_en"))
            ),
            # The home page's latest records, and the sitemap's count and pages of real published records.
            models.Index(
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(status="published"),
                name="victim_recent_idx",
            ),
            models.Index(
                fields=["id"], condition=Q(status="published", is_sample=False), name="victim_sitemap_idx"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("victim_detail", args=[self.slug])

    @property
    def biography(self) -> str:
        return localized(self, "biography")

    def text_for_search(self) -> list[str]:
        return [self.biography_en, self.biography_fa, self.occupation, self.affiliation, self.charges]


class VictimName(NameVariant):
    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="variants")

    class Meta(NameVariant.Meta):
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")


class VictimPhoto(Photo):
    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("photograph")
        verbose_name_plural = _("photographs")


class LinkRole(models.TextChoices):
    SENTENCED = "sentenced", _("sentenced by")
    INTERROGATED = "interrogated", _("interrogated by")
    COMMISSION = "commission", _("commission that decided the case")
    ORDERED = "ordered", _("ordered by")
    OTHER = "other", _("other involvement")


class PerpetratorLink(models.Model):
    """A source names a perpetrator (or the commission) in a victim's case."""

    victim = models.ForeignKey(
        Victim, verbose_name=_("victim"), on_delete=models.CASCADE, related_name="perpetrator_links"
    )
    perpetrator = models.ForeignKey(
        "perpetrators.Perpetrator",
        verbose_name=_("perpetrator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="victim_links",
    )
    organization = models.ForeignKey(
        "archive.Organization",
        verbose_name=_("commission or body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="victim_links",
    )
    role = models.CharField(_("involvement"), max_length=14, choices=LinkRole.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    citations = GenericRelation("archive.Citation")

    CLAIMS = [("general", _("the involvement"))]

    class Meta:
        verbose_name = _("perpetrator named in the case")
        verbose_name_plural = _("perpetrators named in the case")
        ordering = ["victim", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(perpetrator__isnull=False) | Q(organization__isnull=False),
                name="perpetratorlink_names_someone",
                violation_error_message=_("Name the perpetrator, the commission or body, or both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.victim}: {self.get_role_display()} {self.perpetrator or self.organization}"

    def get_absolute_url(self) -> str:
        return self.victim.get_absolute_url() + f"#link-{self.pk}"
