"""The editorial admin for perpetrators and the positions they held, so that a career from a
1988 commission seat to the highest posts of the state is edited as one timeline."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
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
from archive.models import Status
from editorial.rules import can_publish, publication_problems

from .models import Perpetrator, PerpetratorName, PerpetratorPhoto, Position


class PerpetratorNameInline(NameVariantInline):
    model = PerpetratorName


class PerpetratorPhotoInline(PhotoInline):
    model = PerpetratorPhoto


class PositionInlineForm(FuzzyDateForm):
    """A position is cited on its own page, so here it can be published only once it is cited there."""

    def clean(self):
        cleaned_data = super().clean()
        newly_published = (
            cleaned_data.get("status") == Status.PUBLISHED and self.instance.status != Status.PUBLISHED
        )
        if newly_published and (problems := publication_problems(self.instance)):
            self.add_error("status", "; ".join(problems))
        return cleaned_data


class PositionInline(EditorFormFields, admin.StackedInline):
    """Each post on one short card. Dates show only their text and calendar here; the position's
    own page has the precision and days, the note, and the citations."""

    model = Position
    form = PositionInlineForm
    fields = [
        ("title_en", "title_fa"),
        ("organization", "commission_role"),
        ("place", "event"),
        ("start_text", "start_calendar"),
        ("end_text", "end_calendar"),
        ("during_text", "during_calendar"),
        ("status", "order"),
    ]
    autocomplete_fields = ["organization", "place", "event"]
    extra = 1
    show_change_link = True
    classes = ["positions"]
    verbose_name_plural = _("positions (open one to cite its sources)")

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [(s.value, s.label) for s in (Status.DRAFT, Status.IN_REVIEW)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Perpetrator)
class PerpetratorAdmin(PublishableAdmin):
    form = FuzzyDateForm
    list_display = ["name_en", "name_fa", "birth", "number_of_positions", "status", "is_sample"]
    list_filter = ["status", "is_sample", "positions__commission_role", "positions__event"]
    search_fields = ["name_en", "name_fa", "variants__name"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["birth_place"]
    fieldsets = [
        (None, {"fields": [("name_en", "name_fa"), "slug"]}),
        date_fieldset("birth", _("Birth"), "birth_place"),
        date_fieldset("death", _("Death")),
        (_("Biography"), {"fields": ["biography_en", "biography_fa"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [PerpetratorNameInline, PerpetratorPhotoInline, PositionInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_count=Count("positions"))

    @admin.display(description=_("birth"), ordering="birth_earliest")
    def birth(self, perpetrator):
        return perpetrator.birth_date

    @admin.display(description=_("positions"), ordering="position_count")
    def number_of_positions(self, perpetrator):
        return perpetrator.position_count


@admin.register(Position)
class PositionAdmin(PublishableAdmin):
    form = FuzzyDateForm
    list_display = [
        "__str__",
        "organization",
        "commission_role",
        "place",
        "start",
        "end",
        "status",
        "is_sample",
    ]
    list_filter = ["status", "is_sample", "commission_role", "organization__kind", "event"]
    search_fields = [
        "title_en",
        "title_fa",
        "perpetrator__name_en",
        "perpetrator__name_fa",
        "perpetrator__variants__name",
        "organization__name_en",
        "organization__name_fa",
    ]
    list_select_related = ["perpetrator", "organization", "place"]
    date_hierarchy = "start_earliest"
    autocomplete_fields = ["perpetrator", "organization", "place", "event"]
    fieldsets = [
        (None, {"fields": ["perpetrator", ("title_en", "title_fa"), ("organization", "commission_role")]}),
        (None, {"fields": [("place", "event"), "order"]}),
        date_fieldset("start", _("Start")),
        date_fieldset("end", _("End")),
        date_fieldset("during", _("Held during (when the source gives no start or end)")),
        (_("Note"), {"fields": ["note_en", "note_fa"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [CitationInline]

    @admin.display(description=_("start"), ordering="start_earliest")
    def start(self, position):
        return position.start_date

    @admin.display(description=_("end"), ordering="end_earliest")
    def end(self, position):
        return position.end_date
