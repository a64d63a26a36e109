"""Backup and restore: the database and every stored file, with checksums, into a folder; and back again.

A backup is a folder:

    database.archivejsonl.gz  every record, as Django's JSON Lines, one record a line (portable: restores
                        into SQLite or PostgreSQL), but with datetimes to the microsecond: Django's own
                        JSON encoder cuts them to milliseconds, which would break the history's hash chain
    database.pgdump     PostgreSQL's own dump (`pg_dump -Fc`), only with --pg-dump on PostgreSQL
    media/...           the public media (default storage: local disk or S3), by stored name
    private/...         files sent by the public (PRIVATE_MEDIA_ROOT), never public
    MANIFEST.json       rows per model, each file's SHA-256 and size, migrations, the dump's SHA-256
    SHA256SUMS          every file above, in `sha256sum` format: `sha256sum -c SHA256SUMS` checks it

Everything is streamed (records through the serializer, files in 1 MiB chunks): memory stays flat.
A restore checks every checksum first, then refuses any database that already holds records, runs the
migrations, loads the records (history signals off: a restore is not an edit), copies the files back,
hashing each again, and compares the row counts and the history's hash chain with the backup.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
SERIALIZATION = "archivejsonl"
DUMP = f"database.{SERIALIZATION}.gz"
NATIVE_DUMP = "database.pgdump"
MANIFEST = "MANIFEST.json"
SUMS = "SHA256SUMS"
CHUNK = 1024 * 1024

# Not backed up: rebuilt by `migrate` (content types, permissions) or worthless after a restore (sessions,
# the keys of staff sessions, and the page cache's generation token, which the restore itself replaces).
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "accounts.usersession", "archive.pagegeneration")
# Rows the migrations themselves write: present in an "empty" database, replaced by the backup's rows.
MADE_BY_MIGRATIONS = {"auth.group", "auth.group_permissions"}


class BackupError(Exception):
    pass


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes and times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = jsonl.Deserializer


def register() -> None:
    """Make this module the serialization format named SERIALIZATION (for dumpdata and loaddata)."""
    serializers.register_serializer(SERIALIZATION, __name__)


def private_storage() -> Storage:
    from submissions.storage import private_storage

    return private_storage


def storages() -> dict[str, Storage]:
    """The stored files, by the folder they take in a backup."""
    return {"media": default_storage, "private": private_storage()}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def walk(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in a storage, through the storage API (works on local disk and on S3)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(directories):
        yield from walk(storage, f"{directory}/{sub}" if directory else sub)


def backed_up_models() -> list:
    """Every model (with auto-created many-to-many tables) whose rows a backup holds."""
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.app_label in EXCLUDED or label in EXCLUDED:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        chosen.append(model)
    return chosen


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _safe(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not name:
        raise BackupError(f"Unsafe file name in the backup: {name!r}")
    return name


# Making a backup ---------------------------------------------------------------------------------


def make_backup(
    output: Path, *, pg_dump: bool = False, progress: Callable[[str], None] = lambda message: None
) -> dict:
    """Write a backup into `output` (a new or empty folder); return its manifest."""
    output = Path(output)
    if pg_dump and connection.vendor != "postgresql":
        raise BackupError(f"--pg-dump needs PostgreSQL; this database is {connection.vendor}.")
    if pg_dump and shutil.which("pg_dump") is None:
        raise BackupError("--pg-dump: pg_dump is not on PATH.")
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty: a backup goes into a new or empty folder.")
    output.mkdir(parents=True, exist_ok=True)
    excluded = list(EXCLUDED)
    with transaction.atomic():
        _snapshot()
        progress("Dumping the database…")
        register()
        call_command(
            "dumpdata",
            format=SERIALIZATION,
            exclude=excluded,
            use_natural_foreign_keys=True,
            use_base_manager=True,
            output=str(output / DUMP),
            verbosity=0,
        )
        counts = row_counts()
        migrations = applied_migrations()

    native = None
    if pg_dump:
        progress("Running pg_dump…")
        native = _pg_dump(output / NATIVE_DUMP)

    files = []
    for area, storage in storages().items():
        progress(f"Copying {area} files…")
        for name in walk(storage):
            target = output / area / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest, size = hashlib.sha256(), 0
            with storage.open(name, "rb") as source, open(target, "wb") as copy:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    copy.write(chunk)
            files.append({"area": area, "name": name, "sha256": digest.hexdigest(), "size": size})

    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {
            "file": DUMP,
            "vendor": connection.vendor,
            "sha256": sha256_file(output / DUMP),
            "size": (output / DUMP).stat().st_size,
            "serialization": "Django JSON Lines (datetimes to the microsecond), natural foreign keys, gzip",
            "excluded": excluded,
        },
        "native_dump": native,
        "areas": {
            "media": "public media (default storage, MEDIA_ROOT or the S3 bucket)",
            "private": "files sent by the public (PRIVATE_MEDIA_ROOT): never public",
        },
        "rows": counts,
        "migrations": migrations,
        "files": files,
    }
    with open(output / MANIFEST, "w", encoding="utf-8") as stream:
        json.dump(manifest, stream, indent=1, ensure_ascii=False)
        stream.write("\n")
    _write_sums(output, manifest)
    return manifest


def _snapshot() -> None:
    """On PostgreSQL, read every table as of one moment, so the dump and the counts agree. Only as the
    outermost transaction's first statement (inside another transaction, as in tests, it cannot be set)."""
    if connection.vendor == "postgresql" and not connection.savepoint_ids:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def _pg_dump(target: Path) -> dict | None:
    binary = shutil.which("pg_dump")
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    command = [binary, "-Fc", "-f", str(target), "--no-owner"]
    for option, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    command.append(db["NAME"])
    subprocess.run(command, check=True, env=env)
    return {"file": NATIVE_DUMP, "sha256": sha256_file(target), "size": target.stat().st_size}


