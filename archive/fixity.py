"""Fixity: every stored original, hashed again and compared with the hash recorded when it was uploaded.

A source's file is checked against its `sha256` column; a photograph's against the hash its stored name
carries (photos have no column for it). Files are read through Django's storage API, so the check works
the same on local disk and on S3. `stored_originals()` is also what `make_derivatives` walks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models

from archive import derivatives
from archive.files import hash_stored
from archive.models import Photo, Source

MISSING = "missing"
ALTERED = "altered"
UNREADABLE = "unreadable"
NO_HASH = "no recorded hash"


@dataclass(frozen=True)
class Original:
    """One stored original: the record and field holding it, its stored name, and its expected hash."""

    record: models.Model
    field: str
    name: str
    sha256: str | None
    derivative_kind: str | None
    storage: Storage

    def __str__(self) -> str:
        label = f"{self.record._meta.label_lower} #{self.record.pk}"
        # A photograph without a caption is named by its file, which the report gives anyway.
        if str(self.record) != self.name:
            label += f" ({self.record})"
        return f"{label}, field {self.field}"


@dataclass(frozen=True)
class Finding:
    """An original that failed the check, and why."""

    original: Original
    problem: str
    actual: str = ""

    def __str__(self) -> str:
        expected = self.original.sha256 or "none: the stored name carries no hash"
        actual = {MISSING: "no file at this name", UNREADABLE: f"could not be read: {self.actual}"}.get(
            self.problem, self.actual
        )
        return (
            f"{self.problem.upper()}: {self.original}: {self.original.name}\n"
            f"    expected {expected}\n    actual   {actual}"
        )


def photo_models() -> list[type[Photo]]:
    return [model for model in apps.get_models() if issubclass(model, Photo)]


def _with_files(model: type[models.Model], field: str) -> models.QuerySet:
    return model._default_manager.exclude(**{field: ""}).order_by("pk")


def count_stored_originals() -> int:
    return _with_files(Source, "file").count() + sum(_with_files(m, "image").count() for m in photo_models())


def stored_originals() -> Iterator[Original]:
    """Every stored original in the archive: sources' files, then each kind of photograph."""
    sources = _with_files(Source, "file").only("pk", "title_en", "title_fa", "file", "sha256", "media_type")
    for source in sources.iterator(chunk_size=500):
        yield Original(
            record=source,
            field="file",
            name=source.file.name,
            sha256=source.sha256 or None,
            derivative_kind=derivatives.kind_of(source.media_type),
            storage=source.file.storage,
        )
    for model in photo_models():
        for photo in _with_files(model, "image").iterator(chunk_size=500):
            yield Original(
                record=photo,
                field="image",
                name=photo.image.name,
                sha256=photo.sha256,
                derivative_kind=derivatives.IMAGE,
                storage=photo.image.storage,
            )


def check(original: Original) -> tuple[Finding | None, int]:
    """Hash one stored original again: a finding if it is missing or altered (None if intact), and the
    number of bytes read."""
    try:
        if not original.storage.exists(original.name):
            return Finding(original, MISSING), 0
        actual, size = hash_stored(original.storage, original.name)
    # Whatever the storage raises (a permission, a network or an S3 error), the sweep goes on and
    # this file is reported.
    except Exception as error:
        return Finding(original, UNREADABLE, actual=repr(error)), 0
    if original.sha256 is None:
        return Finding(original, NO_HASH, actual=actual), size
    if actual != original.sha256:
        return Finding(original, ALTERED, actual=actual), size
    return None, size
