"""No log line names a visitor: not their address, user agent, referrer or what they searched for.

Django's side is settings.LOGGING with archive/logging.py (and its line a request,
tests/privacy/test_request_log.py); gunicorn's is gunicorn.conf.py, which the Dockerfile runs. Both are
checked the way they run: requests through the configured handlers, and a real gunicorn process.
"""

from __future__ import annotations

import base64
import http.client
import importlib.util
import io
import json
import logging
import os
import re
import runpy
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from unittest import skipUnless

from django.conf import settings
from django.test import Client, RequestFactory, SimpleTestCase, override_settings
from django.utils.log import AdminEmailHandler

from archive.logging import ForgetTheVisitor, RequestSummary
from tests.base import BaseTestCase

ADDRESS = "203.0.113.9"
FORWARDED_FOR = "198.51.100.23"
USER_AGENT = "Mozilla/5.0 (visitor-fingerprint-7d41e)"
REFERER = "https://came-from.example/page"
SEARCHED = "name-a-family-searched-for"
VISITOR = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_USER_AGENT": USER_AGENT,
    "HTTP_X_FORWARDED_FOR": FORWARDED_FOR,
    "HTTP_REFERER": REFERER,
}
TELLTALES = (ADDRESS, FORWARDED_FOR, "visitor-fingerprint", "came-from.example", SEARCHED)
GUNICORN_CONF = settings.BASE_DIR / "gunicorn.conf.py"


