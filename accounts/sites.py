"""The admin site every app registers on, asking staff for a second factor on every page.

django-otp's own OTPAdminSite does the same with a device menu and a "get challenge" button meant for
devices that send codes; the archive has only authenticator apps, so this site keeps Django's login page
with one more field (templates/admin/login.html) and the throttle of accounts/throttle.py.
"""

from django.contrib.admin import AdminSite

from accounts.forms import StaffLoginForm


class ArchiveAdminSite(AdminSite):
    login_form = StaffLoginForm

    def has_permission(self, request):
        """Staff, and verified by a second factor in this session: a password alone reaches no admin page."""
        return super().has_permission(request) and request.user.is_verified()
