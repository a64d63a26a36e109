"""Public derivatives of evidence files: what pages show instead of the original.

Images (photographs, image sources) get a web-size copy and a thumbnail, re-encoded from their pixels:
turned upright by their EXIF orientation, then written with no metadata at all (no camera, no GPS, no
editing history). PDFs get a preview of their first page, drawn by pdftoppm (poppler-utils) when it is
installed; without it they get none. Originals are only read, never changed.

A derivative is named after its original's SHA-256 (`derivatives/ab/<sha256>/web.jpg`), so no column
records it and the same bytes, stored once, have their derivatives made once.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image, ImageCms, ImageOps

from archive.files import IMAGE_TYPES, open_image

logger = logging.getLogger(__name__)

WEB = "web.jpg"
THUMBNAIL = "thumb.jpg"
PREVIEW = "preview.png"

# The longest side, in pixels.
SIZES = {WEB: 1600, THUMBNAIL: 320, PREVIEW: 1600}
JPEG_QUALITY = 85

IMAGE, PDF = "image", "pdf"
MADE_FOR = {IMAGE: [WEB, THUMBNAIL], PDF: [PREVIEW]}


class DerivativeError(Exception):
    """The original could not be read to make its derivatives."""


def kind_of(media_type: str) -> str | None:
    """Which derivatives a file of this type gets: "image", "pdf", or None for none."""
    if media_type in IMAGE_TYPES:
        return IMAGE
    if media_type == "application/pdf":
        return PDF
    return None


def derivative_name(sha256: str, derivative: str) -> str:
    return f"derivatives/{sha256[:2]}/{sha256}/{derivative}"


def pdftoppm_path() -> str | None:
    return shutil.which("pdftoppm")


def make_derivatives(
    storage: Storage, name: str, sha256: str, kind: str | None, *, force: bool = False
) -> list[str]:
    """Make the derivatives an original is missing (all of them with force); return the names written.

    Raises DerivativeError when the original cannot be read or drawn. A PDF gets no preview, and no
    error, where pdftoppm is not installed.
    """
    wanted = [d for d in MADE_FOR.get(kind, []) if force or not storage.exists(derivative_name(sha256, d))]
    if not wanted:
        return []
    if kind == PDF:
        if pdftoppm_path() is None:
            logger.info("pdftoppm is not installed: no preview for %s.", name)
            return []
        made = {PREVIEW: _pdf_preview(storage, name)}
    else:
        made = _image_derivatives(storage, name)
    written = []
    for derivative in wanted:
        target = derivative_name(sha256, derivative)
        # Derivatives, unlike originals, may be replaced: they are made again from the original.
        if storage.exists(target):
            storage.delete(target)
        written.append(storage.save(target, ContentFile(made[derivative])))
    return written


def _image_derivatives(storage: Storage, name: str) -> dict[str, bytes]:
    try:
        with storage.open(name, "rb") as original:
            image = open_image(original)
            with image:
                # JPEG can be decoded at a fraction of its size: much faster, and enough for 1600 px.
                image.draft("RGB", (SIZES[WEB], SIZES[WEB]))
                upright = ImageOps.exif_transpose(image)
                pixels = _in_srgb(upright, image.info.get("icc_profile"))
                return {derivative: _jpeg(pixels, SIZES[derivative]) for derivative in (WEB, THUMBNAIL)}
    except ValidationError as error:  # refused by open_image: not an image, or too large
        raise DerivativeError(f"cannot read the image {name}: {' '.join(error.messages)}") from error
    except Exception as error:  # truncated, or broken beyond the header
        raise DerivativeError(f"cannot read the image {name}: {error}") from error


def _in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """RGB or grey pixels in sRGB, transparency laid on white: what a JPEG without a profile means."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if icc_profile and image.mode == "RGB":
        # The profile is metadata too, and is dropped; colours are converted so they still look right.
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            image = ImageCms.profileToProfile(image, source_profile, ImageCms.createProfile("sRGB"))
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image


def _jpeg(image: Image.Image, longest: int) -> bytes:
    reduced = image.copy()
    reduced.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    _bare(reduced).save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _bare(image: Image.Image) -> Image.Image:
    # A new image from the pixels alone: nothing of the original's info (EXIF, XMP, comments) comes along.
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _pdf_preview(storage: Storage, name: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="preview-") as workdir:
        # A local copy, whatever the storage: pdftoppm wants a file.
        path = Path(workdir) / "document.pdf"
        try:
            with storage.open(name, "rb") as stored, path.open("wb") as local:
                for chunk in stored.chunks():
                    local.write(chunk)
        except OSError as error:
            raise DerivativeError(f"cannot read {name}: {error}") from error
        page = Path(workdir) / "page"
        command = [pdftoppm_path(), "-f", "1", "-l", "1", "-singlefile", "-png"]
        command += ["-scale-to", str(SIZES[PREVIEW]), str(path), str(page)]
        try:
            subprocess.run(command, capture_output=True, timeout=settings.EXTRACT_TIMEOUT, check=True)
        except subprocess.CalledProcessError as error:
            message = error.stderr.decode(errors="replace")[:500]
            raise DerivativeError(f"pdftoppm could not draw {name}: {message}") from error
        except (subprocess.TimeoutExpired, OSError) as error:
            raise DerivativeError(f"pdftoppm could not draw {name}: {error}") from error
        try:
            with page.with_suffix(".png").open("rb") as drawn, open_image(drawn) as image:
                pixels = _in_srgb(image, None)
                buffer = io.BytesIO()
                _bare(pixels).save(buffer, "PNG", optimize=True)
        except Exception as error:
            raise DerivativeError(f"cannot read the preview drawn from {name}: {error}") from error
    return buffer.getvalue()
