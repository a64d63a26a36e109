"""The Dockerfile, read as text (no Docker engine here), and what it runs, run outside it."""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock, skipUnless

from django.test import SimpleTestCase

from tests.deploy.production import BASE_DIR, production_env
from tests.deploy.test_compose import dockerfile_instruction

DOCKERFILE = (BASE_DIR / "Dockerfile").read_text()


def stages() -> list[str]:
    """The Dockerfile's build stages, each from its FROM line on."""
    return re.split(r"^(?=FROM )", DOCKERFILE, flags=re.MULTILINE)[1:]


class DockerfileTests(SimpleTestCase):
    def test_two_stages_on_the_slim_python_313_image(self):
        self.assertEqual(len(stages()), 2)
        for stage in stages():
            self.assertRegex(stage.splitlines()[0], r"^FROM python:3\.13-slim\b")

    def test_gettext_is_in_the_build_stage_only_and_translations_are_compiled_there(self):
        build, runtime = stages()
        self.assertIn("gettext", build)
        self.assertIn("python manage.py compilemessages", build)
        self.assertIn("python manage.py collectstatic --noinput", build)
        self.assertNotIn("gettext", runtime)
        self.assertIn("COPY --from=build /app /app", runtime)

    def test_it_runs_as_a_user_other_than_root(self):
        runtime = stages()[-1]
        users = re.findall(r"^USER (\S+)", runtime, re.MULTILINE)
        self.assertEqual(users, ["archive"])
        self.assertLess(runtime.index("USER archive"), runtime.index("\nCMD "))
        self.assertIn("useradd --system", runtime)

    def test_cmd_and_healthcheck_name_files_and_modules_that_exist(self):
        cmd = dockerfile_instruction("CMD")
        self.assertEqual(cmd[:3], ["gunicorn", "-c", "gunicorn.conf.py"])
        self.assertTrue((BASE_DIR / cmd[2]).is_file())
        module, _, attribute = cmd[3].partition(":")
        self.assertTrue((BASE_DIR / (module.replace(".", "/") + ".py")).is_file())
        self.assertEqual(attribute, "application")
        health = dockerfile_instruction("HEALTHCHECK")
        self.assertEqual(health[:2], ["python", "-c"])
        self.assertIn("http://127.0.0.1:8000/healthz", health[2])
        self.assertNotIn("curl", " ".join(health))
        compile(health[2], "HEALTHCHECK", "exec")

    def test_what_it_copies_exists_and_the_build_context_leaves_out_local_state(self):
        for source in re.findall(r"^COPY (?!--from)(\S+) ", DOCKERFILE, re.MULTILINE):
            self.assertTrue((BASE_DIR / source).exists(), source)
        ignored = (BASE_DIR / ".dockerignore").read_text().split()
        for name in (".git", ".venv", "var", "media", "staticfiles", ".env"):
            self.assertIn(name, ignored)

    @skipUnless(shutil.which("msgfmt"), "GNU gettext is not installed")
    def test_compilemessages_as_the_build_runs_it(self):
        # On a copy of the translations: the committed ones are left alone.
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(BASE_DIR / "locale", Path(tmp, "locale"), ignore=shutil.ignore_patterns("*.mo"))
            script = (
                "import django; django.setup(); from django.conf import settings; "
                f"settings.LOCALE_PATHS = [{tmp!r} + '/locale']; "
                "from django.core.management import call_command; call_command('compilemessages')"
            )
            env = production_env(PYTHONPATH=str(BASE_DIR))
            result = subprocess.run(
                [sys.executable, "-c", script], cwd=tmp, env=env, capture_output=True, text=True, timeout=120
            )
            self.assertEqual(result.returncode, 0, result.stderr)
            compiled = Path(tmp, "locale/fa/LC_MESSAGES/django.mo")
            self.assertGreater(compiled.stat().st_size, 1000)


class GunicornConfigTests(SimpleTestCase):
    def conf(self, **env) -> dict:
        keep = {k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "GUNICORN_WORKERS")}
        with mock.patch.dict(os.environ, {**keep, **env}, clear=True):
            return runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))

    def test_workers_come_from_the_environment(self):
        self.assertEqual(self.conf()["workers"], 3)
        self.assertEqual(self.conf(WEB_CONCURRENCY="5")["workers"], 5)
        self.assertEqual(self.conf(WEB_CONCURRENCY="5", GUNICORN_WORKERS="2")["workers"], 2)

    def test_the_config_loads_as_a_separate_process_would(self):
        result = subprocess.run(
            [sys.executable, "-c", "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"],
            cwd=BASE_DIR,
            env={**os.environ, "WEB_CONCURRENCY": "7"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "7")
