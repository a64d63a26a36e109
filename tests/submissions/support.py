"""What the submissions tests send: a form filled in as a person would, and files good and bad."""

from __future__ import annotations

import io
import time

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from submissions.forms import STAMP_SALT
from tests.base import BaseTestCase
from tests.documents.pdf import pdf_with_pages
from tests.files.images import jpeg


def stamp(seconds_ago: float = 60) -> str:
    """The hidden time stamp of a form shown `seconds_ago`."""
    return signing.dumps(time.time() - seconds_ago, salt=STAMP_SALT)


def form_data(**fields) -> dict:
    data = {
        "name_en": "Parvaneh Ahmadi",
        "name_fa": "پروانه احمدی",
        "birth_text": "1340",
        "birth_calendar": "solar_hijri",
        "death_text": "Mordad 1367",
        "death_calendar": "solar_hijri",
        "places": "Evin prison",
        "account": "She was taken from her cell in the summer and never seen again.",
        "how_known": "family",
        "how_known_detail": "She was my aunt.",
        "contact": "",
        "website": "",
        "started": stamp(),
    }
    data.update(fields)
    return data


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(name: str = "aunt.jpg", shade: int = 0) -> SimpleUploadedFile:
    return upload(name, jpeg(shade=shade, orientation=1), "image/jpeg")


def png(width: int = 20, height: int = 20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf() -> bytes:
    return pdf_with_pages("A letter from the prison.")


class SubmissionTestCase(BaseTestCase):
    def send(self, data=None, files=(), path="/submit/", **extra):
        payload = form_data() if data is None else data
        if files:
            payload = {**payload, "files": list(files)}
        return self.client.post(path, payload, **extra)
