"""With REDIS_URL set, every server process counts one submission budget (submissions/limits.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from unittest import mock, skipUnless

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.test import SimpleTestCase, override_settings

from submissions import limits

REDIS = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


class RedisSettingTests(SimpleTestCase):
    def test_redis_url_makes_the_cache_shared(self):
        code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
        env = {"DJANGO_SETTINGS_MODULE": "archive.settings", "DEBUG": "1", "REDIS_URL": REDIS, "PATH": ""}
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, check=True,
        )  # fmt: skip
        self.assertEqual(result.stdout.strip(), "django.core.cache.backends.redis.RedisCache")


@skipUnless(redis_answers(), "no Redis at 127.0.0.1:6379")
@override_settings(SUBMISSIONS_PER_MINUTE=3)
class SharedBudgetTests(SimpleTestCase):
    def worker(self, prefix):
        """The cache as one gunicorn worker holds it: its own connection to the same Redis."""
        return RedisCache(REDIS, {"KEY_PREFIX": prefix})

    @staticmethod
    def forget(cache, prefix):
        client = cache._cache.get_client(write=True)
        if keys := client.keys(f"{prefix}:*"):
            client.delete(*keys)

    def test_two_workers_spend_one_budget(self):
        prefix = f"test-{uuid.uuid4().hex}"
        first, second = self.worker(prefix), self.worker(prefix)
        self.addCleanup(self.forget, first, prefix)
        spent = []
        for cache in (first, second, first, second):
            with mock.patch.object(limits, "cache", cache):
                spent.append(limits.may_submit())
        self.assertEqual(spent, [True, True, True, False])
