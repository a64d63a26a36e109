"""Test-wide settings: a fast password hasher, media and collected static files in throwaway folders."""

import tempfile

from django.conf import settings


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="archive-test-media-")
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="archive-test-static-")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
