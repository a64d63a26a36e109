"""A real S3-protocol server for tests: moto's standalone server, started as a process on a free port.

The archive's storage talks to it over HTTP exactly as to S3 or MinIO: no client is mocked. moto checks
neither signatures nor the expiry of signed links (5.2); MinIO and S3 do.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import tempfile
import unittest

import boto3
from django.conf import settings
from django.test import override_settings

from tests.servers import wait_until_listening

BUCKET = "archive-test-media"
CREDENTIALS = {"aws_access_key_id": "archive-test", "aws_secret_access_key": "archive-test-secret"}
REGION = "us-east-1"
SIGNED_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def media_storage(endpoint: str, **options) -> dict:
    """STORAGES["default"] as archive/settings.py builds it for a bucket, pointed at the test server."""
    return {
        "BACKEND": "archive.storage.S3MediaStorage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": CREDENTIALS["aws_access_key_id"],
            "secret_key": CREDENTIALS["aws_secret_access_key"],
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": SIGNED_SECONDS,
            "editor_endpoint_url": endpoint,
            **options,
        },
    }


@unittest.skipIf(
    importlib.util.find_spec("moto") is None,
    "moto[server] is not installed (pip install -r requirements-dev.txt)",
)
class S3ServerMixin:
    """Starts moto's server once for the test class, makes the bucket, and points the media store at it."""

    @classmethod
    def setUpClass(cls):
        port = free_port()
        cls.endpoint = f"http://127.0.0.1:{port}"
        output = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by the class cleanup, with the server)
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def stop():
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            output.close()

        cls.addClassCleanup(stop)
        wait_until_listening(unittest.TestCase(), port, process, output)
        cls.s3 = boto3.client("s3", endpoint_url=cls.endpoint, region_name=REGION, **CREDENTIALS)
        cls.s3.create_bucket(Bucket=BUCKET)
        storages = {**settings.STORAGES, "default": media_storage(cls.endpoint)}
        cls.enterClassContext(override_settings(STORAGES=storages))
        super().setUpClass()

    def setUp(self):
        super().setUp()
        # The database is rolled back after each test; the bucket is emptied before each.
        for key in self.keys():
            self.s3.delete_object(Bucket=BUCKET, Key=key)

    def object(self, key: str) -> dict:
        return self.s3.get_object(Bucket=BUCKET, Key=key)

    def keys(self, prefix: str = "") -> list[str]:
        listing = self.s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return [entry["Key"] for entry in listing.get("Contents", [])]
