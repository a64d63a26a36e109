"""The editorial admin for the evidence core, and the pieces the other apps' admins share.

Shared pieces: `EditorFormFields` (Persian fields typed right to left, slugs made from the name
when left empty), `PublishableAdmin` (publication filters and the bulk moves between states),
`FuzzyDateForm` and `date_fieldset()` (a fuzzy date read on two lines, worked out again from its
text when the text changes), and `CitationInline` (a record's citations, each claim chosen
from that record's CLAIMS).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models, transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.dates import Precision
from archive.documents import extract_source_text
from archive.models import (
    Citation,
    Estimate,
    Event,
    Organization,
    Place,
    PlaceName,
    Searchable,
    SlugRedirect,
    Source,
    Status,
)
from editorial.admin import EditorialAdmin
from editorial.history import current, note
from editorial.rules import can_publish, is_public_state, publication_problems
from perpetrators.models import Position
from victims.models import PerpetratorLink

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Editorial admin")


class EditorFormFields:
    """Form fields as editors of two scripts need them; mixed into every admin and inline here.

    Persian fields are typed right to left; other text takes the direction of whatever the
    editor types (a variant spelling or a quote may be in either script). A slug left empty
    is made from the name when the record is saved, so the form works without JavaScript.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            formfield is None
            or db_field.choices
            or not isinstance(db_field, (models.CharField, models.TextField))
        ):
            return formfield
        if db_field.name.endswith("_fa"):
            formfield.widget.attrs.update({"dir": "rtl", "lang": "fa"})
        else:
            formfield.widget.attrs.setdefault("dir", "auto")
        if db_field.name == "slug":
            formfield.required = False
            formfield.help_text = _(
                "Part of the public URL. Left empty, it is made from the name. "
                "Changing it keeps the old address redirecting here."
            )
        return formfield


# Fuzzy dates ------------------------------------------------------------------------------

DATE_HELP = _(
    "Write the date as the source gives it and choose its calendar: the precision and the earliest "
    "and latest days are worked out from the text. Give the days by hand only with the precision “unknown”."
)


def date_fieldset(prefix: str, title, *more_fields) -> tuple:
    """A fieldset with one fuzzy date on two lines (what the source says, then the days it can
    mean) and any fields that belong with it, such as the place of death."""
    lines = [
        (f"{prefix}_text", f"{prefix}_calendar", f"{prefix}_precision"),
        (f"{prefix}_earliest", f"{prefix}_latest"),
    ]
    return (title, {"fields": [*lines, *more_fields], "description": DATE_HELP, "classes": ["fuzzy-date"]})


class FuzzyDateForm(forms.ModelForm):
    """Works a date's precision and days out again when the editor rewrites its text or calendar.

    Without this, correcting "1988" to "Mordad 1367" would clash with the year and the days the
    form still carries from the old text. Precision and days that the editor changed in the same
    edit are kept, and so is a date saved with the precision "unknown" and some wording or days
    (its range was given by hand). Forms that show only a date's text and calendar (the positions
    inline) rely on this too.
    """

    def clean(self):
        cleaned_data = super().clean()
        changed = set(self.changed_data)
        for accessor in self._meta.model.fuzzy_date_accessors():
            p = accessor.prefix
            derived = {f"{p}_precision": "", f"{p}_earliest": None, f"{p}_latest": None}
            rewritten = changed & {f"{p}_text", f"{p}_calendar"}
            if (
                not rewritten
                or changed & derived.keys()
                or self._saved_as_unknown(accessor.__get__(self.instance))
            ):
                continue
            for name, empty in derived.items():
                if name in self.fields:
                    cleaned_data[name] = empty
                else:
                    setattr(self.instance, name, empty)
        return cleaned_data

    @staticmethod
    def _saved_as_unknown(saved) -> bool:
        # An empty date is saved as "unknown" too, but nobody chose that.
        return saved.precision == Precision.UNKNOWN and bool(saved.text or saved.earliest)


# Publication ------------------------------------------------------------------------------

STATUS_ACTIONS = [
    (Status.DRAFT, _("Return selected %(verbose_name_plural)s to draft")),
    (Status.IN_REVIEW, _("Send selected %(verbose_name_plural)s for review")),
    (Status.PUBLISHED, _("Publish selected %(verbose_name_plural)s")),
    (Status.WITHDRAWN, _("Withdraw selected %(verbose_name_plural)s")),
]


