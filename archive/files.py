"""Evidence files: hashing an upload's bytes, naming it by its hash, storing the same bytes once, and
refusing an upload that cannot be read (a damaged image or PDF, an image too large to decode safely).

Nothing here knows the models: sources and photos call these helpers from their own save() and clean().
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import mimetypes
import re
import warnings
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PasswordType, PdfReader

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024

# What the archive takes as a file, from editors and the public alike, decided by the bytes: photographs
# and scans as JPEG, PNG or WebP, documents as PDF. SVG (which can carry script), HTML and anything else is
# refused. Pillow opens many more formats (EPS, PSD …), some through outside tools: it is told these only.
IMAGE_FORMATS = ["JPEG", "PNG", "WEBP"]
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
ACCEPTED_TYPES = IMAGE_TYPES | {"application/pdf"}
NOT_ACCEPTED = _(
    "“%(name)s” is not a file the archive takes: photographs as JPEG, PNG or WebP, documents as PDF."
)

# Pixels an image may have. Decoding takes memory in proportion (3 bytes a pixel in RGB), so a small
# file claiming huge dimensions, a decompression bomb, is refused before it is decoded. Pillow's own
# limit (about 89 megapixels, a 600 dpi scan of an A3 page) is generous for photographs and scans.
MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS

EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "image/tiff": ".tif",
}

SHA256_IN_NAME = re.compile(r"(?<![0-9a-f])([0-9a-f]{64})(?![0-9a-f])")

# What an editor is told when an upload is refused.
DAMAGED_IMAGE = _(
    "This image cannot be read to the end: the file is damaged or cut short. Upload the original file again."
)
DAMAGED_PDF = _(
    "This PDF cannot be opened: the file is damaged or cut short. Upload the original file again."
)
NOT_AN_IMAGE = _("This is not an image the archive accepts: upload a JPEG, PNG, WebP, GIF or TIFF file.")
TOO_LARGE = _(
    "This image has more pixels than the archive decodes safely (%(limit)s million). "
    "Upload a smaller copy, and keep the original elsewhere."
)


def sniff_media_type(head: bytes, filename: str) -> str:
    """The media type from the file's first bytes; the name is only a last resort."""
    signatures = [
        (b"%PDF-", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF8", "image/gif"),
        (b"II*\x00", "image/tiff"),
        (b"MM\x00*", "image/tiff"),
        (b"ID3", "audio/mpeg"),
        (b"PK\x03\x04", "application/zip"),
    ]
    for magic, media_type in signatures:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    try:
        # Not final: the 64 bytes may end in the middle of a Persian letter.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "text/plain"
    except UnicodeDecodeError:
        pass
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def read_head(file: IO[bytes]) -> bytes:
    """The first bytes of a file, enough to tell its type; the file is left at 0."""
    file.seek(0)
    head = file.read(64)
    file.seek(0)
    return head


def hash_file(file: IO[bytes]) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file's bytes, read in chunks from the start; the file is left at 0."""
    digest, size = hashlib.sha256(), 0
    file.seek(0)
    while chunk := file.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def hash_stored(storage: Storage, name: str) -> tuple[str, int]:
    """The SHA-256 and size of a stored file, read through the storage (local disk or S3 alike)."""
    with storage.open(name, "rb") as stored:
        return hash_file(stored)


def content_name(directory: str, sha256: str, media_type: str, filename: str) -> str:
    """Where a file is stored: named by its hash, so the same bytes always get the same name.

    The extension comes from the bytes' type where it is known, so "scan.JPEG" and "scan.jpg" holding
    the same bytes are one file; otherwise from the uploaded name.
    """
    suffix = EXTENSIONS.get(media_type) or PurePath(filename).suffix.lower()[:10]
    return f"{directory}/{sha256[:2]}/{sha256}{suffix}"


def sha256_in_name(name: str) -> str | None:
    """The hash a stored name carries, or None for a file stored before names were hashes."""
    match = SHA256_IN_NAME.search(PurePath(name).name)
    return match.group(1) if match else None


def store_once(instance, field_name: str, sha256: str) -> bool:
    """Point the record at an already stored copy of the same bytes instead of storing them again.

    Call it from save(), before the file is stored. Without it the storage would find the name taken
    and store a second copy under an invented suffix. The stored copy is hashed first: if it no longer
    matches its name (damaged or tampered with), the upload is stored under a new name, and the damaged
    copy is left for verify_fixity to report. Returns whether a stored copy was reused.
    """
    field = instance._meta.get_field(field_name)
    name = field.generate_filename(instance, getattr(instance, field_name).name)
    if not field.storage.exists(name):
        return False
    stored_sha256, _size = hash_stored(field.storage, name)
    if stored_sha256 != sha256:
        logger.warning("The stored file %s does not match its hash; the upload is stored apart.", name)
        return False
    setattr(instance, field_name, name)
    return True


def open_image(file: IO[bytes]) -> Image.Image:
    """Open an image of an accepted format, refusing a decompression bomb before any pixel is decoded.

    Raises ValidationError with a message for the editor.
    """
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=IMAGE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_large() from error
    except Image.UnidentifiedImageError as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    except Exception as error:  # a header Pillow cannot parse fails in many ways
        raise ValidationError(DAMAGED_IMAGE, code="damaged_image") from error
    if image.width * image.height > MAX_IMAGE_PIXELS:
        image.close()
        raise _too_large()
    return image


def _too_large() -> ValidationError:
    return ValidationError(TOO_LARGE, code="image_too_large", params={"limit": MAX_IMAGE_PIXELS // 1_000_000})


def check_image(file: IO[bytes]) -> None:
    """Refuse an image that is not of an accepted format, is too large, or cannot be decoded to the end.

    Django's own image check only reads the header, so a truncated JPEG would pass it.
    """
    image = open_image(file)
    try:
        image.load()
    except Exception as error:  # truncated or broken data: Pillow raises OSError, SyntaxError, ValueError …
        raise ValidationError(DAMAGED_IMAGE, code="damaged_image") from error
    finally:
        # Pillow closes the file when decoding fails; the form needs it only when it did not.
        if not file.closed:
            file.seek(0)


def check_pdf(file: IO[bytes]) -> None:
    """Refuse a PDF that pypdf cannot open or whose pages it cannot count (damaged or cut short).

    A PDF locked with a password is accepted: it is whole, only unreadable here.
    """
    file.seek(0)
    try:
        reader = PdfReader(file)
        if not reader.is_encrypted or reader.decrypt("") != PasswordType.NOT_DECRYPTED:
            len(reader.pages)
    except Exception as error:  # as in archive/documents.py: a damaged PDF fails in pypdf in many ways
        raise ValidationError(DAMAGED_PDF, code="damaged_pdf") from error
    finally:
        file.seek(0)


def check_upload(file: IO[bytes], media_type: str, name: str, accepted: set[str] = ACCEPTED_TYPES) -> None:
    """Refuse an upload of a type the archive does not take, or one it cannot decode (a damaged image or
    PDF, an image too large to decode safely)."""
    if media_type not in accepted:
        raise ValidationError(NOT_ACCEPTED % {"name": PurePath(name).name[:80]}, code="file_type")
    if media_type in IMAGE_TYPES:
        check_image(file)
    elif media_type == "application/pdf":
        check_pdf(file)
