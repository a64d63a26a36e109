"""The private store for files sent by the public: on local disk under PRIVATE_MEDIA_ROOT, outside
MEDIA_ROOT and the static files, and without a URL. Editors read them through the admin only."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        # Read at each use, not once, so tests (and a changed setting) put files where they say.
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Files sent by the public have no URL: editors open them in the admin.")


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    # A callable, so that migrations do not record where the files are.
    return private_storage
