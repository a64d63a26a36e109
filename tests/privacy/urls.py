"""The public URLs, and one page that fails, to see what a server error leaves in the logs."""

from __future__ import annotations

from django.urls import path

from archive.urls import urlpatterns as public


def broken(request):
    raise RuntimeError("a page that fails")


urlpatterns = [path("broken/", broken), *public]
