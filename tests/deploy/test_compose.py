"""compose.yaml's own services run commands the test suite runs too, outside Docker.

No Docker engine exists on the build machines. So the release service's command is run here as compose
would run it (`sh -c …`, with a production environment) against a fresh database, then the web service's
command starts gunicorn on that database, and the image's HEALTHCHECK asks it whether it is up.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import tempfile
import urllib.request

import yaml
from django.test import SimpleTestCase

from tests.deploy.production import BASE_DIR, production_env, run
from tests.servers import wait_until_listening

RELEASE = "python manage.py migrate --noinput && python manage.py check --deploy --fail-level WARNING"
WEB = ["gunicorn", "-c", "gunicorn.conf.py", "archive.wsgi:application"]


def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "compose.yaml").read_text())


def dockerfile_instruction(name: str) -> list[str]:
    """The JSON (exec form) arguments of the Dockerfile's last NAME instruction, continuation lines joined."""
    text = (BASE_DIR / "Dockerfile").read_text().replace("\\\n", " ")
    found = re.findall(rf"^{name}\s+(?:--\S+\s+)*(?:CMD\s+)?(\[.*\])\s*$", text, re.MULTILINE)
    assert found, f"no {name} in exec form in the Dockerfile"
    return json.loads(found[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ComposeFileTests(SimpleTestCase):
    def test_the_release_step_migrates_then_checks_the_deployment(self):
        release = compose()["services"]["release"]
        self.assertEqual(release["command"], ["sh", "-c", RELEASE])
        self.assertEqual(release["restart"], "no")

    def test_the_web_service_runs_the_images_command(self):
        services = compose()["services"]
        self.assertEqual(services["web"]["command"], WEB)
        self.assertEqual(dockerfile_instruction("CMD"), WEB)
        self.assertEqual(
            services["web"]["depends_on"]["release"]["condition"], "service_completed_successfully"
        )

    def test_the_stack_has_postgres_on_a_named_volume_redis_and_an_s3_store(self):
        config = compose()
        services = config["services"]
        self.assertTrue(services["db"]["image"].startswith("postgres:"))
        volume = services["db"]["volumes"][0].split(":")[0]
        self.assertIn(volume, config["volumes"])
        env = services["web"]["environment"]
        self.assertTrue(env["DATABASE_URL"].startswith("postgres://archive:"))
        self.assertTrue(env["DATABASE_URL"].endswith("@db:5432/archive"))
        self.assertEqual(env["REDIS_URL"], "redis://redis:6379/0")
        self.assertEqual(env["AWS_S3_ENDPOINT_URL"], "http://media:9000")
        self.assertIn("media", services)
        self.assertEqual(services["web"]["environment"], services["release"]["environment"])

    def test_every_variable_it_sets_for_the_archive_is_one_the_archive_reads(self):
        read = (BASE_DIR / "archive" / "settings.py").read_text() + (
            BASE_DIR / "gunicorn.conf.py"
        ).read_text()
        boto = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # read by boto3, the S3 client
        for name in compose()["services"]["web"]["environment"]:
            if name not in boto:
                self.assertIn(f'"{name}"', read, f"{name} is set by compose.yaml but read by nothing")


class ComposeCommandsTests(SimpleTestCase):
    def test_release_then_web_then_the_health_check(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = production_env(
                DATABASE_URL=f"sqlite:///{tmp}/archive.sqlite3",
                PRIVATE_MEDIA_ROOT=f"{tmp}/private-media",
                MEDIA_ROOT=f"{tmp}/media",
            )
            release = run(compose()["services"]["release"]["command"], env, timeout=300)
            self.assertEqual(release.returncode, 0, release.stdout + release.stderr)
            self.assertIn("Applying archive.0001", release.stdout)
            self.assertIn("System check identified no issues", release.stdout)

            port = free_port()
            # gunicorn takes options from GUNICORN_CMD_ARGS over its config file: here, a free port.
            env["GUNICORN_CMD_ARGS"] = f"--bind 127.0.0.1:{port} --workers 1 --no-control-socket"
            with tempfile.TemporaryFile("w+") as out:
                web = subprocess.Popen(
                    compose()["services"]["web"]["command"], cwd=BASE_DIR, env=env, stdout=out, stderr=out
                )
                try:
                    wait_until_listening(self, port, web, out)
                    health = dockerfile_instruction("HEALTHCHECK")
                    health = [arg.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for arg in health]
                    probe = run(health, env, timeout=30)
                    self.assertEqual(probe.returncode, 0, probe.stderr)
                    # The database the release step migrated answers through the web process.
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{port}/readyz",
                        headers={"Host": "archive.example.org", "X-Forwarded-Proto": "https"},
                    )
                    with urllib.request.urlopen(request, timeout=10) as response:
                        self.assertEqual(response.read(), b"ready\n")
                    # A host the site does not serve fails the probe: the check can fail.
                    probe = run(health, {**env, "SITE_URL": "https://elsewhere.example"}, timeout=30)
                    self.assertNotEqual(probe.returncode, 0)
                finally:
                    web.terminate()
                    web.wait(10)
