"""The editorial admin for victims: one page per person, with names, photographs, the
perpetrators a source names in the case, and the citations behind every fact; and the likely
duplicates, compared side by side, merged and unmerged (editorial/duplicates.py, editorial/merging.py)."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

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
from editorial.duplicates import Findings, compare, likely_duplicates
from editorial.merging import MergeRefused, merge, merge_entries, undo_merge, undo_problems
from editorial.rules import can_publish

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

    # Likely duplicates, and merging them.

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("duplicates/", wrap(self.duplicates_view), name="victims_victim_duplicates"),
            path("merge/<int:first>/<int:second>/", wrap(self.merge_view), name="victims_victim_merge"),
            path("merges/<int:sequence>/undo/", wrap(self.undo_merge_view), name="victims_victim_undo_merge"),
            *super().get_urls(),
        ]

    @method_decorator(require_safe)
    def duplicates_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        findings = _findings()
        merges = list(merge_entries()[:10])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Likely duplicates"),
            "opts": self.opts,
            "findings": findings,
            "page_obj": Paginator(findings.pairs, 50).get_page(request.GET.get("page")),
            "shown": DUPLICATES_SHOWN,
            "merges": merges,
            "can_merge": can_publish(request.user),
        }
        return TemplateResponse(request, "admin/victims/duplicates.html", context)

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def merge_view(self, request, first, second):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if first == second:
            message = _("A record cannot be merged with itself: choose two different records.")
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:victims_victim_duplicates"))
        victims = _victims_to_compare(first, second)
        if request.method == "POST" and not can_publish(request.user):
            raise PermissionDenied
        form = MergeForm(victims, request.POST if request.method == "POST" else None)
        if form.is_bound and (merged := self._merge(request, form)):
            return merged
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare and merge"),
            "opts": self.opts,
            "victims": victims,
            "rows": _side_by_side(victims),
            "pair": compare(*victims),
            "form": form,
            "can_merge": can_publish(request.user),
        }
        return TemplateResponse(request, "admin/victims/merge.html", context)

    def _merge(self, request, form) -> HttpResponseRedirect | None:
        """Merge as the form says and go to the kept record; None, with the reason said, if nothing was."""
        if not form.is_valid():
            self.message_user(request, _("Nothing was merged: see the form below."), messages.ERROR)
            return None
        kept, other = form.kept_and_other()
        try:
            entry = merge(
                kept, other, user=request.user, reason=form.cleaned_data["reason"], via="admin: merge"
            )
        except MergeRefused as refusal:
            self.message_user(request, _("Nothing was merged: %(why)s") % {"why": refusal}, messages.ERROR)
            return None
        done = _("“%(other)s” was merged into “%(kept)s”, as history entry #%(n)d.") % {
            "other": other,
            "kept": kept,
            "n": entry.sequence,
        }
        undo = reverse("admin:victims_victim_undo_merge", args=[entry.sequence])
        self.message_user(
            request, format_html('{} <a href="{}">{}</a>', done, undo, _("Undo")), messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:victims_victim_change", args=[kept.pk]))

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def undo_merge_view(self, request, sequence):
        if not can_publish(request.user):
            raise PermissionDenied
        entry = get_object_or_404(merge_entries(), sequence=sequence)
        form = UndoMergeForm(request.POST if request.method == "POST" else None)
        if form.is_bound and (undone := self._undo_merge(request, form, entry)):
            return undone
        kept = Victim.objects.filter(pk=entry.object_id).first()
        merged = entry.values["merged_from"]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Undo merge #%(n)d") % {"n": entry.sequence},
            "opts": self.opts,
            "entry": entry,
            "merged": merged,
            "moved": {key: len(ids) for key, ids in merged["moved"].items()},
            "filled": _filled_labels(merged["filled"]),
            "problems": undo_problems(entry, kept),
            "form": form,
        }
        return TemplateResponse(request, "admin/victims/undo_merge.html", context)

    def _undo_merge(self, request, form, entry) -> HttpResponseRedirect | None:
        """Undo the merge and go to the record it brings back; None, with the reason said, if not undone."""
        if not form.is_valid():
            self.message_user(request, _("The merge was not undone: see the form below."), messages.ERROR)
            return None
        try:
            undo_merge(entry, user=request.user, reason=form.cleaned_data["reason"], via="admin: undo merge")
        except MergeRefused as refusal:
            self.message_user(
                request, _("The merge was not undone: %(why)s") % {"why": refusal}, messages.ERROR
            )
            return None
        merged = entry.values["merged_from"]
        done = _("The merge was undone: “%(slug)s” is a record of its own again.") % {"slug": merged["slug"]}
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:victims_victim_change", args=[merged["id"]]))


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


# Likely duplicates and merging ------------------------------------------------------------------

# The list shows the most likely pairs only: past these, a reviewer refines the records first.
DUPLICATES_SHOWN = 1000


def _findings() -> Findings:
    """The likely duplicates, worked out again only when victims or their names changed (at 100,000
    records the search takes seconds, too long to repeat for each page of the list)."""
    state = (
        Victim.objects.aggregate(count=Count("pk"), last=Max("pk"), changed=Max("updated_at")),
        VictimName.objects.aggregate(count=Count("pk"), last=Max("pk")),
        get_language(),
    )
    key = "victims-duplicates-" + hashlib.sha256(repr(state).encode()).hexdigest()
    findings = cache.get(key)
    if findings is None:
        findings = likely_duplicates(limit=DUPLICATES_SHOWN)
        cache.set(key, findings, 15 * 60)
    return findings


def _victims_to_compare(first: int, second: int) -> list[Victim]:
    found = (
        Victim.objects.select_related("birth_place", "arrest_place", "death_place", "burial_place")
        .prefetch_related("variants", "events", "prisons")
        .annotate(
            number_of_citations=Count("citations", distinct=True),
            number_of_photos=Count("photos", distinct=True),
            number_of_links=Count("perpetrator_links", distinct=True),
        )
        .in_bulk([first, second])
    )
    if len(found) != 2:
        raise Http404(_("No such victim."))
    return [found[first], found[second]]


# What the compare page shows of each record, in the order of the victim form.
COMPARED_FIELDS = [
    "name_en",
    "name_fa",
    "slug",
    "status",
    "verification",
    "gender",
    "birth_date",
    "birth_place",
    "age_at_death",
    "occupation",
    "affiliation",
    "arrest_date",
    "arrest_place",
    "death_date",
    "death_place",
    "manner_of_death",
    "charges",
    "burial",
    "burial_place",
    "biography_en",
    "biography_fa",
    "is_sample",
]


def _shown(victim: Victim, name: str) -> str:
    if name.endswith("_date"):
        date = getattr(victim, name)
        return str(date) if date else ""
    model_field = Victim._meta.get_field(name)
    if model_field.choices:
        return str(getattr(victim, f"get_{name}_display")()) if getattr(victim, name) else ""
    value = getattr(victim, name)
    if isinstance(value, bool):
        return str(_("yes")) if value else ""
    return "" if value is None else str(getattr(value, "name", value))  # a place in the page's script


def _label(name: str) -> str:
    if name.endswith("_date"):
        return str(Victim._meta.get_field(name.replace("_date", "_text")).verbose_name).split(" (")[0]
    return str(Victim._meta.get_field(name).verbose_name)


def _filled_labels(names) -> list[str]:
    """The fields a merge filled in, a fuzzy date's five columns named once."""
    labels = []
    for name in names:
        prefix, _sep, column = name.rpartition("_")
        is_date = column in ("text", "calendar", "precision", "earliest", "latest")
        label = _label(f"{prefix}_date" if is_date else name)
        if label not in labels:
            labels.append(label)
    return labels


