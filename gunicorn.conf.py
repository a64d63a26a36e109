"""gunicorn's settings for the archive's web process (the Dockerfile runs `gunicorn -c gunicorn.conf.py`).

Visitors may be families in Iran or readers on Tor, and a log can be seized: no log line names who
asked for a page. The access log is off: Django writes one line a request itself, with its id and
no more about the visitor than the path (archive/request_log.py), and one line a request is enough.
Turned back on (`--access-logfile -`), it keeps the format below: gunicorn's default holds the
client's address (%(h)s), its user agent (%(a)s) and the page it came from (%(f)s), and a proxy's
X-Forwarded-For header would add the real address; this one holds none of them, nor the query string,
where a search for a relative's name would sit: only the time, the method, the path, the status, the
size and the duration. The error log loses the client address gunicorn names when a request is
malformed, and the query string of a request that failed. tests/privacy/test_logs.py holds gunicorn
to all of this.

Command-line options still win over these, e.g. `--bind 127.0.0.1:8001` for a local run.
"""

from __future__ import annotations

import logging
import os
import re

from gunicorn import glogging

bind = ["0.0.0.0:8000"]
# Worker processes: GUNICORN_WORKERS, else WEB_CONCURRENCY (the name most hosts set), else 3.
workers = int(os.environ.get("GUNICORN_WORKERS") or os.environ.get("WEB_CONCURRENCY") or "3")
accesslog = None  # Django's request line instead (archive/request_log.py)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'

_CLIENT_ADDRESS = re.compile(r"^Invalid request from ip=.*?: ")
_QUERY_STRING = re.compile(r"\?[^\s'\"]*")


def _forget_the_client(record: logging.LogRecord) -> bool:
    if isinstance(record.msg, str):
        if _CLIENT_ADDRESS.match(record.msg):
            # The rest quotes the bad request line or header, which may hold a query string.
            record.msg = _QUERY_STRING.sub("", _CLIENT_ADDRESS.sub("Invalid request: ", record.msg, count=1))
        elif record.msg.startswith("Error handling request") and isinstance(record.args, tuple):
            record.args = tuple(arg.split("?", 1)[0] if isinstance(arg, str) else arg for arg in record.args)
    return True


class Logger(glogging.Logger):
    """gunicorn's logger, with the error log's lines stripped of client addresses and query strings."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(_forget_the_client)


logger_class = Logger
