"""A page holding a CSRF token at an address the cache would otherwise keep (test_kept_pages.py)."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path


def form(request):
    return HttpResponse(
        f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>'
    )


urlpatterns = [path("form/", form)]