class Tape(logging.Handler):
    """What any handler could make of a record: its line, its attributes, and the request's attributes."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.text = io.StringIO()

    def emit(self, record):
        self.records.append(record)
        print(self.format(record), repr(vars(record)), file=self.text)
        if getattr(record, "request", None) is not None:
            print(repr(vars(record.request)), file=self.text)


@contextmanager
def everything_logged():
    """The output of every configured stream handler, and a Tape after them on the root logger."""
    output = io.StringIO()
    tape = Tape()
    root = logging.getLogger()
    loggers = [root, *(logging.getLogger(name) for name in list(logging.Logger.manager.loggerDict))]
    handlers = {h for logger in loggers for h in logger.handlers if isinstance(h, logging.StreamHandler)}
    with ExitStack() as stack:
        for handler in handlers:
            stack.callback(handler.setStream, handler.setStream(output))
        for logger in (root, logging.getLogger("django")):
            stack.callback(logger.setLevel, logger.level)
            logger.setLevel(logging.DEBUG)
        root.addHandler(tape)
        stack.callback(root.removeHandler, tape)
        yield tape, output


@override_settings(ROOT_URLCONF="tests.privacy.urls")
class DjangoLogsTestCase(BaseTestCase):
    def test_error_responses_log_the_path_and_nothing_about_the_visitor(self):
        self.client.raise_request_exception = False
        with everything_logged() as (tape, output):
            self.assertEqual(self.client.get(f"/victims/nobody/?q={SEARCHED}", **VISITOR).status_code, 404)
            self.assertEqual(
                self.client.get(f"/fa/sources/nothing/?q={SEARCHED}", **VISITOR).status_code, 404
            )
            self.assertEqual(self.client.get(f"/broken/?q={SEARCHED}", **VISITOR).status_code, 500)
            self.assertEqual(self.client.get("/", HTTP_HOST="elsewhere.example", **VISITOR).status_code, 400)
            strict = Client(enforce_csrf_checks=True)
            self.assertEqual(strict.post("/admin/login/", {"username": SEARCHED}, **VISITOR).status_code, 403)
            self.assertEqual(self.client.get("/search/", {"q": SEARCHED}, **VISITOR).status_code, 200)
        logged = (output.getvalue() + tape.text.getvalue()).splitlines()
        for telltale in (*TELLTALES, "Mozilla"):
            self.assertEqual([line[:300] for line in logged if telltale in line], [], telltale)
        # The logs still say what failed, and where.
        self.assertIn("Not Found: /victims/nobody/", output.getvalue())
        self.assertIn("Internal Server Error: /broken/", output.getvalue())
        self.assertIn("RuntimeError: a page that fails", output.getvalue())
        self.assertIn("Invalid HTTP_HOST header", output.getvalue())
        self.assertIn("CSRF", output.getvalue())
        requests = [r.request for r in tape.records if hasattr(r, "request")]
        self.assertGreaterEqual(len(requests), 5)
        self.assertTrue(all(isinstance(request, RequestSummary) for request in requests))

    def test_no_handler_mails_error_reports(self):
        # An error report by mail holds the whole request, with the visitor's address and user agent.
        loggers = [logging.getLogger(), *map(logging.getLogger, list(logging.Logger.manager.loggerDict))]
        mailers = [h for logger in loggers for h in logger.handlers if isinstance(h, AdminEmailHandler)]
        self.assertEqual(mailers, [])


class ForgetTheVisitorTestCase(SimpleTestCase):
    def test_it_keeps_the_method_and_path_of_a_request_and_nothing_else(self):
        request = RequestFactory().get(f"/search/?q={SEARCHED}", **VISITOR)
        record = logging.makeLogRecord({"msg": "Not Found: %s", "args": (request.path,), "request": request})
        self.assertTrue(ForgetTheVisitor().filter(record))
        self.assertIsInstance(record.request, RequestSummary)
        self.assertEqual(vars(record.request), {"method": "GET", "path": "/search/"})
        self.assertEqual(repr(record.request), "<request GET /search/>")

    def test_it_leaves_records_without_a_request_alone(self):
        record = logging.makeLogRecord({"msg": "Document text extracted"})
        self.assertTrue(ForgetTheVisitor().filter(record))
        self.assertFalse(hasattr(record, "request"))


def gunicorn_settings() -> dict:
    return runpy.run_path(str(GUNICORN_CONF))


class GunicornConfigTestCase(SimpleTestCase):
    def test_the_access_log_names_no_visitor_and_no_query_string(self):
        log_format = gunicorn_settings()["access_log_format"]
        # h: address, a: user agent, f: referrer, q and r: query string, u: user; {…}i and {…}e: any
        # request header (X-Forwarded-For, Forwarded, X-Real-IP …) or environ variable (REMOTE_ADDR).
        self.assertEqual(re.findall(r"%\((?:[hafqru]|\{[^}]*\}[ie])\)s", log_format), [])
        self.assertIn("%(U)s", log_format)
        self.assertIn("%(s)s", log_format)

    def test_the_dockerfile_runs_gunicorn_with_this_file(self):
        dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
        self.assertIn('CMD ["gunicorn", "-c", "gunicorn.conf.py", "archive.wsgi:application"]', dockerfile)

    def test_it_keeps_the_images_port_and_its_error_log_with_the_access_log_off(self):
        conf = gunicorn_settings()
        self.assertEqual(conf["bind"], ["0.0.0.0:8000"])
        # Django logs one line a request (archive/request_log.py); gunicorn's would be a second.
        self.assertIsNone(conf["accesslog"])
        self.assertEqual(conf["errorlog"], "-")

    def test_the_error_log_drops_the_client_address_and_query_string_of_a_bad_request(self):
        scrub = gunicorn_settings()["_forget_the_client"]
        for address in (ADDRESS, "2001:db8::9"):
            record = logging.makeLogRecord(
                {
                    "msg": f"Invalid request from ip={address}: Invalid HTTP Version: 'GET /search/?q={SEARCHED} HTTP/9'"
                }
            )
            scrub(record)
            self.assertEqual(
                record.getMessage(), "Invalid request: Invalid HTTP Version: 'GET /search/ HTTP/9'"
            )

    def test_the_error_log_drops_the_query_string_of_a_request_that_failed(self):
        scrub = gunicorn_settings()["_forget_the_client"]
        record = logging.makeLogRecord(
            {"msg": "Error handling request %s %s", "args": ("GET", f"/search/?q={SEARCHED}")}
        )
        scrub(record)
        self.assertEqual(record.getMessage(), "Error handling request GET /search/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client_address() -> str:
    """An address of this machine other than the one gunicorn listens on, so its logs can be searched for it."""
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
        return "127.0.0.2"
    except OSError:
        return ""


@skipUnless(importlib.util.find_spec("gunicorn"), "gunicorn is not installed")
class GunicornProcessTestCase(SimpleTestCase):
    """gunicorn itself, run with gunicorn.conf.py, asked for a page and sent a malformed request."""

    def start(self, port: int, stdout, stderr, *options: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "SECRET_KEY": "gunicorn-test",
            "SUBMISSION_KEY": base64.urlsafe_b64encode(bytes(32)).decode(),
            "DEBUG": "",
            "LOG_LEVEL": "info",  # in gunicorn's case, which Django takes too
            "SITE_URL": f"http://127.0.0.1:{port}",
        }
        command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", "1", "--no-control-socket", *options, "archive.wsgi:application"]
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=stdout, stderr=stderr)
        self.addCleanup(process.wait, 10)
        self.addCleanup(process.terminate)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                stderr.seek(0)
                self.skipTest(f"gunicorn could not start on port {port}: {stderr.read()[-500:]!r}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return process
            except OSError:
                time.sleep(0.1)
        self.fail("gunicorn did not start listening within 30 seconds")

    def visit(self, *options: str) -> tuple[str, str]:
        """Sends gunicorn a request and a malformed request; what it wrote to stdout and stderr."""
        port, source = free_port(), client_address()
        with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
            process = self.start(port, stdout, stderr, *options)
            connection = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=10, source_address=(source, 0) if source else None
            )
            connection.request(
                "GET",
                f"/healthz?q={SEARCHED}",
                headers={
                    "User-Agent": USER_AGENT,
                    "X-Forwarded-For": FORWARDED_FOR,
                    "X-Real-IP": ADDRESS,
                    "Referer": REFERER,
                },
            )
            self.assertEqual(connection.getresponse().status, 200)
            connection.close()
            with socket.socket() as raw:
                if source:
                    raw.bind((source, 0))
                raw.connect(("127.0.0.1", port))
                raw.sendall(f"GET /search/?q={SEARCHED} HTTP/1.1\r\nHost: x\r\nBad header\r\n\r\n".encode())
                self.assertIn(b"400 Bad Request", raw.recv(1024))
            process.terminate()
            process.wait(10)
            stdout.seek(0)
            stderr.seek(0)
            output, errors = stdout.read(), stderr.read()
        self.assertIn("Invalid request: Invalid HTTP Header: 'Bad header'", errors)
        for telltale in (*TELLTALES, "ip="):
            self.assertNotIn(telltale, output + errors)
        if source:
            self.assertNotIn(source, output + errors)
        return output, errors

    def test_its_logs_name_neither_the_visitor_nor_what_they_asked_for(self):
        output, errors = self.visit()
        # One line for the request, Django's, in JSON; none from gunicorn's access log.
        self.assertNotRegex(output + errors, r'"GET /healthz HTTP/1.1" 200')
        lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
        requests = [line for line in lines if line["logger"] == "archive.request"]
        self.assertEqual(
            [(r["method"], r["path"], r["status"]) for r in requests], [("GET", "/healthz", 200)]
        )

    def test_its_access_log_turned_back_on_names_no_visitor_either(self):
        output, _ = self.visit("--access-logfile", "-")
        self.assertRegex(output, r'"GET /healthz HTTP/1.1" 200 \d+ \d+ms')
