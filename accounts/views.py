"""Enrolment: a staff member opens the link an administrator sent, and sets up an authenticator app."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.forms import EnrolmentForm
from accounts.models import Enrolment, token_digest


@never_cache
def enrol(request):
    token = request.GET.get("token", "")
    enrolment = (
        Enrolment.objects.usable()
        .select_related("user", "device")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if enrolment is None:
        return render(request, "accounts/enrol_invalid.html", status=404)
    form = EnrolmentForm(request.POST or None, enrolment=enrolment, request=request)
    if form.is_valid():
        enrolment.confirm()
        return render(request, "accounts/enrolled.html")
    device = enrolment.device
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "username": enrolment.user.get_username(),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=4, light="#fff"),
        },
    )
