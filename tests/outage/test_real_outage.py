"""A real drill on PostgreSQL: the app in its own gunicorn process reaches the database through a proxy
that this test cuts and restores. While it is cut, every page is a 503 with Retry-After; once it is back,
the same process answers 200 again, without a restart."""

from __future__ import annotations

import base64
import contextlib
import http.client
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import threading
from unittest import skipUnless

from django.conf import settings
from django.db import connection
from django.test import TestCase

from tests.servers import wait_until_listening

PAGES = ["/", "/victims/", "/fa/victims/", "/api/v1/victims/", "/readyz"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    """Forwards 127.0.0.1:<port> to the database; stop() cuts every connection, start() lets them in again."""

    def __init__(self, port: int, target: tuple[str, int]):
        self.port, self.target = port, target
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self):
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@skipUnless(connection.vendor == "postgresql", "the drill cuts a real PostgreSQL connection")
@skipUnless(importlib.util.find_spec("gunicorn"), "gunicorn is not installed")
class RealOutageTestCase(TestCase):
    def start_app(self, port: int, database_port: int, conn_max_age: int):
        db = connection.settings_dict
        user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env = {
            **os.environ,
            "SECRET_KEY": "outage-test",
            "SUBMISSION_KEY": base64.urlsafe_b64encode(bytes(32)).decode(),
            "DEBUG": "",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "DATABASE_URL": f"postgres://{user}@127.0.0.1:{database_port}/{db['NAME']}",
            "DATABASE_CONN_MAX_AGE": str(conn_max_age),
            "DJANGO_SETTINGS_MODULE": "tests.outage.drill_settings",
        }
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        command += ["--no-control-socket", "archive.wsgi:application"]
        log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - open for the whole test, closed by its cleanup
        self.addCleanup(log.close)
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log)
        self.addCleanup(process.wait, 10)
        self.addCleanup(process.terminate)
        wait_until_listening(self, port, process, log)

    def get(self, port: int, path: str) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def drill(self, conn_max_age: int):
        app_port, proxy_port = free_port(), free_port()
        proxy = Proxy(
            proxy_port,
            (connection.settings_dict["HOST"] or "127.0.0.1", int(connection.settings_dict["PORT"] or 5432)),
        )
        proxy.start()
        self.addCleanup(proxy.stop)
        self.start_app(app_port, proxy_port, conn_max_age)
        for path in PAGES:
            status, _, body = self.get(app_port, path)
            self.assertEqual(status, 200, (path, body[-2000:]))

        proxy.stop()  # the database goes away
        for path in PAGES:
            with self.subTest(path=path, database="down"):
                status, headers, body = self.get(app_port, path)
                self.assertEqual(status, 503, (path, body[-2000:]))
                if path != "/readyz":
                    self.assertEqual(headers["Retry-After"], "30")
                    self.assertEqual(headers["Cache-Control"], "no-store")
                self.assertNotIn(b"Traceback", body)
                self.assertNotIn(str(proxy_port).encode(), body)
        status, _, body = self.get(app_port, "/fa/victims/")
        self.assertIn(b'<html lang="fa" dir="rtl">', body)

        proxy.start()  # and comes back: the same process serves again
        for path in PAGES:
            with self.subTest(path=path, database="back"):
                self.assertEqual(self.get(app_port, path)[0], 200, path)

    def test_a_new_connection_per_request(self):
        self.drill(conn_max_age=0)

    def test_persistent_connections(self):
        self.drill(conn_max_age=60)
