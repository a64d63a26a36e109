"""Public URLs: English unprefixed, Persian under /fa/. The paths are a stable contract."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter

from archive.converters import RecordSlugConverter, ReferenceFormatConverter, TableFormatConverter
from archive.views import events, exports, health, home, maps, media, places, search, seo, sources, statistics
from perpetrators import views as perpetrators
from victims import views as victims

register_converter(RecordSlugConverter, "record")
register_converter(TableFormatConverter, "table_format")
register_converter(ReferenceFormatConverter, "reference_format")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", include("api.urls")),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("sitemap.xml", seo.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", seo.sitemap_section, name="sitemap_section"),
    # Media (archive/storage.py): originals only for editors who may see them, derivatives for all.
    path("originals/<path:name>", media.original_file, name="original_file"),
    path(
        f"{settings.MEDIA_URL.strip('/')}/derivatives/<path:name>",
        media.derivative_file,
        name="derivative_file",
    ),
]

urlpatterns += i18n_patterns(
    path("", home.home, name="home"),
    path("victims/", victims.victim_list, name="victim_list"),
    path("victims/export.<table_format:fmt>", exports.victim_export, name="victim_export"),
    path("victims/<record:slug>/", victims.victim_detail, name="victim_detail"),
    path(
        "victims/<record:slug>/cite.<reference_format:fmt>", exports.victim_reference, name="victim_reference"
    ),
    path("names/", victims.wall_of_names, name="wall_of_names"),
    path("names/<str:grouping>/<record:key>/", victims.wall_group, name="wall_group"),
    path("on-this-day/", victims.on_this_day, name="on_this_day"),
    path("perpetrators/", perpetrators.perpetrator_list, name="perpetrator_list"),
    path("perpetrators/export.<table_format:fmt>", exports.perpetrator_export, name="perpetrator_export"),
    path("perpetrators/popolo.json", exports.perpetrators_popolo, name="perpetrators_popolo"),
    path("perpetrators/<record:slug>/", perpetrators.perpetrator_detail, name="perpetrator_detail"),
    path(
        "perpetrators/<record:slug>/cite.<reference_format:fmt>",
        exports.perpetrator_reference,
        name="perpetrator_reference",
    ),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/export.<table_format:fmt>", exports.source_export, name="source_export"),
    path("sources/<record:slug>/", sources.source_detail, name="source_detail"),
    path(
        "sources/<record:slug>/cite.<reference_format:fmt>", exports.source_reference, name="source_reference"
    ),
    path(
        "sources/<record:slug>/citations.<table_format:fmt>",
        exports.source_citations,
        name="source_citations",
    ),
    path("sources/<record:slug>/file/", sources.source_file, name="source_file"),
    path("events/", events.event_list, name="event_list"),
    path("events/<record:slug>/", events.event_detail, name="event_detail"),
    path("events/<record:slug>/cite.<reference_format:fmt>", exports.event_reference, name="event_reference"),
    path("map/", maps.place_map, name="place_map"),
    path("places/", places.place_list, name="place_list"),
    path("places/<record:slug>/", places.place_detail, name="place_detail"),
    path("places/<record:slug>/cite.<reference_format:fmt>", exports.place_reference, name="place_reference"),
    path("search/", search.search, name="search"),
    path("search/export.<table_format:fmt>", exports.search_export, name="search_export"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/<slug:chart>.csv", statistics.statistics_csv, name="statistics_csv"),
    path("submit/", include("submissions.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
