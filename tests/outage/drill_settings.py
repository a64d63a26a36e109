"""Production settings for the drill's gunicorn process, except static files: no collectstatic manifest needed."""

from archive.settings import *  # noqa: F403
from archive.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
