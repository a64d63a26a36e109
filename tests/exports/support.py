"""Reading exports back as a researcher's tools would, and records to export."""

from __future__ import annotations

import csv
import io
import json

from archive.models import Status
from perpetrators.models import Perpetrator
from victims.models import Victim


def streamed(response) -> bytes:
    """The body of a streamed response; fails if the response was not streamed."""
    assert response.streaming, "the export should be a streaming response"
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[dict[str, str]]:
    text = streamed(response).decode("utf-8")
    assert text.startswith("\ufeff"), "the CSV should start with a byte-order mark"
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_rows(response) -> list:
    return json.loads(streamed(response))


def make_victim(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


def make_perpetrator(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Perpetrator:
    return Perpetrator.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)
