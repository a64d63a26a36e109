"""The backup drill: back up a small archive, restore it into a new, empty database and new media folders
in another process, and compare every table's row count, every file's hash and the history's hash chain.
Also: a restore refuses a database that holds records, and a damaged backup is named, not restored."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from archive.backup import MANIFEST, SUMS, private_storage, row_counts, walk
from editorial.models import HistoryEntry
from editorial.verification import verify_chain
from perpetrators.models import Perpetrator, PerpetratorPhoto
from submissions.models import SubmissionFile
from tests.documents.pdf import pdf_with_pages
from tests.files.images import jpeg
from tests.submissions.support import SubmissionTestCase, pdf, upload
from victims.models import Victim, VictimPhoto

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def hashes(storage) -> dict[str, str]:
    found = {}
    for name in walk(storage):
        with storage.open(name, "rb") as stream:
            found[name] = hashlib.sha256(stream.read()).hexdigest()
    return found


def folder_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


class BackupDrillTests(SubmissionTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="backup-drill-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        media = self.settings(MEDIA_ROOT=str(self.tmp / "media"), PRIVATE_MEDIA_ROOT=self.tmp / "private")
        media.enable()
        self.addCleanup(media.disable)
        cache.clear()

        source = self.make_source(
            "Blood-soaked secrets", file=ContentFile(pdf_with_pages("Report"), name="r.pdf")
        )
        victim = Victim.objects.create(name_en="Parvaneh Ahmadi", slug="parvaneh-ahmadi", status="published")
        Victim.objects.create(name_en="Hamid Rezaei", slug="hamid-rezaei")
        perpetrator = Perpetrator.objects.create(name_en="A. Official", slug="a-official", status="published")
        self.cite(victim, source)
        self.cite(perpetrator, source, quote="Another sentence.")
        with self.captureOnCommitCallbacks(execute=True):
            VictimPhoto.objects.create(victim=victim, image=ContentFile(jpeg(shade=20), name="v.jpg"))
            PerpetratorPhoto.objects.create(
                perpetrator=perpetrator, image=ContentFile(jpeg(shade=40), name="p.jpg")
            )
        victim.name_fa = "پروانه احمدی"
        victim.save()
        response = self.send(files=[self.upload_pdf()])
        self.assertContains(response, "your submission was received")

        # The archive the drill backs up holds what the brief lists, or the drill proves little.
        self.assertEqual(SubmissionFile.objects.count(), 1)
        self.assertGreaterEqual(HistoryEntry.objects.count(), 5)
        self.assertTrue(verify_chain().intact)
        self.media = hashes(default_storage)
        self.private = hashes(private_storage())
        self.assertGreaterEqual(len(self.media), 7)  # source file, 2 photos, their web copies and thumbnails
        self.assertEqual(len(self.private), 1)

    def upload_pdf(self):
        return upload("letter.pdf", pdf(), "application/pdf")

    def backup(self) -> Path:
        folder = self.tmp / "backup"
        call_command("backup", output=str(folder), stdout=io.StringIO())
        return folder

    def manage(self, *args, database_url: str, root: Path) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(root / "media"),
            "PRIVATE_MEDIA_ROOT": str(root / "private"),
            "SECRET_KEY": "test",
            "DEBUG": "1",
        }
        return subprocess.run(
            [sys.executable, str(MANAGE), *args], env=env, capture_output=True, text=True, timeout=300
        )

    def drill(self, database_url: str) -> None:
        folder = self.backup()
        expected_rows, head = row_counts(), verify_chain().head
        root = self.tmp / f"restored-{uuid.uuid4().hex[:6]}"

        restored = self.manage("restore", str(folder), database_url=database_url, root=root)
        self.assertEqual(restored.returncode, 0, restored.stdout + restored.stderr)
        self.assertIn("row counts and file hashes match the backup", restored.stdout)

        counted = self.manage(
            "shell",
            "-c",
            "import json; from archive.backup import row_counts; print(json.dumps(row_counts()))",
            database_url=database_url,
            root=root,
        )
        self.assertEqual(counted.returncode, 0, counted.stderr)
        self.assertEqual(json.loads(counted.stdout.strip().splitlines()[-1]), expected_rows)
        self.assertEqual(expected_rows["victims.victim"], 2)
        self.assertEqual(expected_rows["submissions.submissionfile"], 1)

        self.assertEqual(folder_hashes(root / "media"), self.media)
        self.assertEqual(folder_hashes(root / "private"), self.private)

        history = self.manage("verify_history", "--head", head, database_url=database_url, root=root)
        self.assertEqual(history.returncode, 0, history.stdout + history.stderr)
        self.assertIn(f"History intact: {HistoryEntry.objects.count()} entries", history.stdout)

    def test_drill_restores_into_a_new_sqlite_database_with_equal_rows_files_and_history(self):
        self.drill(f"sqlite:///{self.tmp / 'restored.sqlite3'}")

    @skipUnless(connection.vendor == "postgresql", "the tests run on SQLite")
    @skipUnless(shutil.which("createdb") and shutil.which("dropdb"), "createdb/dropdb are not on PATH")
    def test_drill_restores_into_a_new_postgresql_database(self):
        db = settings.DATABASES["default"]
        name = f"archive_restore_{uuid.uuid4().hex[:8]}"
        server = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
        server += ["-U", db.get("USER") or "postgres"]
        subprocess.run(["createdb", *server, "-E", "UTF8", "-T", "template0", name], check=True)
        self.addCleanup(subprocess.run, ["dropdb", *server, "--if-exists", name], check=False)
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        self.drill(f"postgres://{user}{password}@{server[1]}:{server[3]}/{name}")

    def test_the_backup_lists_every_file_with_its_hash_and_checks_with_sha256sum(self):
        folder = self.backup()
        manifest = json.loads((folder / MANIFEST).read_text())
        listed = {(entry["area"], entry["name"]): entry["sha256"] for entry in manifest["files"]}
        self.assertEqual(
            listed,
            {("media", n): h for n, h in self.media.items()}
            | {("private", n): h for n, h in self.private.items()},
        )
        self.assertEqual(manifest["rows"], row_counts())
        self.assertIn("0001_initial", manifest["migrations"]["victims"])
        if shutil.which("sha256sum"):
            checked = subprocess.run(["sha256sum", "-c", "--quiet", SUMS], cwd=folder, capture_output=True)
            self.assertEqual(checked.returncode, 0, checked.stdout)

    def test_restore_refuses_a_database_that_holds_records_and_changes_nothing(self):
        folder = self.backup()
        before = row_counts()
        with self.assertRaisesMessage(
            CommandError, "The database is not empty: it holds archive.citation (2)"
        ):
            call_command("restore", str(folder), stdout=io.StringIO())
        self.assertEqual(row_counts(), before)
        self.assertEqual(hashes(default_storage), self.media)

    def test_an_altered_file_is_named_by_verify_and_restore_refuses_the_backup(self):
        folder = self.backup()
        name = next(iter(self.private))
        (folder / "private" / name).write_bytes(b"tampered")
        with self.assertRaisesMessage(CommandError, "failed its checks (1 problems)"):
            call_command("backup", verify=str(folder), stdout=(out := io.StringIO()))
        self.assertIn(f"ALTERED: private/{name}: expected {self.private[name]}", out.getvalue())

        target = self.tmp / "untouched.sqlite3"
        restored = self.manage(
            "restore", str(folder), database_url=f"sqlite:///{target}", root=self.tmp / "r"
        )
        self.assertNotEqual(restored.returncode, 0)
        self.assertIn(f"nothing was restored:\nALTERED: private/{name}", restored.stderr)
        self.assertFalse((self.tmp / "r" / "private").exists())

    def test_a_missing_file_and_an_unlisted_one_are_named(self):
        folder = self.backup()
        name = next(iter(self.media))
        (folder / "media" / name).unlink()
        (folder / "media" / "extra.txt").write_text("not from the archive")
        with self.assertRaises(CommandError):
            call_command("backup", verify=str(folder), stdout=(out := io.StringIO()))
        self.assertIn(f"MISSING: media/{name}", out.getvalue())
        self.assertIn("UNLISTED: media/extra.txt", out.getvalue())
        with self.assertRaisesMessage(CommandError, f"MISSING: media/{name}"):
            call_command("restore", str(folder), stdout=io.StringIO())

    def test_a_backup_goes_into_a_new_or_empty_folder_only(self):
        folder = self.backup()
        with self.assertRaisesMessage(CommandError, "is not empty"):
            call_command("backup", output=str(folder), stdout=io.StringIO())

    def test_pg_dump_is_added_on_postgresql_only(self):
        folder = self.tmp / "native"
        if connection.vendor != "postgresql":
            with self.assertRaisesMessage(CommandError, "--pg-dump needs PostgreSQL"):
                call_command("backup", output=str(folder), pg_dump=True, stdout=io.StringIO())
            self.assertFalse(folder.exists())
            return
        if not shutil.which("pg_dump"):
            self.skipTest("pg_dump is not on PATH")
        call_command("backup", output=str(folder), pg_dump=True, stdout=io.StringIO())
        self.assertGreater((folder / "database.pgdump").stat().st_size, 1000)
        self.assertIn("  database.pgdump\n", (folder / SUMS).read_text())