def _side_by_side(victims: list[Victim]) -> list[dict]:
    """Rows of (label, the value in each record, whether they differ), then what hangs from each."""
    rows = []
    for name in COMPARED_FIELDS:
        values = [_shown(victim, name) for victim in victims]
        rows.append({"label": _label(name), "values": values, "differs": values[0] != values[1]})
    related = [
        (_("name variants"), [", ".join(v.name for v in victim.variants.all()) for victim in victims]),
        (_("events"), [", ".join(e.name for e in victim.events.all()) for victim in victims]),
        (_("prisons"), [", ".join(p.name for p in victim.prisons.all()) for victim in victims]),
        (_("citations"), [str(victim.number_of_citations) for victim in victims]),
        (_("photographs"), [str(victim.number_of_photos) for victim in victims]),
        (_("perpetrators named in the case"), [str(victim.number_of_links) for victim in victims]),
    ]
    for label, values in related:
        rows.append({"label": label, "values": values, "differs": values[0] != values[1]})
    return rows


class MergeForm(forms.Form):
    """Which of two records to keep, and why they are one person."""

    keep = forms.TypedChoiceField(label=_("Keep"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for the merge"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Why these are one person: kept in the history of the record that remains."),
    )

    def __init__(self, victims: list[Victim], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.victims = victims
        self.fields["keep"].choices = [
            (
                victim.pk,
                _("keep “%(name)s” (#%(pk)d, %(slug)s)")
                % {"name": victim, "pk": victim.pk, "slug": victim.slug},
            )
            for victim in victims
        ]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason: it is kept in the history."))
        return reason

    def kept_and_other(self) -> tuple[Victim, Victim]:
        first, second = self.victims
        return (first, second) if self.cleaned_data["keep"] == first.pk else (second, first)


class UndoMergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for undoing the merge"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason: it is kept in the history."))
        return reason
