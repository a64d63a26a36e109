"""Values every template may use."""

from __future__ import annotations

from django.conf import settings
from django.urls import translate_url


def site(request):
    """The site's name, and the address of this same page in the other language."""
    path = request.get_full_path()
    return {
        "SITE_NAME": settings.SITE_NAME,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ],
    }
