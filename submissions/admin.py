"""The moderation queue: submissions to read, and what an editor can make of each.

Everything a submitter sent is shown read-only; contact details only to editors with the permission
`submissions.view_contact`. The actions go through submissions/services.py, each recorded in the history
with the editor and the reason they give.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from archive.files import EXTENSIONS
from victims.models import Victim

from . import services
from .models import Submission, SubmissionFile, SubmissionStatus


class ActionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for this change"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept in the history, for the editors."),
    )


class AttachForm(ActionForm):
    victim = forms.CharField(label=_("Victim: number or address (slug)"), max_length=220)

    def clean_victim(self):
        value = self.cleaned_data["victim"].strip().strip("/").rsplit("/", 1)[-1]
        victim = Victim.objects.filter(slug=value).first()
        if victim is None and value.isdigit():
            victim = Victim.objects.filter(pk=int(value)).first()
        if victim is None:
            raise ValidationError(_("No victim has this number or address."))
        return victim


class RejectForm(ActionForm):
    public_reason = forms.CharField(
        label=_("Reason shown to the submitter"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Anyone with the receipt code reads it: name no one, reveal nothing."),
    )


def _ask(modeladmin, request, queryset, form_class, title):
    """The action's form, filled in (None until it is valid); else the page asking for it."""
    form = form_class(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        return form, None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.opts,
        "form": form,
        "submissions": queryset,
        "action": request.POST.get("action"),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
    }
    return None, TemplateResponse(request, "submissions/admin_action.html", context)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "received_on", "state", "how_known", "file_count", "victim", "language"]
    list_filter = ["state", "how_known", "received_on", "language"]
    search_fields = ["name_en", "name_fa"]
    actions = ["mark_in_review", "make_victim", "attach", "reject"]
    fieldsets = [
        (_("The person"), {"fields": ["victim", ("name_en", "name_fa"), ("birth_text", "birth_calendar"),
                                       ("death_text", "death_calendar"), "places", "account", "files_sent"]}),
        (_("The submitter"), {"fields": ["how_known", "how_known_detail", "contact_details", "language"]}),
        (_("Moderation"), {"fields": ["state", "public_reason", "received_on", "new_victim", "source"]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("victim")

    def get_readonly_fields(self, request, obj=None):
        return [name for _, options in self.fieldsets for row in options["fields"] for name in (
            row if isinstance(row, tuple) else (row,)
        )]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # What was sent is never edited; it changes state through the actions only.
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm("submissions.change_submission")

    @admin.display(description=_("files"))
    def file_count(self, submission):
        return submission.files.count()

    @admin.display(description=_("contact details"))
    def contact_details(self, submission):
        if not submission.contact_encrypted:
            return "—"
        if not getattr(submission, "may_read_contact", False):
            return _("Given, and hidden: reading it needs the permission to see submitters' contact details.")
        return submission.contact()

    @admin.display(description=_("files sent"))
    def files_sent(self, submission):
        files = list(submission.files.all())
        if not files:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            (
                (reverse("admin:submissions_submission_file", args=[submission.pk, f.pk]), str(f))
                for f in files
            ),
        )

    def get_object(self, request, object_id, from_field=None):
        submission = super().get_object(request, object_id, from_field)
        if submission is not None:  # for contact_details(), which is not given the request
            submission.may_read_contact = request.user.has_perm("submissions.view_contact")
        return submission

    def get_urls(self):
        view = self.admin_site.admin_view(self.file_view)
        return [
            path("<int:pk>/file/<int:file_pk>/", view, name="submissions_submission_file"),
            *super().get_urls(),
        ]

    def file_view(self, request, pk, file_pk):
        """The original as sent, to editors only, always downloaded: a PDF or image from the public is
        never rendered by the browser on the archive's own origin."""
        sent = (
            SubmissionFile.objects.filter(submission_id=pk, pk=file_pk).select_related("submission").first()
        )
        if sent is None or not self.has_view_permission(request, sent.submission):
            raise Http404
        suffix = EXTENSIONS.get(sent.media_type) or PurePath(sent.file.name).suffix
        return FileResponse(
            sent.file.open("rb"),
            as_attachment=True,
            filename=f"submission-{pk}-{file_pk}{suffix}",
            content_type="application/octet-stream",
        )

    @admin.action(description=_("Mark as being reviewed"), permissions=["moderate"])
    def mark_in_review(self, request, queryset):
        for submission in queryset.filter(state=SubmissionStatus.NEW):
            services.submission_review(submission=submission, user=request.user, reason="")
        self.message_user(request, _("Marked as being reviewed."), messages.SUCCESS)

    @admin.action(description=_("Turn into a new draft victim"), permissions=["moderate"])
    def make_victim(self, request, queryset):
        form, page = _ask(self, request, queryset, ActionForm, _("Turn into a new draft victim"))
        if page:
            return page
        for submission in queryset.filter(state__in=[SubmissionStatus.NEW, SubmissionStatus.IN_REVIEW]):
            try:
                victim = services.submission_make_victim(
                    submission=submission, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                self.message_user(request, f"#{submission.pk}: {' '.join(error.messages)}", messages.ERROR)
                continue
            link = reverse("admin:victims_victim_change", args=[victim.pk])
            self.message_user(
                request,
                format_html('#{}: <a href="{}">{}</a>', submission.pk, link, victim),
                messages.SUCCESS,
            )
        return None

    @admin.action(
        description=_("Attach to an existing victim as restricted testimony"), permissions=["moderate"]
    )
    def attach(self, request, queryset):
        form, page = _ask(self, request, queryset, AttachForm, _("Attach to an existing victim"))
        if page:
            return page
        victim = form.cleaned_data["victim"]
        for submission in queryset.filter(state__in=[SubmissionStatus.NEW, SubmissionStatus.IN_REVIEW]):
            services.submission_attach(
                submission=submission, victim=victim, user=request.user, reason=form.cleaned_data["reason"]
            )
        self.message_user(request, _("Attached to %(victim)s.") % {"victim": victim}, messages.SUCCESS)
        return None

    @admin.action(description=_("Reject, with a reason"), permissions=["moderate"])
    def reject(self, request, queryset):
        form, page = _ask(self, request, queryset, RejectForm, _("Reject"))
        if page:
            return page
        for submission in queryset.exclude(state=SubmissionStatus.REJECTED):
            services.submission_reject(
                submission=submission,
                user=request.user,
                public_reason=form.cleaned_data["public_reason"],
                reason=form.cleaned_data["reason"],
            )
        self.message_user(request, _("Rejected."), messages.SUCCESS)
        return None
