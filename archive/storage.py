"""The media store, and which of its files have an address.

One store (a folder under MEDIA_ROOT, or one S3 bucket) holds two kinds of file, told apart by the name:

- **originals** (`sources/ab/<sha256>.pdf`, `photos/ab/<sha256>.jpg`): the evidence as uploaded, named by
  the SHA-256 of their bytes (archive/files.py), never replaced. They have no public address: a photograph's
  original may carry GPS coordinates, and a source's file is public only while its page is. url() of an
  original is the editors' view (archive/views/media.py), which checks permission and then, on S3,
  redirects to a link signed for a few minutes; on local disk it sends the file itself. The public
  downloads a published source's file through its page's own view (`/sources/<slug>/file/`).
- **derivatives** (`derivatives/ab/<sha256>/web.jpg`): the web copies pages show, stripped of metadata,
  named by their original's hash and the recipe. They are public: served at `MEDIA_URL` by the site's view,
  or by a proxy in front of the bucket (docs/deployment.md, "Media on S3").

Submitted files are elsewhere (submissions/storage.py) and have no address at all.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import PurePosixPath

from botocore.config import Config
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.encoding import filepath_to_uri
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

DERIVATIVES = "derivatives/"
# The only names served publicly: what archive/derivatives.py writes, and nothing else under the prefix.
DERIVATIVE_NAME = re.compile(
    r"derivatives/(?P<shard>[0-9a-f]{2})/(?P<sha256>[0-9a-f]{64})/(?P<file>[a-z]+\.(?:jpg|png))"
)
DERIVATIVE_TYPES = {".jpg": "image/jpeg", ".png": "image/png"}
# Derivatives can be made again (make_derivatives --force), so caches keep them a day, not forever.
DERIVATIVE_CACHE_CONTROL = "public, max-age=86400"


def is_derivative(name: str) -> bool:
    match = DERIVATIVE_NAME.fullmatch(name)
    return bool(match) and match["sha256"].startswith(match["shard"])


def derivative_headers(name: str) -> dict[str, str]:
    """How a public derivative is served: its type, shown inline under its short name, never sniffed."""
    filename = PurePosixPath(name).name
    return {
        "Content-Type": DERIVATIVE_TYPES[PurePosixPath(name).suffix],
        "Content-Disposition": content_disposition_header(False, filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": DERIVATIVE_CACHE_CONTROL,
    }


def original_url(name: str) -> str:
    return reverse("original_file", args=[name])


def original_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


class LocalMediaStorage(FileSystemStorage):
    """Media on local disk (MEDIA_ROOT). Only derivatives get a MEDIA_URL address."""

    def url(self, name):
        return super().url(name) if is_derivative(name) else original_url(name)


class S3MediaStorage(S3Storage):
    """Media in an S3 bucket that is private as a whole: no object is readable without a signature.

    Derivatives are written with the headers they are served with (a proxy passing them straight from
    the bucket sends them on). Originals are written as attachments, and are only ever read by the
    archive itself or through a signed link that says the same.
    """

    def get_default_settings(self):
        # Where editors' browsers reach the store, when not at endpoint_url (e.g. MinIO on an internal
        # address): signed links carry this host. The signature covers it, so it must be the host the
        # store is asked under.
        return {**super().get_default_settings(), "editor_endpoint_url": None}

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        # Called for writes, and for reads with only the download arguments kept.
        if is_derivative(name):
            headers = derivative_headers(name)
            params.setdefault("ContentType", headers["Content-Type"])
            params.setdefault("ContentDisposition", headers["Content-Disposition"])
            params.setdefault("CacheControl", headers["Cache-Control"])
        else:
            params.setdefault("ContentType", original_type(name))
            params.setdefault("ContentDisposition", "attachment")
            params.setdefault("CacheControl", "private, no-store")
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not is_derivative(name):
            return original_url(name)
        if self.custom_domain:
            return super().url(name)
        # Served by the site's own view (archive/views/media.py), on the site's origin.
        return settings.MEDIA_URL + filepath_to_uri(name)

    @property
    def signs_links_for_editors(self) -> bool:
        """Whether editors' browsers can follow a signed link: on S3 itself, or where the store's address
        for them is given. Otherwise (a store on an internal address only) the archive sends the file."""
        return bool(self.editor_endpoint_url) or self.endpoint_url is None

    def signed_url(self, name: str, *, filename: str, content_type: str) -> str:
        """A link to an original, good for `querystring_expire` seconds, that downloads it as `filename`."""
        session = self._create_session()
        client = session.client(
            "s3",
            region_name=self.region_name,
            use_ssl=self.use_ssl,
            endpoint_url=self.editor_endpoint_url or self.endpoint_url,
            # Signature version 4 (X-Amz-Expires …): version 2 links are refused by newer regions.
            config=self.client_config.merge(Config(signature_version=self.signature_version or "s3v4")),
            verify=self.verify,
        )
        params = {
            "Bucket": self.bucket_name,
            "Key": self._normalize_name(name),
            # The store sends these instead of the object's own: a download under its uploaded name.
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
        }
        return client.generate_presigned_url("get_object", Params=params, ExpiresIn=self.querystring_expire)
