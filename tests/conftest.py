"""Test-wide settings: a fast password hasher, media and collected static files in throwaway folders."""

import tempfile

import pytest
from django.conf import settings
from django.utils import translation


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="archive-test-media-")
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="archive-test-static-")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a request to a /fa/ page leaves Persian active in its thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
