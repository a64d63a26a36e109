"""The editorial admin for victims: one page per person, with names, photographs, the
perpetrators a source names in the case, and the citations behind every fact."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.admin import (
    PUBLICATION_FIELDSET,
    CitationInline,
    EditorFormFields,
    FuzzyDateForm,
    NameVariantInline,
    PhotoInline,
    PublishableAdmin,
    date_fieldset,
)

from .models import PerpetratorLink, Victim, VictimName, VictimPhoto


class VictimNameInline(NameVariantInline):
    model = VictimName


class VictimPhotoInline(PhotoInline):
    model = VictimPhoto


class PerpetratorLinkForm(forms.ModelForm):
    """Say what is missing, rather than name the database rule it breaks."""

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("perpetrator") and not cleaned_data.get("organization"):
            self.add_error("perpetrator", _("Name a perpetrator, or the commission or body, or both."))
        return cleaned_data


class PerpetratorLinkInline(EditorFormFields, admin.TabularInline):
    model = PerpetratorLink
    form = PerpetratorLinkForm
    fields = ["perpetrator", "organization", "role", "note"]
    autocomplete_fields = ["perpetrator", "organization"]
    extra = 1
    show_change_link = True
    verbose_name_plural = _("perpetrators named in the case (open one to cite its sources)")


@admin.register(Victim)
class VictimAdmin(PublishableAdmin):
    form = FuzzyDateForm
    list_display = ["name_en", "name_fa", "death", "death_place", "verification", "status", "is_sample"]
    list_filter = ["status", "is_sample", "verification", "gender", "events", "manner_of_death", "burial"]
    search_fields = ["name_en", "name_fa", "variants__name"]
    list_select_related = ["death_place"]
    date_hierarchy = "death_earliest"
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["birth_place", "arrest_place", "death_place", "burial_place", "events", "prisons"]
    fieldsets = [
        (None, {"fields": [("name_en", "name_fa"), "slug"]}),
        (
            _("The person"),
            {"fields": [("gender", "age_at_death"), ("occupation", "affiliation"), "events", "verification"]},
        ),
        date_fieldset("birth", _("Birth"), "birth_place"),
        date_fieldset("arrest", _("Arrest and imprisonment"), "arrest_place", "prisons"),
        date_fieldset("death", _("Death"), "death_place", "manner_of_death", "charges"),
        (_("Burial"), {"fields": [("burial", "burial_place")]}),
        (_("Biography"), {"fields": ["biography_en", "biography_fa"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [VictimNameInline, VictimPhotoInline, PerpetratorLinkInline, CitationInline]

    @admin.display(description=_("death"), ordering="death_earliest")
    def death(self, victim):
        return victim.death_date


@admin.register(PerpetratorLink)
class PerpetratorLinkAdmin(EditorFormFields, admin.ModelAdmin):
    """Links are made on the victim's page; here too, because only here can they be cited."""

    form = PerpetratorLinkForm
    list_display = ["victim", "role", "perpetrator", "organization"]
    list_filter = ["role"]
    search_fields = [
        "victim__name_en",
        "victim__name_fa",
        "perpetrator__name_en",
        "perpetrator__name_fa",
        "organization__name_en",
        "organization__name_fa",
    ]
    list_select_related = ["victim", "perpetrator", "organization"]
    autocomplete_fields = ["victim", "perpetrator", "organization"]
    fields = ["victim", ("perpetrator", "organization"), "role", "note"]
    inlines = [CitationInline]
