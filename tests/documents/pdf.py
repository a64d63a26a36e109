"""Minimal, valid PDFs written by hand for the tests: one page per item, text in Helvetica or a scan.

A page given as a string carries a text layer; a page given as a Pillow image carries only that
image (as a scanned page does), so its text can be found by OCR alone.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

# Persian needs a font with its letters and Raqm to join them; Debian's fonts-dejavu-core has the font.
PERSIAN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CAN_DRAW_PERSIAN = PERSIAN_FONT.exists() and features.check("raqm")


def pdf_with_pages(*pages: str | Image.Image) -> bytes:
    # Objects 1-3 are the catalog, the page tree and the font; each page then takes a page object,
    # a content stream and, for a scan, an image.
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in pages:
        if isinstance(page, Image.Image):
            gray = page.convert("L")
            pixels = zlib.compress(gray.tobytes())
            objects.append(
                b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
                % (gray.width, gray.height, len(pixels), pixels)
            )
            image_ref = len(objects)
            content = b"q 540 0 0 %d 36 300 cm /Im1 Do Q" % round(540 * gray.height / gray.width)
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image_ref
        else:
            content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % _pdf_string(page)
            resources = b"<< /Font << /F1 3 0 R >> >>"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        content_ref = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
            % (resources, content_ref)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def scan_of(text: str) -> Image.Image:
    """A white page with black words on it, large enough for OCR to read."""
    image = Image.new("L", (1400, 300), "white")
    ImageDraw.Draw(image).text((60, 100), text, fill="black", font=ImageFont.load_default(size=64))
    return image


def persian_scan_of(text: str) -> Image.Image:
    """A white page with Persian words on it, right to left."""
    image = Image.new("L", (1400, 300), "white")
    font = ImageFont.truetype(str(PERSIAN_FONT), 64)
    ImageDraw.Draw(image).text((1340, 100), text, fill="black", font=font, direction="rtl", anchor="ra")
    return image


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("latin-1")
