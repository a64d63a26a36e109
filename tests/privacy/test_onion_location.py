"""Onion-Location: pages point readers on Tor to the same page on the onion service, when there is one."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase, override_settings

from tests.base import BaseTestCase

ONION = "http://archive2x7qv3ouzmhgxehuoezd6wdozjw4tczfyfurfnxdc7ffk3ybfqd.onion"
ONION_HOST = ONION.removeprefix("http://")


@override_settings(ONION_LOCATION=ONION, ALLOWED_HOSTS=["testserver", ONION_HOST])
class OnionLocationTestCase(BaseTestCase):
    def test_a_page_names_itself_on_the_onion_service(self):
        response = self.client.get("/victims/")
        self.assertEqual(response.headers["Onion-Location"], f"{ONION}/victims/")

    def test_the_address_keeps_the_language_and_the_query(self):
        response = self.client.get("/fa/search/", {"q": "رضایی", "page": "2"})
        self.assertEqual(
            response.headers["Onion-Location"], f"{ONION}/fa/search/?q=%D8%B1%D8%B6%D8%A7%DB%8C%DB%8C&page=2"
        )

    def test_a_not_found_page_has_it_too(self):
        response = self.client.get("/victims/nobody/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.headers["Onion-Location"], f"{ONION}/victims/nobody/")

    def test_pages_on_the_onion_service_do_not_point_to_themselves(self):
        response = self.client.get("/victims/", headers={"host": ONION_HOST})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Onion-Location", response.headers)

    def test_files_and_data_do_not_carry_it(self):
        for path in ("/healthz", "/api/v1/", "/victims/export.csv"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Onion-Location", response.headers)


class WithoutOnionServiceTestCase(BaseTestCase):
    def test_no_page_has_it(self):
        self.assertEqual(settings.ONION_LOCATION, "")
        for path in ("/", "/fa/victims/", "/victims/nobody/"):
            with self.subTest(path=path):
                self.assertNotIn("Onion-Location", self.client.get(path).headers)


def settings_with(**env) -> subprocess.CompletedProcess:
    """Loads the settings in a fresh interpreter with these environment variables."""
    code = "from django.conf import settings; print(settings.ONION_LOCATION, settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS)"
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", "SECRET_KEY": "test", **env}
    environ.setdefault("SUBMISSION_KEY", base64.urlsafe_b64encode(bytes(32)).decode())
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, cwd=settings.BASE_DIR, capture_output=True, text=True
    )


class OnionAddressSettingTestCase(SimpleTestCase):
    def test_the_onion_address_is_one_of_the_sites_hosts(self):
        result = settings_with(ONION_ADDRESS=f"{ONION}/", SITE_URL="https://archive.example")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.strip(),
            f"{ONION} ['archive.example', '{ONION_HOST}'] ['https://archive.example', '{ONION}']",
        )

    def test_an_address_that_is_not_an_onion_is_refused(self):
        for address in ("archive.onion", "https://archive.example", f"{ONION}/victims/", "ftp://x.onion"):
            with self.subTest(address=address):
                result = settings_with(ONION_ADDRESS=address)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("ONION_ADDRESS must be an address like http://", result.stderr)
