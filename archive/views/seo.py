"""What crawlers read: /robots.txt, and the sitemap index and its section pages (archive/sitemaps.py)."""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from archive.sitemaps import SITEMAPS

# Paths a crawler has no business in: the editors' admin, the submission status page, and whatever makes
# the server work hard for each address: search, exports and references, and any address with a query
# string (filter combinations without end, deep pages of a million-row list; the sitemaps already give
# every record). The sitemaps' own pages (?p=2) stay open. "*" is understood by the major crawlers
# (RFC 9309); the i18n paths come in both languages.
DISALLOWED = [
    "/admin/",
    "/fa/admin/",
    "/submit/status/",
    "/fa/submit/status/",
    "/search/",
    "/fa/search/",
    "/api/",
    "/*/export.",
    "/*/cite.",
    "/*/citations.",
    "/*?",
]
ALLOWED = ["/sitemap"]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines += [f"Allow: {path}" for path in ALLOWED]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@require_safe
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
