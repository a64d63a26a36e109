"""Each submissions test gets its own private store and an empty cache (the rate limits count in it)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def private_store_and_fresh_budget(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    cache.clear()
    yield
    cache.clear()
