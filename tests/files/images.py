"""Images written by Pillow for the file tests: photographs with EXIF, damaged files, a decompression bomb."""

from __future__ import annotations

import io

from PIL import ExifTags, Image

# Tehran, as a camera would record it.
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (35.0, 41.0, 20.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (51.0, 25.0, 10.0),
}


def jpeg(width: int = 400, height: int = 200, *, shade: int = 0, orientation: int | None = None) -> bytes:
    """A JPEG red on its left half and blue on its right; `shade` makes otherwise equal images differ.

    With an orientation it also carries a camera's EXIF: make, GPS position and that orientation.
    """
    image = Image.new("RGB", (width, height), (255, shade, 0))
    image.paste((0, shade, 255), (width // 2, 0, width, height))
    buffer = io.BytesIO()
    if orientation is None:
        image.save(buffer, "JPEG", quality=95)
    else:
        exif = Image.Exif()
        exif[ExifTags.Base.Orientation] = orientation
        exif[ExifTags.Base.Make] = "Camera"
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
        image.save(buffer, "JPEG", quality=95, exif=exif, comment=b"taken at home")
    return buffer.getvalue()


def png_with_alpha() -> bytes:
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def bmp() -> bytes:
    """A whole image in a format Pillow reads but the archive does not take."""
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    return buffer.getvalue()


def truncated(data: bytes) -> bytes:
    """The first half of a file, as an interrupted upload or copy leaves it."""
    return data[: len(data) // 2]


def decompression_bomb() -> bytes:
    """A PNG of a few kilobytes that would take 100 million pixels (300 MB in RGB) to decode."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