def status_action(status: Status, description):
    """A bulk action moving the selected records to one publication state.

    Publishing and withdrawing are for reviewers. A record that lacks citations is not published (the
    message says which and why). Moving a public record asks first for the reason, which its history
    keeps (and, for a withdrawal, its public page shows).
    """
    needs = ["publish"] if status in (Status.PUBLISHED, Status.WITHDRAWN) else ["change"]

    @admin.action(description=description, permissions=needs)
    def action(modeladmin, request, queryset):
        records = list(queryset.exclude(status=status))
        if not can_publish(request.user):
            records = [record for record in records if not is_public_state(record.status)]
        reason = request.POST.get("change_reason", "").strip()
        if not reason and (status == Status.WITHDRAWN or any(is_public_state(r.status) for r in records)):
            return TemplateResponse(
                request,
                "admin/editorial/status_reason.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": _("Why?"),
                    "opts": modeladmin.opts,
                    "records": records,
                    "status": status,
                    "action": request.POST.get("action"),
                    "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                    "asked": "change_reason" in request.POST,
                },
            )
        refused = []
        if status == Status.PUBLISHED:
            problems = {record.pk: publication_problems(record) for record in records}
            refused = [
                format_html("{} ({})", r, "; ".join(problems[r.pk])) for r in records if problems[r.pk]
            ]
            records = [record for record in records if not problems[record.pk]]
        if (recorder := current()) is not None:
            recorder.reason = reason
        # Stamp updated_at by hand: update() skips auto_now, and editors sort by it.
        changed = queryset.model._default_manager.filter(pk__in=[r.pk for r in records]).update(
            status=status, updated_at=timezone.now()
        )
        for record in records:
            record.status = status
            note(record)
        message = ngettext(
            "%(count)d %(records)s moved to “%(status)s”.",
            "%(count)d %(records)s moved to “%(status)s”.",
            changed,
        ) % {"count": changed, "records": model_ngettext(modeladmin.opts, changed), "status": status.label}
        modeladmin.message_user(request, message, messages.SUCCESS)
        if refused:
            modeladmin.message_user(
                request,
                format_html(
                    "{} {}", _("Not published:"), format_html_join("; ", "{}", ((r,) for r in refused))
                ),
                messages.WARNING,
            )
        return None

    action.__name__ = f"mark_{status.value}"
    return action


PUBLICATION_FIELDSET = (
    _("Publication"),
    {"fields": [("status", "is_sample"), "before_publishing", ("created_at", "updated_at")]},
)


class PublishableAdmin(EditorialAdmin, EditorFormFields, admin.ModelAdmin):
    """What every public record's admin shares: its state, the bulk moves, the sample flag, and the
    editorial workflow (editorial/admin.py): history, reasons, no lost edits, who may publish."""

    actions = [status_action(status, description) for status, description in STATUS_ACTIONS]
    readonly_fields = ["is_sample", "before_publishing", "created_at", "updated_at"]
    list_per_page = 50
    save_on_top = True

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.display(description=_("before it can be published"))
    def before_publishing(self, record):
        """What the record still lacks to be published (editorial/rules.py), as saved."""
        if record is None or record.pk is None:
            return "—"
        problems = publication_problems(record)
        return "; ".join(problems) if problems else _("nothing: every fact it states is cited")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Name variants are saved after the record: its search names must include them.
        if isinstance(form.instance, Searchable):
            form.instance.refresh_search()


# Citations --------------------------------------------------------------------------------


def claim_field(model) -> forms.ChoiceField:
    """A select of the claims a record of this model makes, as its CLAIMS list names them."""
    field = Citation._meta.get_field("claim")
    return forms.ChoiceField(
        choices=model.CLAIMS,
        initial=model.CLAIMS[0][0],
        label=capfirst(field.verbose_name),
        help_text=field.help_text,
    )


class CitationForm(forms.ModelForm):
    """A reader must be able to find the claim in the source: a locator, a quote, or both."""

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("locator") and not cleaned_data.get("quote"):
            # On the field, not the whole form, so the database constraint is not reported twice.
            self.add_error(
                "locator",
                _("Give a locator (page, paragraph or timestamp) or a quote, so readers can find the claim."),
            )
        return cleaned_data


