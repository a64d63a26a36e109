"""BagIt bags (RFC 8493) of the published archive, to deposit with a library or keep offline.

A bag is a directory: bagit.txt says what it is; data/ is the payload; manifest-sha256.txt gives the
SHA-256 of every payload file; bag-info.txt says who made the bag, when, how large it is, how many
records of each type it holds and under which licence; tagmanifest-sha256.txt gives the SHA-256 of
those three. The payload is every table of the open-data dump (archive/exports.py) as CSV and JSON
Lines; the public files under data/files/ at their storage names: the documents of published sources,
and the web copies of the photographs of published victims and perpetrators; and files.csv /
files.jsonl, which say whose each file is and whom a photograph is credited to.

Nothing is held in memory: rows are written as queryset.iterator() reads them, files are copied in
chunks, and every SHA-256 is counted while its file is written. The bag is built in a hidden sibling
directory and renamed into place at the end, so a failed run leaves no half bag.
"""

from __future__ import annotations

import shutil
import textwrap
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.db.models import QuerySet
from django.utils import timezone, translation

from archive import derivatives, exports
from archive.exports import PUBLISHED, HashingFile
from archive.models import Source
from perpetrators.models import PerpetratorPhoto
from victims.models import VictimPhoto

BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
SOFTWARE_AGENT = "memorial-archive export_bag (archive/bag.py)"
COPY_CHUNK = 1024 * 1024
PROGRESS_EVERY = 5000

DESCRIPTION = (
    "The published records of the memorial archive of the 1988 prison massacre and the November 2019 "
    "(Aban 1398) killings in Iran, from {site}. data/ holds each record type as CSV (UTF-8 with a "
    "byte-order mark) and as JSON Lines, with the same columns as the archive's open-data dump; "
    "data/files/ holds the documents of published sources and web copies of the photographs of published "
    "victims and perpetrators; data/files.csv says which record each file belongs to."
)
# The documents and photographs are not the archive's own work, so its licence cannot cover them.
FILES_NOTE = (
    "The documents and photographs in data/files/ remain the work of their authors and photographers "
    "(files.csv gives each photograph's credit) and are kept here for reference and verification; "
    "the licence above does not cover them."
)

# The columns of files.csv: one row per public file, saying whose it is.
FILE_COLUMNS = [
    *("path", "record_type", "record_id", "record_url"),
    *("caption_en", "caption_fa", "credit", "source_id"),
]


class BagError(Exception):
    """The bag cannot be written: the directory is taken, or a stored file is missing or altered."""


@dataclass
class Bagged:
    """What a bag holds: rows per table (and "files"), and the payload's size and number of files."""

    path: Path
    counts: dict[str, int]
    octets: int
    files: int


def ignore(message: str) -> None:
    pass


def write_bag(
    destination: Path, *, replace: bool = False, progress: Callable[[str], None] = ignore
) -> Bagged:
    """Write a bag of the published archive at `destination`.

    `destination` must not exist or be empty; with `replace`, it may hold an earlier bag, which the new
    one replaces once it is complete. Raises BagError, or OSError when the disk or storage fails.
    """
    destination = destination.resolve()
    check_destination(destination, replace=replace)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.{uuid.uuid4().hex[:8]}.partial")
    partial.mkdir()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            counts, payload = fill(partial, progress)
        move_into_place(partial, destination)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Bagged(path=destination, counts=counts, octets=payload.octets, files=payload.files)


def check_destination(destination: Path, *, replace: bool) -> None:
    """Raise BagError, having changed nothing, unless the bag may be written at `destination`."""
    if not destination.name:
        raise BagError(f"{destination} cannot hold a bag: name a directory inside it.")
    if not destination.exists():
        return
    if not destination.is_dir():
        raise BagError(f"{destination} exists and is not a directory.")
    if not any(destination.iterdir()):
        return
    if not replace:
        raise BagError(f"{destination} is not empty: name a new directory, or pass --force to replace a bag.")
    # --force replaces an earlier bag, never a directory that merely happens to be named.
    if not (destination / "bagit.txt").is_file():
        raise BagError(f"{destination} is not empty and holds no bag (bagit.txt): it is left as it is.")


