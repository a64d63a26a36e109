"""/submit/ and /submit/status/, in both languages (included inside archive/urls.py's i18n_patterns)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.submit, name="submit"),
    path("status/", views.status, name="submission_status"),
]
