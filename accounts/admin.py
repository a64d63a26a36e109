"""Issuing enrolment links: a verified administrator picks a staff account and is shown its link, once."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import Enrolment


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at", "issued_by"]
    list_select_related = ["user", "issued_by"]
    fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False  # a link is issued, used or left to expire; never edited

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.token = obj.prepare(issued_by=request.user)
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """Show the link on this page only: it is not stored, nor put in a message cookie."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Enrolment link for %(user)s") % {"user": obj.user},
            "opts": self.opts,
            "enrolment": obj,
            "link": Enrolment.link(obj.token),
        }
        response = TemplateResponse(request, "accounts/enrolment_issued.html", context)
        response["Cache-Control"] = "no-store"
        return response
