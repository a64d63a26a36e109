"""Document full text: reading a source's file into numbered pages, so search can say on which page a
phrase is.

PDFs are read from their text layer (pypdf). Pages without one (scans) and images are recognised by
Tesseract in Persian and English when it is installed with its Persian data (Debian: tesseract-ocr,
tesseract-ocr-fas; PDF pages are rasterised with pdftoppm from poppler-utils). Plain text is one page.
Anything else, or a file that cannot be read (broken, encrypted), is marked "text not extracted".
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from pypdf import PasswordType, PdfReader

from archive.models import Source, SourcePage, TextStatus
from archive.normalize import normalize
from editorial.history import note, recording

logger = logging.getLogger(__name__)

OCR_LANGUAGES = "fas+eng"
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
RASTER_DPI = 300


@functools.cache
def tesseract_path() -> str | None:
    """Tesseract's path when it is installed with Persian; None when OCR cannot run here."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        listed = subprocess.run(
            [path, "--list-langs"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return path if "fas" in listed.split() else None


def pdftoppm_path() -> str | None:
    return shutil.which("pdftoppm")


def extract_source_text(source: Source) -> str:
    """Read the source's file into its pages, its extracted text and its text status; return the status.

    Old pages are replaced. A file that cannot be read is logged and marked "not extracted": this never
    raises for a bad file, since it runs right after an upload.
    """
    pages: dict[int, str] = {}
    status = TextStatus.NO_FILE
    if source.file:
        with tempfile.TemporaryDirectory(prefix="extract-") as workdir:
            # A local copy, whatever the storage: pypdf, pdftoppm and tesseract all want a file.
            path = Path(workdir) / "document"
            try:
                with source.file.open("rb") as stored, path.open("wb") as local:
                    for chunk in stored.chunks():
                        local.write(chunk)
            except OSError as error:
                logger.warning("Cannot read the file of source %s: %s", source.slug, error)
                status = TextStatus.NOT_EXTRACTED
            else:
                pages, status = _read_file(source, path)
    pages = {number: text for number, text in pages.items() if text.strip()}
    extracted_text = "\n\n".join(pages[number] for number in sorted(pages))
    with recording(via="text extraction"):
        SourcePage.objects.filter(source=source).delete()
        SourcePage.objects.bulk_create(
            # bulk_create skips SourcePage.save(), which is where search_text is normally filled.
            [
                SourcePage(source=source, number=number, text=text, search_text=normalize(text))
                for number, text in sorted(pages.items())
            ],
            batch_size=500,
        )
        # Not save(): that would touch the file. The text is part of the record's history all the same.
        Source.objects.filter(pk=source.pk).update(extracted_text=extracted_text, text_status=status)
        source.extracted_text, source.text_status = extracted_text, status
        note(source)
    return status


def _read_file(source: Source, path: Path) -> tuple[dict[int, str], str]:
    if source.media_type == "application/pdf":
        return _read_pdf(source, path)
    if source.media_type in IMAGE_TYPES:
        text = _ocr(path)
        if text is None:
            return {}, TextStatus.NOT_EXTRACTED
        return {1: text}, TextStatus.OCR
    if source.media_type == "text/plain":
        # Line endings as Python reads a text file, so the text matches what editors paste.
        text = path.read_bytes().decode("utf-8", errors="replace")
        return {1: _clean(text.replace("\r\n", "\n").replace("\r", "\n"))}, TextStatus.EXTRACTED
    return {}, TextStatus.NOT_EXTRACTED


def _read_pdf(source: Source, path: Path) -> tuple[dict[int, str], str]:
    """Each page's text layer; pages without one are OCR'd when possible.

    The status is "ocr" when any page was recognised, "extracted" when the text layer gave any text,
    and "not extracted" when no page gave text.
    """
    limit = settings.EXTRACT_MAX_PAGES
    pages: dict[int, str] = {}
    recognised = False
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            logger.warning(
                "The PDF of source %s is encrypted with a password; text not extracted.", source.slug
            )
            return {}, TextStatus.NOT_EXTRACTED
        count = len(reader.pages)
        if count > limit:
            logger.warning("Source %s has %d pages; reading the first %d.", source.slug, count, limit)
        for number in range(1, min(count, limit) + 1):
            text = _text_layer(source, reader, number)
            if not text:
                ocr_text = _ocr_pdf_page(path, number)
                if ocr_text is not None:
                    text, recognised = ocr_text, True
            pages[number] = text
    # A damaged or hostile PDF can fail in pypdf in many ways (parse, decryption, recursion errors);
    # an upload must still be saved, so any failure here means "text not extracted".
    except Exception as error:
        logger.warning("Cannot read the PDF of source %s: %r", source.slug, error)
        return {}, TextStatus.NOT_EXTRACTED
    if recognised:
        return pages, TextStatus.OCR
    if any(pages.values()):
        return pages, TextStatus.EXTRACTED
    return pages, TextStatus.NOT_EXTRACTED


def _text_layer(source: Source, reader: PdfReader, number: int) -> str:
    """One page's text layer; a page pypdf cannot read is treated as a page without one."""
    try:
        return _clean(reader.pages[number - 1].extract_text() or "").strip()
    except Exception as error:  # as in _read_pdf: one bad page must not lose the others
        logger.warning("Cannot read page %d of the PDF of source %s: %r", number, source.slug, error)
        return ""


def _ocr_pdf_page(path: Path, number: int) -> str | None:
    """The recognised text of one PDF page, or None when OCR is not available or failed."""
    pdftoppm = pdftoppm_path()
    if pdftoppm is None or tesseract_path() is None:
        return None
    image = path.with_name(f"page-{number}")
    page = str(number)
    rasterised = _run(
        [pdftoppm, "-f", page, "-l", page, "-r", str(RASTER_DPI), "-gray", "-png", "-singlefile"]
        + [str(path), str(image)]
    )
    if rasterised is None:
        return None
    text = _ocr(image.with_suffix(".png"))
    image.with_suffix(".png").unlink(missing_ok=True)
    return text


def _ocr(image: Path) -> str | None:
    """Tesseract's reading of an image in Persian and English, or None when it cannot run."""
    tesseract = tesseract_path()
    if tesseract is None:
        return None
    result = _run([tesseract, str(image), "stdout", "-l", OCR_LANGUAGES])
    return None if result is None else _clean(result.decode("utf-8", errors="replace")).strip()


def _run(command: list[str]) -> bytes | None:
    """A tool's standard output, or None (logged) when it fails or runs past EXTRACT_TIMEOUT."""
    try:
        return subprocess.run(
            command, capture_output=True, timeout=settings.EXTRACT_TIMEOUT, check=True
        ).stdout
    except subprocess.TimeoutExpired:
        logger.warning("%s ran past %s seconds; stopped.", Path(command[0]).name, settings.EXTRACT_TIMEOUT)
    except subprocess.CalledProcessError as error:
        logger.warning("%s failed: %s", Path(command[0]).name, error.stderr.decode(errors="replace")[:500])
    except OSError as error:
        logger.warning("%s could not run: %s", Path(command[0]).name, error)
    return None


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL characters in text, and lone surrogates cannot be stored as UTF-8.
    return text.replace("\x00", "").encode("utf-8", errors="replace").decode("utf-8")
