"""The read-only JSON API, mounted at /api/v1/ outside the language prefixes: one API for both languages.

Slugs use the site's `record` converter, registered by archive/urls.py before it includes this module.
"""

from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("victims/", views.victim_list, name="victim_list"),
    path("victims/<record:slug>/", views.victim_detail, name="victim_detail"),
    path("perpetrators/", views.perpetrator_list, name="perpetrator_list"),
    path("perpetrators/<record:slug>/", views.perpetrator_detail, name="perpetrator_detail"),
    path("positions/", views.position_list, name="position_list"),
    path("positions/<int:pk>/", views.position_detail, name="position_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<record:slug>/", views.organization_detail, name="organization_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<record:slug>/", views.source_detail, name="source_detail"),
    path("citations/", views.citation_list, name="citation_list"),
    path("citations/<int:pk>/", views.citation_detail, name="citation_detail"),
    path("events/", views.event_list, name="event_list"),
    path("events/<record:slug>/", views.event_detail, name="event_detail"),
    path("places/", views.place_list, name="place_list"),
    path("places/<record:slug>/", views.place_detail, name="place_detail"),
    # Any other address under the API ending in a slash is a JSON 404, not the site's HTML page. Without
    # the slash, CommonMiddleware first adds it (so /api/v1/victims still finds the list).
    re_path(r"^(?P<path>.*/)$", views.not_found, name="not_found"),
]
