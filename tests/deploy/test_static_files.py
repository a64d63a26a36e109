"""What the Docker image runs at build time: collectstatic into hashed, compressed files that pages can find."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings

MANIFEST = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


class CollectStaticTests(TestCase):
    def test_collectstatic_builds_hashed_files_that_the_pages_link_to(self):
        with tempfile.TemporaryDirectory() as root, override_settings(STATIC_ROOT=root, STORAGES=MANIFEST):
            call_command("collectstatic", "--noinput", stdout=StringIO())
            hashed = [p.name for p in Path(root, "css").glob("site.*.css")]
            self.assertTrue(hashed, "no hashed stylesheet was written")
            self.assertTrue(
                list(Path(root, "css").glob("site.*.css.gz")), "no compressed stylesheet was written"
            )
            response = self.client.get("/")
            self.assertContains(response, f"/static/css/{hashed[0]}")
