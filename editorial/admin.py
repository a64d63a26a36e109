"""The editorial workflow in the admin: who may publish, the reason for a change, no lost edits, the
history of each record (view, compare, restore), the whole history, and what awaits review.

`EditorialAdmin` is mixed into every public record's admin (archive/admin.py `PublishableAdmin`).
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from archive.models import Status

from .history import TRACKED, current, entries_for, note, recording, snapshot
from .models import Action, HistoryEntry
from .rules import can_publish, publication_problems
from .versions import RestoreError, compare, last_published_version, previous_version, restore


def latest_version(record) -> int:
    """The number of the newest history entry of the record or one of its parts (0 when it has none)."""
    if record is None or record.pk is None:
        return 0
    return entries_for(record).values_list("sequence", flat=True).first() or 0


class EditorialForm(forms.ModelForm):
    """Every editorial form carries the version it was opened at and the reason for the change.

    A save made after someone else saved the record is refused: the form comes back with the editor's
    own values still in it and, in the message, what the other save changed, so that neither is lost.
    """

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept in the record's history. Required when the record is published or withdrawn; when you "
            "withdraw a record, it is shown on its public page."
        ),
    )
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_status = None
        if self.instance.pk is not None:
            self.stored_status = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("status", flat=True)
                .first()
                if hasattr(self.instance, "status")
                else None
            )
            self.fields["base_version"].initial = latest_version(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            self._refuse_stale_save(cleaned_data.get("base_version"))
        if not cleaned_data.get("change_reason"):
            if self.stored_status in (Status.PUBLISHED, Status.WITHDRAWN):
                self.add_error(
                    "change_reason", _("Say why: this record is public, and its history keeps the reason.")
                )
            elif cleaned_data.get("status") == Status.WITHDRAWN:
                self.add_error(
                    "change_reason", _("Say why the record is withdrawn: the reason is shown in its place.")
                )
        return cleaned_data

    def _refuse_stale_save(self, base_version) -> None:
        now = latest_version(self.instance)
        if base_version is None or base_version == now:
            return
        newer = entries_for(self.instance).filter(sequence__gt=base_version)
        others = sorted({entry.author_name or entry.via for entry in newer})
        saved = snapshot(type(self.instance)._default_manager.get(pk=self.instance.pk))
        mine = {name: self.cleaned_data.get(name) for name in self.changed_data if name in saved}
        rows = compare(type(self.instance), saved, {**saved, **_plain_values(mine)}, changed_only=True)
        # Saving again on purpose goes through: the form now carries the version it was shown against.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = now
        differences = format_html_join(
            "",
            "<li><b>{}</b>: {} <i>{}</i> · {} <i>{}</i></li>",
            ((row.label, _("saved:"), row.before or "—", _("yours:"), row.after or "—") for row in rows),
        )
        raise forms.ValidationError(
            format_html(
                "{} {}<ul>{}</ul>{}",
                _(
                    "Someone else saved this record while you were editing it (%(who)s). Nothing of yours was saved."
                )
                % {"who": ", ".join(others)},
                _(
                    "Your version is in the form; the saved one differs where listed (its other changes, such as "
                    "citations, are in the record's history)."
                ),
                differences,
                _("Save again to put your version in place of theirs: both stay in the history."),
            ),
            code="conflict",
        )


def _plain_values(values: dict) -> dict:
    plain = {}
    for name, value in values.items():
        if hasattr(value, "pk"):
            plain[name] = value.pk
        elif hasattr(value, "__iter__") and not isinstance(value, str):
            plain[name] = sorted(getattr(item, "pk", item) for item in value)
        else:
            plain[name] = value if value is not None else None
    return plain


class EditorialAdmin:
    """Mixed into a ModelAdmin whose form is an `EditorialForm`: records every change with its reason,
    lets only reviewers publish or withdraw, and refuses to publish a record that lacks citations."""

    editorial_fieldset = (_("Reason for the change"), {"fields": ["change_reason", "base_version"]})

    def get_form(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        if not issubclass(form, EditorialForm):
            form = type(f"Editorial{form.__name__}", (EditorialForm, form), {})
        return super().get_form(request, obj, **{**kwargs, "form": form})

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not any("change_reason" in str(options.get("fields")) for _, options in fieldsets):
            fieldsets.append(self.editorial_fieldset)
        return fieldsets

    # Every path through the admin records its changes, with the editor and the reason.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with recording(via="admin", user=request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with recording(via="admin: delete", user=request.user):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        with recording(via="admin: list", user=request.user):
            return super().changelist_view(request, extra_context)

    # Who may change what.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if (
            allowed
            and obj is not None
            and getattr(obj, "status", None) in (Status.PUBLISHED, Status.WITHDRAWN)
        ):
            return can_publish(request.user)  # an editor changes drafts and records in review
        return allowed

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [
                (Status.DRAFT.value, Status.DRAFT.label),
                (Status.IN_REVIEW.value, Status.IN_REVIEW.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if (recorder := current()) is not None:
            recorder.reason = form.cleaned_data.get("change_reason", "")
        if getattr(obj, "status", None) in (Status.PUBLISHED, Status.WITHDRAWN) and not can_publish(
            request.user
        ):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        newly_published = (
            getattr(obj, "status", None) == Status.PUBLISHED and form.stored_status != Status.PUBLISHED
        )
        # Checked after the citations on the same page were saved.
        if newly_published and (problems := publication_problems(obj)):
            obj.status = Status.WITHDRAWN if form.stored_status == Status.WITHDRAWN else Status.IN_REVIEW
            type(obj)._default_manager.filter(pk=obj.pk).update(status=obj.status)
            note(obj)
            self.message_user(
                request,
                _("Saved, but not published: %(problems)s. It waits in review.")
                % {"problems": "; ".join(problems)},
                messages.WARNING,
            )

    # The history of a record.

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        entries = list(entries_for(obj)[:500])
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(record)s") % {"record": obj},
            "opts": self.opts,
            "object": obj,
            "entries": entries,
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/editorial/record_history.html", context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:sequence>/",
                wrap(self.version_view),
                name="{}_{}_version".format(*info),
            ),
            *super().get_urls(),
        ]

    def _entry(self, request, object_id, sequence) -> tuple:
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        entry = get_object_or_404(entries_for(obj), sequence=sequence)
        return obj, entry

    def version_view(self, request, object_id, sequence):
        obj, entry = self._entry(request, object_id, sequence)
        model = entry.content_type.model_class()
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            reason = request.POST.get("reason", "").strip()
            if not reason:
                self.message_user(request, _("Say why the version is restored."), messages.ERROR)
            else:
                try:
                    restore(entry, user=request.user, reason=reason)
                except RestoreError as error:
                    self.message_user(
                        request, _("Not restored: %(error)s") % {"error": error}, messages.ERROR
                    )
                else:
                    self.message_user(
                        request, _("Version #%(n)d restored.") % {"n": entry.sequence}, messages.SUCCESS
                    )
                    return HttpResponseRedirect(
                        reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk])
                    )
        before = previous_version(entry)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Version #%(n)d of %(record)s") % {"n": entry.sequence, "record": entry.object_repr},
            "opts": self.opts,
            "object": obj,
            "entry": entry,
            "rows": compare(model, before.values if before else None, entry.values),
            "can_restore": entry.action != Action.DELETE
            and self.has_change_permission(request, obj)
            and model is type(obj),
        }
        return TemplateResponse(request, "admin/editorial/version.html", context)

    def compare_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        try:
            a, b = sorted(int(request.GET[name]) for name in ("a", "b"))
        except (KeyError, ValueError):
            self.message_user(request, _("Choose two versions to compare."), messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk])
            )
        older, newer = (get_object_or_404(entries_for(obj), sequence=n) for n in (a, b))
        if older.content_type_id != newer.content_type_id or older.object_id != newer.object_id:
            self.message_user(request, _("Compare two versions of the same record."), messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Versions #%(a)d and #%(b)d of %(record)s")
            % {"a": a, "b": b, "record": newer.object_repr},
            "opts": self.opts,
            "object": obj,
            "older": older,
            "newer": newer,
            "rows": compare(newer.content_type.model_class(), older.values, newer.values),
        }
        return TemplateResponse(request, "admin/editorial/compare.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Pages to read, never to write: the history is written by the changes it records."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    """The whole history, newest first; it is read, never written here."""

    list_display = ["sequence", "recorded_at", "action", "record", "author_name", "via", "short_reason"]
    list_filter = ["action", ("content_type", admin.RelatedOnlyFieldListFilter), "recorded_at"]
    search_fields = ["object_repr", "author_name", "via", "reason", "hash"]
    list_select_related = ["content_type"]
    readonly_fields = [
        "sequence",
        "recorded_at",
        "content_type",
        "object_id",
        "object_repr",
        "action",
        "author_name",
        "via",
        "reason",
        "changed_fields",
        "data",
        "previous_hash",
        "hash",
    ]
    fields = readonly_fields

    def get_urls(self):
        restore_url = path(
            "<int:object_id>/restore/",
            self.admin_site.admin_view(self.restore_view),
            name="editorial_historyentry_restore",
        )
        return [restore_url, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_restore": entry is not None and self._may_restore(request, entry),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _may_restore(self, request, entry) -> bool:
        model = entry.content_type.model_class()
        if model is None or entry.action == Action.DELETE:
            return False
        opts = model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}") and (
            request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        )

    def restore_view(self, request, object_id):
        """Put a record back as this entry recorded it: the way back for a deleted record."""
        entry = get_object_or_404(HistoryEntry, pk=object_id)
        if request.method != "POST" or not self._may_restore(request, entry):
            raise PermissionDenied
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, _("Say why the version is restored."), messages.ERROR)
        else:
            try:
                record = restore(entry, user=request.user, reason=reason)
            except RestoreError as error:
                self.message_user(request, _("Not restored: %(error)s") % {"error": error}, messages.ERROR)
            else:
                self.message_user(
                    request, _("Version #%(n)d restored.") % {"n": entry.sequence}, messages.SUCCESS
                )
                opts = record._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
                )
        return HttpResponseRedirect(reverse("admin:editorial_historyentry_change", args=[entry.pk]))

    @admin.display(description=_("record"))
    def record(self, entry):
        return format_html("{} #{}: {}", entry.content_type.name, entry.object_id, entry.object_repr)

    @admin.display(description=_("reason"))
    def short_reason(self, entry):
        return entry.reason[:80]


class ReviewQueue(HistoryEntry):
    class Meta:
        proxy = True
        verbose_name = _("awaiting review")
        verbose_name_plural = _("awaiting review")


@admin.register(ReviewQueue)
class ReviewQueueAdmin(ReadOnlyAdmin):
    """Records in review, each with what changed since it was last published (or all of it, if never)."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def changelist_view(self, request, extra_context=None):
        items = []
        for label in TRACKED:
            model = apps.get_model(label)
            if not hasattr(model, "status"):
                continue
            for record in model._default_manager.filter(status=Status.IN_REVIEW).order_by("-updated_at")[
                :200
            ]:
                published = last_published_version(record)
                rows = compare(
                    model, published.values if published else None, snapshot(record), changed_only=True
                )
                items.append(
                    {
                        "record": record,
                        "model": model._meta.verbose_name,
                        "url": reverse(
                            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk]
                        ),
                        "published": published,
                        "rows": rows,
                        "problems": publication_problems(record),
                    }
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Awaiting review"),
            "opts": self.opts,
            "items": items,
            "can_publish": can_publish(request.user),
        }
        return TemplateResponse(request, "admin/editorial/review.html", context)