class CitationInline(EditorFormFields, GenericTabularInline):
    """The sources behind a record's claims; added to every citable record's admin."""

    model = Citation
    form = CitationForm
    fields = ["claim", "source", "locator", "quote", "note", "confidence"]
    autocomplete_fields = ["source"]
    extra = 1
    classes = ["citations"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "claim":
            return claim_field(self.parent_model)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("quote", "note"):
            formfield.widget.attrs["rows"] = 2
        return formfield


def admin_link(record) -> str:
    """A link to a record's admin page, labelled with the record."""
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    return format_html('<a href="{}">{}</a>', url, record)


@admin.register(Citation)
class CitationAdmin(EditorialAdmin, EditorFormFields, admin.ModelAdmin):
    """Every citation across the archive, to review and correct them in one place.

    Citations are added on the page of the record they support, where the record is at hand;
    here an editor would have to type the record's number.
    """

    list_display = ["source", "record_link", "claim_name", "locator", "confidence", "created_at"]
    list_filter = [
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "confidence",
        "source__kind",
        "source__stance",
    ]
    search_fields = ["source__title_en", "source__title_fa", "locator", "quote", "note"]
    fields = ["record_link", "claim", "source", "locator", "quote", "note", "confidence", "created_at"]
    readonly_fields = ["record_link", "created_at"]
    autocomplete_fields = ["source"]
    form = CitationForm

    def get_queryset(self, request):
        # The records' own names need these, or the list would query once per row.
        records = GenericPrefetch(
            "record",
            [
                Position.objects.select_related("perpetrator", "organization"),
                PerpetratorLink.objects.select_related("victim", "perpetrator", "organization"),
            ],
        )
        citations = super().get_queryset(request)
        if not request.user.has_perm("archive.view_restricted_source"):
            citations = citations.exclude(source__restricted=True)
        return citations.select_related("source", "content_type").prefetch_related(records)

    def has_add_permission(self, request):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        model = obj.content_type.model_class() if obj else None
        if model is not None and "claim" in form.base_fields:
            form.base_fields["claim"] = claim_field(model)
        return form

    @admin.display(description=_("record"))
    def record_link(self, citation):
        if citation.record is None:
            return "—"
        return format_html("{}: {}", capfirst(citation.content_type.name), admin_link(citation.record))

    @admin.display(description=_("claim"), ordering="claim")
    def claim_name(self, citation):
        return citation.claim_label


# Sources ----------------------------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(PublishableAdmin):
    form = FuzzyDateForm
    list_display = ["__str__", "kind", "author", "published", "stance", "has_file", "status", "is_sample"]
    list_filter = ["status", "restricted", "is_sample", "kind", "stance", "language"]
    search_fields = ["title_en", "title_fa", "author", "publisher", "url", "sha256"]
    date_hierarchy = "published_earliest"
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = [
        *PublishableAdmin.readonly_fields,
        "original_filename",
        "media_type",
        "size",
        "sha256",
        "cited_by",
    ]
    fieldsets = [
        (None, {"fields": [("title_en", "title_fa"), "slug", ("kind", "language"), "restricted"]}),
        date_fieldset("published", _("Author and publication"), ("author", "publisher")),
        (_("On the web"), {"fields": ["url", "archived_url"]}),
        (_("Summary"), {"fields": ["summary_en", "summary_fa"]}),
        (_("Partisanship and reliability"), {"fields": ["stance", "reliability_note"]}),
        (
            _("File"),
            {
                "fields": ["file", ("original_filename", "media_type"), ("size", "sha256")],
                "description": _(
                    "The hash, size and type are recorded when the file is uploaded. Once attached, "
                    "a file is not replaced: a different file is a different source document."
                ),
            },
        ),
        (_("Text of the document"), {"fields": ["extracted_text"], "classes": ["collapse"]}),
        (_("Where it is cited"), {"fields": ["cited_by"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [CitationInline]

    def get_queryset(self, request):
        # Restricted testimony is only for the editors given the permission to see it.
        sources = super().get_queryset(request)
        if not request.user.has_perm("archive.view_restricted_source"):
            sources = sources.exclude(restricted=True)
        return sources

    def get_readonly_fields(self, request, obj=None):
        # The recorded SHA-256 must always verify against the stored file: never swap the file.
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.file:
            return [*fields, "file"]
        return fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data and obj.file:
            # After the commit: a slow OCR or a failure cannot undo the upload, and a source left
            # unread is picked up by `manage.py extract_text`.
            transaction.on_commit(lambda: extract_source_text(obj))

    @admin.display(description=_("publication date"), ordering="published_earliest")
    def published(self, source):
        return source.published_date

    @admin.display(description=_("file"), boolean=True, ordering="file")
    def has_file(self, source):
        return bool(source.file)

    @admin.display(description=_("cited by"))
    def cited_by(self, source):
        if source.pk is None:
            return "—"
        count = source.cited_by.count()
        url = reverse("admin:archive_citation_changelist") + f"?source__id__exact={source.pk}"
        label = ngettext("%(count)d citation", "%(count)d citations", count) % {"count": count}
        return format_html('<a href="{}">{}</a>', url, label)


# Places and organizations -----------------------------------------------------------------


class NameVariantInline(EditorFormFields, admin.TabularInline):
    """Other spellings and aliases; each record type names its own variants model."""

    fields = ["name", "script", "kind", "note"]
    extra = 1


class PhotoInline(EditorFormFields, admin.TabularInline):
    """Photographs with a thumbnail; each record type names its own photo model."""

    fields = ["preview", "image", "caption_en", "caption_fa", "credit", "source", "order"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["source"]
    extra = 0

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.image:
            return ""
        return format_html('<img src="{}" alt="" class="admin-thumbnail">', photo.image.url)


class PlaceNameInline(NameVariantInline):
    model = PlaceName


@admin.register(Place)
class PlaceAdmin(PublishableAdmin):
    list_display = ["name_en", "name_fa", "kind", "parent", "status", "is_sample"]
    list_filter = ["status", "is_sample", "kind"]
    search_fields = ["name_en", "name_fa", "variants__name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": [("name_en", "name_fa"), "slug", ("kind", "parent")]}),
        (_("Location"), {"fields": [("latitude", "longitude")]}),
        (_("Description"), {"fields": ["description_en", "description_fa"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [PlaceNameInline, CitationInline]


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ["name_en", "name_fa", "kind", "place", "parent", "status", "is_sample"]
    list_filter = ["status", "is_sample", "kind"]
    search_fields = ["name_en", "name_fa"]
    list_select_related = ["place", "parent"]
    autocomplete_fields = ["parent", "place"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": [("name_en", "name_fa"), "slug", "kind", ("parent", "place")]}),
        (_("Description"), {"fields": ["description_en", "description_fa"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [CitationInline]


# Events and estimates ---------------------------------------------------------------------


class EstimateForm(forms.ModelForm):
    """Say which number is missing or wrong, rather than name the database rule it breaks."""

    def clean(self):
        cleaned_data = super().clean()
        low, high = cleaned_data.get("count_low"), cleaned_data.get("count_high")
        if low is None and high is None and not self.has_error("count_low"):
            self.add_error("count_low", _("Give the lowest number, the highest, or both."))
        elif low is not None and high is not None and low > high:
            self.add_error("count_high", _("The highest number is below the lowest."))
        return cleaned_data


class EstimateInline(EditorFormFields, admin.TabularInline):
    model = Estimate
    form = EstimateForm
    fields = [
        "counted_en",
        "counted_fa",
        "count_text",
        "count_low",
        "count_high",
        "estimated_by",
        "order",
        "citation_count",
    ]
    readonly_fields = ["citation_count"]
    extra = 1
    show_change_link = True
    verbose_name_plural = _("estimates (open one to cite its sources)")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_citations=Count("citations"))

    @admin.display(description=_("citations"))
    def citation_count(self, estimate):
        return getattr(estimate, "number_of_citations", 0)


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    form = FuzzyDateForm
    list_display = ["name_en", "name_fa", "start", "end", "status", "is_sample"]
    list_filter = ["status", "is_sample"]
    search_fields = ["name_en", "name_fa"]
    date_hierarchy = "start_earliest"
    autocomplete_fields = ["places"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": [("name_en", "name_fa"), "slug"]}),
        date_fieldset("start", _("Start")),
        date_fieldset("end", _("End")),
        (_("Description"), {"fields": ["description_en", "description_fa", "places"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [EstimateInline, CitationInline]

    @admin.display(description=_("start"), ordering="start_earliest")
    def start(self, event):
        return event.start_date

    @admin.display(description=_("end"), ordering="end_earliest")
    def end(self, event):
        return event.end_date


@admin.register(Estimate)
class EstimateAdmin(EditorialAdmin, EditorFormFields, admin.ModelAdmin):
    """Estimates are edited on their event's page; here too, because only here can they be cited."""

    form = EstimateForm
    list_display = ["__str__", "event", "count_low", "count_high", "estimated_by"]
    list_filter = ["event"]
    search_fields = [
        "counted_en",
        "counted_fa",
        "count_text",
        "estimated_by",
        "event__name_en",
        "event__name_fa",
    ]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    fields = [
        "event",
        ("counted_en", "counted_fa"),
        "count_text",
        ("count_low", "count_high"),
        "estimated_by",
        "note",
        "order",
    ]
    inlines = [CitationInline]


# Old addresses ----------------------------------------------------------------------------


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """Old addresses are left behind by renames. Editors can look, or delete one to free its
    slug for another record, but not make or edit them: that would break links people keep."""

    list_display = ["old_slug", "content_type", "record_link", "created_at"]
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["old_slug"]
    list_select_related = ["content_type"]
    fields = ["old_slug", "content_type", "record_link", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("now at"))
    def record_link(self, redirect):
        # Linked by number, not name, so the list needs no query per row.
        ct = redirect.content_type
        try:
            url = reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[redirect.object_id])
        except NoReverseMatch:
            return redirect.object_id
        return format_html('<a href="{}">{} #{}</a>', url, capfirst(ct.name), redirect.object_id)