def move_into_place(partial: Path, destination: Path) -> None:
    """Rename the finished bag into place; an earlier bag there is removed only once the new one is in."""
    if not destination.exists():
        partial.rename(destination)
        return
    earlier = partial.with_suffix(".earlier")
    destination.rename(earlier)
    try:
        partial.rename(destination)
    except OSError:
        earlier.rename(destination)
        raise
    shutil.rmtree(earlier)


# The bag's files.


class Payload:
    """The payload manifest, written one line per file as each file is finished, and the Payload-Oxum."""

    def __init__(self, manifest: HashingFile):
        self.manifest = manifest
        self.octets = 0
        self.files = 0

    def add(self, path: str, written: HashingFile) -> None:
        self.manifest.write(f"{written.digest.hexdigest()}  {manifest_path(path)}\n")
        self.octets += written.size
        self.files += 1


def manifest_path(path: str) -> str:
    """A path as a manifest line gives it: CR, LF and % percent-encoded (RFC 8493, 2.1.3)."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def fill(root: Path, progress: Callable[[str], None]) -> tuple[dict[str, int], Payload]:
    """Write bagit.txt, the payload and its manifest, bag-info.txt, then the tag manifest."""
    (root / "data").mkdir()
    tags = {"bagit.txt": write_text(root / "bagit.txt", BAGIT_TXT)}
    with (root / "manifest-sha256.txt").open("wb") as handle:
        payload = Payload(HashingFile(handle))
        with exports.one_snapshot():
            counts = {
                table.name: write_rows(root, table.name, table.columns, table.rows(), payload, progress)
                for table in exports.TABLES
            }
            counts["files"] = write_rows(
                root, "files", FILE_COLUMNS, copy_public_files(root, payload), payload, progress
            )
    tags["manifest-sha256.txt"] = payload.manifest
    tags["bag-info.txt"] = write_text(root / "bag-info.txt", bag_info(counts, payload))
    write_text(
        root / "tagmanifest-sha256.txt",
        "".join(f"{written.digest.hexdigest()}  {name}\n" for name, written in tags.items()),
    )
    return counts, payload


def write_text(path: Path, text: str) -> HashingFile:
    with path.open("wb") as handle:
        written = HashingFile(handle)
        written.write(text)
    return written


def write_rows(
    root: Path,
    name: str,
    columns: list[str],
    rows: Iterator[dict[str, Any]],
    payload: Payload,
    progress: Callable[[str], None],
) -> int:
    """data/<name>.csv and data/<name>.jsonl, written row by row; how many rows."""
    csv_path, json_path = f"data/{name}.csv", f"data/{name}.jsonl"
    count = 0
    with (root / csv_path).open("wb") as csv_handle, (root / json_path).open("wb") as json_handle:
        csv_file, json_file = HashingFile(csv_handle), HashingFile(json_handle)
        csv_file.write(exports.csv_header(columns))
        for row in rows:
            csv_file.write(exports.csv_line(columns, row))
            json_file.write(exports.json_line(row))
            count += 1
            if count % PROGRESS_EVERY == 0:
                progress(f"  {name}: {count:,} rows…")
    payload.add(csv_path, csv_file)
    payload.add(json_path, json_file)
    progress(f"{name}: {count:,} rows")
    return count


def bag_info(counts: dict[str, int], payload: Payload) -> str:
    tags = [
        ("Source-Organization", str(settings.SITE_NAME)),
        ("External-Description", DESCRIPTION.format(site=settings.SITE_URL)),
        ("Bagging-Date", timezone.now().date().isoformat()),
        ("Payload-Oxum", f"{payload.octets}.{payload.files}"),
        ("Bag-Software-Agent", SOFTWARE_AGENT),
        *((count_tag(name), str(count)) for name, count in counts.items()),
        ("Licence", exports.LICENCE.removeprefix("Licence:") + " " + FILES_NOTE),
    ]
    return "".join(tag_line(name, value) for name, value in tags)


def count_tag(table: str) -> str:
    """The tag of a table's row count: perpetrator_links gives Perpetrator-Links-Count."""
    return "-".join(word.capitalize() for word in table.split("_")) + "-Count"


