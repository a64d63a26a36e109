"""/accounts/: enrolment links for staff (included inside archive/urls.py's i18n_patterns)."""

from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    # The token rides in the query string, which the request log never writes (docs/deployment.md, "Logs").
    path("enrol/", views.enrol, name="enrol"),
]
