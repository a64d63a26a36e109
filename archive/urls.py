"""Public URLs: English unprefixed, Persian under /fa/. The paths are a stable contract."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path, register_converter

from archive.converters import RecordSlugConverter
from archive.views import events, health, home, places, sources
from perpetrators import views as perpetrators
from victims import views as victims

register_converter(RecordSlugConverter, "record")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    path("", home.home, name="home"),
    path("victims/", victims.victim_list, name="victim_list"),
    path("victims/<record:slug>/", victims.victim_detail, name="victim_detail"),
    path("perpetrators/", perpetrators.perpetrator_list, name="perpetrator_list"),
    path("perpetrators/<record:slug>/", perpetrators.perpetrator_detail, name="perpetrator_detail"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/<record:slug>/", sources.source_detail, name="source_detail"),
    path("sources/<record:slug>/file/", sources.source_file, name="source_file"),
    path("events/", events.event_list, name="event_list"),
    path("events/<record:slug>/", events.event_detail, name="event_detail"),
    path("places/", places.place_list, name="place_list"),
    path("places/<record:slug>/", places.place_detail, name="place_detail"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    # Photographs on local disk during development; production serves media from its store.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
