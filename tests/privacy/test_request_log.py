"""One JSON log line a request: its id, method, path, status and duration, a staff member's id, nothing on the visitor.

The lines are read as the configured handler writes them (settings.LOGGING's console handler, its
filters and the JSON formatter), with visitors who send an address, a user agent, a referrer and a
search in the query string.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from contextlib import contextmanager

from django.test import Client, SimpleTestCase, override_settings

from archive.logging import JsonFormatter, current_request_id
from archive.models import Status
from tests.base import BaseTestCase
from tests.deploy.production import production_env, run, settings_in
from tests.outage.test_database_outage import database_down
from tests.privacy.test_logs import SEARCHED, TELLTALES, VISITOR
from victims.models import Victim

FIELDS = {"time", "level", "logger", "message", "request_id", "method", "path", "status", "duration_ms"}


@contextmanager
def json_lines():
    """The lines the configured console handler writes meanwhile, in JSON whatever LOG_FORMAT says."""
    root = logging.getLogger()
    (console,) = [h for h in root.handlers if isinstance(h, logging.StreamHandler) and h.filters]
    output, formatter, level = io.StringIO(), console.formatter, root.level
    stream = console.setStream(output)
    console.setFormatter(JsonFormatter())
    root.setLevel(logging.INFO)
    lines: list[dict] = []
    try:
        yield lines
    finally:
        console.setStream(stream)
        console.setFormatter(formatter)
        root.setLevel(level)
        lines += [json.loads(line) for line in output.getvalue().splitlines() if line.startswith("{")]
        # Every line is a JSON object: a traceback is inside its line, not on lines of its own.
        assert all(line.startswith("{") for line in output.getvalue().splitlines()), output.getvalue()


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "archive.request"]


class RequestLogTestCase(BaseTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)
        Victim.objects.create(name_en="Ali Rezaei", slug="ali-rezaei", status=Status.PUBLISHED)

    def test_each_request_is_one_json_line_with_its_fields(self):
        with json_lines() as lines:
            response = self.client.get(f"/victims/?q={SEARCHED}", **VISITOR)
        self.assertEqual(response.status_code, 200)
        (line,) = request_lines(lines)
        self.assertEqual(set(line), FIELDS)
        self.assertEqual(line["level"], "INFO")
        self.assertEqual((line["method"], line["path"], line["status"]), ("GET", "/victims/", 200))
        self.assertIsInstance(line["duration_ms"], float)
        self.assertGreaterEqual(line["duration_ms"], 0)
        self.assertRegex(line["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")
        self.assertRegex(line["request_id"], r"^[0-9a-f]{32}$")
        self.assertEqual(response["X-Request-ID"], line["request_id"])

    def test_no_line_holds_the_visitors_address_agent_referrer_or_query(self):
        with json_lines() as lines:
            self.client.get(f"/victims/ali-rezaei/?q={SEARCHED}", **VISITOR)
            self.client.get(f"/fa/victims/nobody/?q={SEARCHED}", **VISITOR)
            self.client.get("/search/", {"q": SEARCHED}, **VISITOR)
            self.client.get("/", HTTP_HOST="elsewhere.example", **VISITOR)
        self.assertEqual(
            [(r["path"], r["status"]) for r in request_lines(lines)],
            [("/victims/ali-rezaei/", 200), ("/fa/victims/nobody/", 404), ("/search/", 200), ("/", 400)],
        )
        written = json.dumps(lines)
        for telltale in (*TELLTALES, "Mozilla"):
            self.assertNotIn(telltale, written)
        self.assertNotIn("?", "".join(line["path"] for line in request_lines(lines)))

    def test_every_request_gets_its_own_id(self):
        with json_lines() as lines:
            first = self.client.get("/")["X-Request-ID"]
            second = self.client.get("/")["X-Request-ID"]
        self.assertNotEqual(first, second)
        self.assertEqual([line["request_id"] for line in request_lines(lines)], [first, second])

    def test_staff_are_named_by_their_user_id(self):
        self.client.force_login(self.editor)
        with json_lines() as lines:
            self.client.get("/admin/")
            self.client.get("/victims/")
        self.assertEqual(
            [(r["path"], r.get("user_id")) for r in request_lines(lines)],
            [("/admin/", self.editor.pk), ("/victims/", self.editor.pk)],
        )

    def test_visitors_are_never_named(self):
        with json_lines() as lines:
            self.client.get("/admin/login/")
            self.client.get("/victims/")
        self.assertEqual([r.get("user_id") for r in request_lines(lines)], [None, None])

    def test_an_id_sent_by_a_client_is_not_trusted(self):
        with json_lines() as lines:
            response = self.client.get("/", HTTP_X_REQUEST_ID="chosen-by-the-client-0001")
        self.assertNotEqual(response["X-Request-ID"], "chosen-by-the-client-0001")
        self.assertEqual(request_lines(lines)[0]["request_id"], response["X-Request-ID"])

    @override_settings(REQUEST_ID_HEADER="X-Request-ID")
    def test_the_proxys_id_is_kept_when_settings_say_it_sets_one(self):
        with json_lines() as lines:
            kept = self.client.get("/", HTTP_X_REQUEST_ID="5f0c2b6e-proxy-id-0001")
            replaced = self.client.get("/", HTTP_X_REQUEST_ID='x" "injected": "line')
        self.assertEqual(kept["X-Request-ID"], "5f0c2b6e-proxy-id-0001")
        self.assertRegex(replaced["X-Request-ID"], r"^[0-9a-f]{32}$")
        self.assertEqual(
            [line["request_id"] for line in request_lines(lines)],
            ["5f0c2b6e-proxy-id-0001", replaced["X-Request-ID"]],
        )

    @override_settings(ROOT_URLCONF="tests.privacy.urls")
    def test_a_server_error_is_logged_with_the_requests_id(self):
        with json_lines() as lines:
            response = self.client.get(f"/broken/?q={SEARCHED}", **VISITOR)
        self.assertEqual(response.status_code, 500)
        request_id = response["X-Request-ID"]
        (error,) = [line for line in lines if line["logger"] == "django.request"]
        self.assertEqual(error["message"], "Internal Server Error: /broken/")
        self.assertEqual(error["level"], "ERROR")
        self.assertIn("RuntimeError: a page that fails", error["exception"])
        self.assertEqual(error["request_id"], request_id)
        (line,) = request_lines(lines)
        self.assertEqual((line["path"], line["status"], line["request_id"]), ("/broken/", 500, request_id))
        self.assertNotIn(SEARCHED, json.dumps(lines))

    def test_an_outage_is_logged_with_the_requests_id(self):
        with json_lines() as lines, database_down():
            response = self.client.get(f"/fa/victims/?q={SEARCHED}", **VISITOR)
        self.assertEqual(response.status_code, 503)
        request_id = response["X-Request-ID"]
        (outage,) = [line for line in lines if line["logger"] == "archive.outage"]
        self.assertEqual(outage["message"], "database unavailable: GET /fa/victims/ answered 503")
        self.assertEqual(outage["request_id"], request_id)
        (line,) = request_lines(lines)
        self.assertEqual(
            (line["path"], line["status"], line["request_id"]), ("/fa/victims/", 503, request_id)
        )
        self.assertNotIn("user_id", line)

    def test_an_outage_does_not_stop_a_staff_members_request_being_logged(self):
        self.client.force_login(self.editor)
        with json_lines() as lines, database_down():
            response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual([(r["path"], r["status"]) for r in request_lines(lines)], [("/admin/", 503)])


class RecordsOutsideARequestTestCase(SimpleTestCase):
    def test_they_carry_no_request_id(self):
        with json_lines() as lines:
            logging.getLogger("archive.documents").warning("Document text extracted")
        self.assertEqual(lines[0]["message"], "Document text extracted")
        self.assertNotIn("request_id", lines[0])

    def test_records_during_a_request_carry_its_id_in_plain_text_too(self):
        root = logging.getLogger()
        (console,) = [h for h in root.handlers if isinstance(h, logging.StreamHandler) and h.filters]
        record = logging.makeLogRecord({"name": "archive.outage", "levelname": "WARNING", "msg": "x"})
        token = current_request_id.set("0123456789abcdef0123456789abcdef")
        try:
            self.assertTrue(all(f.filter(record) for f in console.filters))
        finally:
            current_request_id.reset(token)
        plain = logging.Formatter("{levelname} {name} {request_id}: {message}", style="{")
        self.assertEqual(plain.format(record), "WARNING archive.outage 0123456789abcdef0123456789abcdef: x")


class LogFormatSettingTestCase(SimpleTestCase):
    def test_json_in_production_plain_in_development(self):
        production = settings_in(production_env(), "LOG_FORMAT", "LOGGING")
        self.assertEqual(production["LOG_FORMAT"], "json")
        self.assertEqual(production["LOGGING"]["handlers"]["console"]["formatter"], "json")
        self.assertEqual(
            production["LOGGING"]["handlers"]["console"]["filters"], ["forget_the_visitor", "request_id"]
        )
        self.assertEqual(settings_in(production_env(DEBUG="1"), "LOG_FORMAT")["LOG_FORMAT"], "plain")
        self.assertEqual(settings_in(production_env(LOG_FORMAT="plain"), "LOG_FORMAT")["LOG_FORMAT"], "plain")

    def test_an_unknown_format_is_refused(self):
        result = run(
            [sys.executable, "-c", "import django; django.setup()"], production_env(LOG_FORMAT="xml")
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("LOG_FORMAT must be json or plain, not 'xml'", result.stderr)


class JsonFormatterTestCase(SimpleTestCase):
    def test_it_writes_only_the_fields_it_names(self):
        record = logging.makeLogRecord(
            {
                "name": "django.request",
                "levelname": "WARNING",
                "msg": "Not Found: %s",
                "args": ("/victims/nobody/",),
                "status_code": 404,
                "remote_addr": "203.0.113.9",
                "created": 0,
            }
        )
        line = json.loads(JsonFormatter().format(record))
        self.assertEqual(
            line,
            {
                "time": "1970-01-01T00:00:00.000+00:00",
                "level": "WARNING",
                "logger": "django.request",
                "message": "Not Found: /victims/nobody/",
            },
        )
        self.assertFalse(re.search(r"203\.0\.113", JsonFormatter().format(record)))