def tag_line(name: str, value: str) -> str:
    """One tag, `Name: value`, folded at 79 characters onto indented lines (RFC 8493, 2.2.2)."""
    return (
        textwrap.fill(
            f"{name}: {value.strip()}",
            width=79,
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        + "\n"
    )


# The public files: what anyone can download or see on a published record's page.


def public_sources_with_files() -> QuerySet:
    """Published sources with a file: anyone may download the original from the source's page."""
    return Source.objects.published().exclude(file="").order_by("pk")


def public_photos(model, owner: str) -> QuerySet:
    """The photographs of published victims (or perpetrators): their pages show every one."""
    return (
        model.objects.filter(**{f"{owner}__status": PUBLISHED})
        .exclude(image="")
        .select_related(owner, "source")
        .order_by("pk")
    )


def copy_public_files(root: Path, payload: Payload) -> Iterator[dict[str, Any]]:
    """Copy each public file into data/files/ and yield its row of files.csv.

    A photograph is bagged as the web copy its page shows, never as the original, which may carry GPS
    coordinates and other metadata (archive/derivatives.py). One stored before names were hashes has no
    web copy, and no page shows it.
    """
    for source in public_sources_with_files().iterator(chunk_size=exports.CHUNK_SIZE):
        path = copy_file(
            root,
            source.file.storage,
            source.file.name,
            payload,
            what=f"The file of source {source.pk}",
            sha256=source.sha256,
        )
        yield file_row(path, source, source_id=source.pk)
    for model, owner in ((VictimPhoto, "victim"), (PerpetratorPhoto, "perpetrator")):
        for photo in public_photos(model, owner).iterator(chunk_size=exports.CHUNK_SIZE):
            if photo.sha256 is None:
                continue
            name = derivatives.derivative_name(photo.sha256, derivatives.WEB)
            what = f"The web copy of {model._meta.model_name} {photo.pk}, made by manage.py make_derivatives,"
            path = copy_file(root, photo.image.storage, name, payload, what=what)
            source = photo.source if photo.source and photo.source.is_published else None
            yield file_row(path, getattr(photo, owner), photo=photo, source_id=source.pk if source else None)


def file_row(path: str, record, *, photo=None, source_id: int | None) -> dict[str, Any]:
    return {
        "path": path,
        "record_type": record._meta.model_name,
        "record_id": record.pk,
        "record_url": exports.url_of(record),
        "caption_en": photo.caption_en if photo else "",
        "caption_fa": photo.caption_fa if photo else "",
        "credit": photo.credit if photo else "",
        "source_id": source_id,
    }


def copy_file(
    root: Path, storage: Storage, name: str, payload: Payload, *, what: str, sha256: str = ""
) -> str:
    """Copy a stored file to data/files/<its storage name>, in chunks; its path in the bag.

    A file two records share is copied once. A file missing from storage, or an original whose bytes no
    longer match the SHA-256 recorded when it was attached, stops the bag: an archive copy must not
    silently lack or replace evidence.
    """
    stored = PurePosixPath(name)
    if stored.is_absolute() or ".." in stored.parts:
        raise BagError(f"{what} is stored as {name!r}, a name that leads outside the bag.")
    path = f"data/files/{stored}"
    target = root / path
    if target.exists():
        return path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with storage.open(name, "rb") as original, target.open("wb") as handle:
            written = HashingFile(handle)
            for chunk in original.chunks(COPY_CHUNK):
                written.write_bytes(chunk)
    except FileNotFoundError as error:
        raise BagError(f"{what} is missing from storage: {name}") from error
    if sha256 and written.digest.hexdigest() != sha256:
        raise BagError(
            f"{what} ({name}) no longer matches the SHA-256 recorded when it was attached, {sha256}."
        )
    payload.add(path, written)
    return path
