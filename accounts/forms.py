"""The admin's login (username, password and a code from an authenticator app), and enrolment."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, verify_token

from accounts.throttle import LoginThrottle


def code_field():
    return forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def verified_device(user, code: str):
    """The user's confirmed device that accepts this code, or None.

    Each device refuses a code from a time step it has already accepted (TOTPDevice.last_t), so a code seen
    over someone's shoulder cannot be used again, and slows down after failures of its own.
    """
    code = "".join(code.split())
    for device in devices_for_user(user):
        if verified := verify_token(user, device.persistent_id, code):
            return verified
    return None


def throttled_error():
    minutes = -(-settings.LOGIN_FAILURE_WINDOW // 60)
    return ValidationError(
        StaffLoginForm.error_messages["throttled"], code="throttled", params={"minutes": minutes}
    )


class StaffLoginForm(AdminAuthenticationForm):
    """Username, password and code in one form, failing with one message whatever was wrong.

    One message for all three, so a failure does not tell whether the password was right; failures count
    towards the throttle (accounts/throttle.py), and a locked pair is refused before the password is checked.
    """

    otp_token = code_field()

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "That username, password and code do not match a staff account. Check them and try again; "
            "the code changes every 30 seconds and each code works once."
        ),
        "throttled": _("Too many failed attempts. Please wait %(minutes)s minutes, then try again."),
    }

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        code = self.cleaned_data.get("otp_token")
        if not (username and password and code):
            return self.cleaned_data  # a missing field has its own error
        throttle = LoginThrottle(self.request, username)
        if throttle.is_locked():
            raise throttled_error()
        try:
            super().clean()
            device = verified_device(self.user_cache, code)
            if device is None:
                raise self.get_invalid_login_error()
        except ValidationError:
            throttle.failed()
            self.user_cache = None
            raise
        throttle.succeeded()
        # django_otp's user_logged_in receiver stores the device in the session once login() has
        # rotated the session key: the session that leaves this form is verified, the old one gone.
        self.user_cache.otp_device = device
        return self.cleaned_data

    def get_invalid_login_error(self):
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class EnrolmentForm(forms.Form):
    """The person's own password, and a first code to show the app was set up right."""

    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)
    otp_token = code_field()

    error_messages = {
        "invalid": _("That password and code do not match. Check them and try again."),
    }

    def __init__(self, *args, enrolment, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment, self.request = enrolment, request

    def clean(self):
        password, code = self.cleaned_data.get("password"), self.cleaned_data.get("otp_token")
        if not (password and code):
            return self.cleaned_data
        user = self.enrolment.user
        throttle = LoginThrottle(self.request, user.get_username())
        if throttle.is_locked():
            raise throttled_error()
        device = self.enrolment.device
        if not (
            user.is_active and user.check_password(password) and device.verify_token("".join(code.split()))
        ):
            throttle.failed()
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        throttle.succeeded()
        return self.cleaned_data
