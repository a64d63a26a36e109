"""The environment of a production deployment, for subprocesses that load the settings as the image does."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SITE_URL = "https://archive.example.org"
# Variables of the test run that production does not set; PYTEST_VERSION would excuse a missing SUBMISSION_KEY.
_NOT_IN_PRODUCTION = ("PYTEST_VERSION", "DEBUG", "DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL")


def production_env(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in _NOT_IN_PRODUCTION}
    env = {name: value for name, value in env.items() if not name.startswith(("AWS_", "SECURE_", "GUNICORN"))}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        SUBMISSION_KEY=Fernet.generate_key().decode(),
        SITE_URL=SITE_URL,
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_SETTINGS_MODULE="archive.settings",
        # `python`, `gunicorn` in a command resolve to this virtualenv's, as they do to the image's.
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    env.update(extra)
    return env


def run(command: list[str], env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout)


def settings_in(env: dict[str, str], *names: str) -> dict:
    """The named settings as a process with this environment loads them."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = run([sys.executable, "-c", script], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