def _write_sums(output: Path, manifest: dict) -> None:
    lines = [f"{manifest['database']['sha256']}  {DUMP}"]
    if manifest["native_dump"]:
        lines.append(f"{manifest['native_dump']['sha256']}  {NATIVE_DUMP}")
    lines += [f"{entry['sha256']}  {entry['area']}/{entry['name']}" for entry in manifest["files"]]
    lines.append(f"{sha256_file(output / MANIFEST)}  {MANIFEST}")
    (output / SUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")


# Checking a backup ---------------------------------------------------------------------------------


@dataclass
class Check:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_backup(folder: Path) -> Check:
    """Hash every file a backup lists again; report any missing, altered, unlisted or inconsistent."""
    folder, check = Path(folder), Check()
    if not (folder / SUMS).is_file() or not (folder / MANIFEST).is_file():
        check.problems.append(f"{folder} is not a backup: {SUMS} or {MANIFEST} is missing.")
        return check
    listed: dict[str, str] = {}
    for line in (folder / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    for name, digest in listed.items():
        try:
            path = folder / _safe(name)
        except BackupError as error:
            check.problems.append(str(error))
            continue
        if not path.is_file():
            check.problems.append(f"MISSING: {name}")
        elif (actual := sha256_file(path)) != digest:
            check.problems.append(f"ALTERED: {name}: expected {digest}, found {actual}")
        check.checked += 1
    present = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()} - {SUMS}
    for name in sorted(present - listed.keys()):
        check.problems.append(f"UNLISTED: {name} is in the folder but not in {SUMS}")
    if MANIFEST in listed and not any(p.startswith(f"ALTERED: {MANIFEST}") for p in check.problems):
        manifest = read_manifest(folder)
        expected = {DUMP: manifest["database"]["sha256"]}
        expected |= {f"{e['area']}/{e['name']}": e["sha256"] for e in manifest["files"]}
        for name, digest in expected.items():
            if listed.get(name) != digest:
                check.problems.append(f"INCONSISTENT: {name}: {SUMS} and {MANIFEST} disagree")
    return check


def read_manifest(folder: Path) -> dict:
    with open(Path(folder) / MANIFEST, encoding="utf-8") as stream:
        manifest = json.load(stream)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (this code reads {FORMAT}).")
    return manifest


# Restoring ---------------------------------------------------------------------------------------


@dataclass
class Restore:
    rows: dict[str, int]
    files: int
    mismatches: list[str]
    history: str


def records_present() -> dict[str, int]:
    """Rows the database already holds that a restore would collide with (nothing if it is empty)."""
    tables = set(connection.introspection.table_names())
    found = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label in MADE_BY_MIGRATIONS or model._meta.db_table not in tables:
            continue
        if count := model._base_manager.count():
            found[label] = count
    return found


def files_present(manifest: dict) -> list[str]:
    areas = storages()
    return [
        f"{entry['area']}/{entry['name']}"
        for entry in manifest["files"]
        if areas[entry["area"]].exists(entry["name"])
    ]


def restore_backup(folder: Path, *, progress: Callable[[str], None] = lambda message: None) -> Restore:
    """Restore a backup into an empty database and empty file stores. Refuses (changing nothing) if the
    backup fails its checks, if the code lacks a migration the backup had, or if anything is in the way."""
    from editorial import history
    from editorial.verification import verify_chain

    folder = Path(folder)
    progress("Checking the backup's checksums…")
    check = verify_backup(folder)
    if not check.ok:
        raise BackupError("The backup failed its checks; nothing was restored:\n" + "\n".join(check.problems))
    manifest = read_manifest(folder)

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations.keys()
    unknown = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names]
    unknown = [label for label in unknown if tuple(label.split(".", 1)) not in known]
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the code (migrations unknown here: "
            + ", ".join(unknown)
            + "). Nothing was restored."
        )
    if present := records_present():
        listed = ", ".join(f"{label} ({count})" for label, count in sorted(present.items()))
        raise BackupError(
            f"The database is not empty: it holds {listed}. A restore goes into an empty database only; "
            "nothing was changed."
        )
    if in_the_way := files_present(manifest):
        raise BackupError(
            f"{len(in_the_way)} file(s) of the backup already exist in the file stores (first: "
            f"{in_the_way[0]}). A restore goes into empty stores only; nothing was changed."
        )

    progress("Migrating…")
    call_command("migrate", interactive=False, verbosity=0)
    progress("Loading the records…")
    register()
    with history.recording(via="restore", signals=False):
        call_command("loaddata", str(folder / DUMP), verbosity=0)

    mismatches = []
    areas = storages()
    for entry in manifest["files"]:
        storage, name = areas[entry["area"]], _safe(entry["name"])
        with open(folder / entry["area"] / name, "rb") as stream:
            stored = storage.save(name, File(stream, name=name))
        if stored != name:
            mismatches.append(f"FILE {entry['area']}/{name}: stored as {stored}")
            continue
        digest = hashlib.sha256()
        with storage.open(name, "rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            mismatches.append(f"FILE {entry['area']}/{name}: restored copy has hash {digest.hexdigest()}")

    counts = row_counts()
    for label, expected in sorted(manifest["rows"].items()):
        if counts.get(label) != expected:
            mismatches.append(f"ROWS {label}: backup {expected}, restored {counts.get(label)}")

    chain = verify_chain()
    if chain.intact:
        summary = f"History intact: {chain.checked} entries. Head: {chain.head}"
    else:
        summary = f"History BROKEN at entry #{chain.broken.sequence}: {chain.problem}"
        mismatches.append(summary)
    return Restore(counts, len(manifest["files"]), mismatches, summary)
