"""Throughput under concurrent load: the archive served by gunicorn on localhost, measured with wrk.

The in-process figures (archive/benchmark.py) say how long one page takes to make; these say how many
pages a second the whole stack gives when many readers come at once, as on an anniversary. Three
targets, each through the same gunicorn configuration the Dockerfile runs:

- an uncached page: the page cache off (PAGE_CACHE_SECONDS=0), so every request makes the page;
- a cached page: the page cache on (PAGE_CACHE_SECONDS=600), the pages asked for once before the clock starts;
- a static file: the site's stylesheet, which whitenoise serves from memory.

The cached page's throughput is given as a fraction of the static file's: the issue's target is at
least one half. Each target cycles through the same addresses (victim profiles, English and Persian),
so the cache is not one hot key. After the load, the peak resident memory (VmHWM) of every worker is
read from /proc. wrk runs on the same machine and takes CPU from gunicorn: the figures are a floor.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import Request, urlopen

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Host"] = "%s"})
end
"""


class LoadError(Exception):
    """The load test cannot run, or a target answered other than 200: the message says which."""


@dataclass
class Throughput:
    name: str
    description: str
    requests_per_second: float
    latency_p50_ms: float
    latency_p99_ms: float
    requests: int
    errors: int


@dataclass
class LoadReport:
    workers: int
    connections: int
    seconds: int
    targets: dict[str, Throughput] = field(default_factory=dict)
    worker_peak_memory_mb: list[float] = field(default_factory=list)

    @property
    def cached_to_static(self) -> float | None:
        cached, static = self.targets.get("cached_page"), self.targets.get("static_file")
        if not cached or not static or not static.requests_per_second:
            return None
        return round(cached.requests_per_second / static.requests_per_second, 2)


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise LoadError(
            "The load test needs wrk (Debian: apt-get install wrk). Install it, or run with --no-load "
            "for the in-process figures only."
        )
    return path


def run(
    paths: list[str],
    *,
    workers: int,
    connections: int,
    seconds: int,
    environment: dict[str, str] | None = None,
) -> LoadReport:
    """Start gunicorn twice (page cache off, then on) and load each target for `seconds` seconds.

    The servers inherit this process's environment, so they read the same database; `environment` adds to it.
    """
    # Persistent connections, as compose.yaml runs the site: a kept page costs one small query, and a new
    # PostgreSQL connection for each would cost more than the page.
    environment = {
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE") or "60",
        **(environment or {}),
    }
    wrk = wrk_path()
    if getattr(settings, "SECURE_SSL_REDIRECT", False):
        raise LoadError(
            "SITE_URL is https, so plain-http requests on localhost would only be redirected: run the "
            "benchmark with an http SITE_URL (e.g. SITE_URL=http://127.0.0.1:8000)."
        )
    host = settings.ALLOWED_HOSTS[0]
    static_path = staticfiles_storage.url("css/site.css")
    report = LoadReport(workers=workers, connections=connections, seconds=seconds)
    with Gunicorn(workers=workers, environment=environment | {"PAGE_CACHE_SECONDS": "0"}) as server:
        report.targets["uncached_page"] = server.load(
            wrk, "uncached_page", "victim profiles, page cache off", paths, host, connections, seconds
        )
        report.worker_peak_memory_mb += server.worker_peak_memory_mb()
    with Gunicorn(workers=workers, environment=environment | {"PAGE_CACHE_SECONDS": "600"}) as server:
        for path in paths:
            server.get(path, host)  # fills the cache
        report.targets["cached_page"] = server.load(
            wrk, "cached_page", "the same profiles, page cache on", paths, host, connections, seconds
        )
        report.targets["static_file"] = server.load(
            wrk, "static_file", f"{static_path} (whitenoise)", [static_path], host, connections, seconds
        )
        report.worker_peak_memory_mb += server.worker_peak_memory_mb()
    return report


class Gunicorn:
    """gunicorn with the repository's config file on a free localhost port, stopped on leaving the block."""

    def __init__(self, *, workers: int, environment: dict[str, str]):
        self.workers = workers
        self.environment = environment
        self.port = _free_port()

    def __enter__(self) -> Gunicorn:
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in __exit__, with the server
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "archive.wsgi:application",
        ]
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", **self.environment}
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=environment, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise LoadError(f"gunicorn exited: {self.output()[-1000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise LoadError("gunicorn did not listen within 30 seconds") from None
                time.sleep(0.2)
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def get(self, path: str, host: str) -> None:
        request = Request(f"http://127.0.0.1:{self.port}{path}", headers={"Host": host})
        with urlopen(request, timeout=60) as response:  # raises on anything but 2xx
            response.read()

    def load(self, wrk, name, description, paths, host, connections, seconds) -> Throughput:
        for path in paths[:2]:
            self.get(path, host)  # the workers import and connect before the clock starts
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            quoted = ", ".join(f'"{_lua_string(path)}"' for path in paths)
            script.write(WRK_SCRIPT % (quoted, _lua_string(host)))
        try:
            result = subprocess.run(
                [
                    wrk,
                    "--threads",
                    "2",
                    "--connections",
                    str(connections),
                    "--duration",
                    f"{seconds}s",
                    "--latency",
                    "--script",
                    script.name,
                    f"http://127.0.0.1:{self.port}/",
                ],
                capture_output=True,
                text=True,
                timeout=seconds + 60,
                check=True,
            )
        finally:
            Path(script.name).unlink()
        return parse_wrk(name, description, result.stdout)

    def worker_peak_memory_mb(self) -> list[float]:
        """VmHWM of each worker: the most resident memory it has held since it started."""
        peaks = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue  # the process ended while we looked
            ppid = re.search(r"^PPid:\s+(\d+)", text, re.MULTILINE)
            peak = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
            if ppid and peak and int(ppid.group(1)) == self.process.pid:
                peaks.append(round(int(peak.group(1)) / 1024, 1))
        return sorted(peaks)


def parse_wrk(name: str, description: str, output: str) -> Throughput:
    """The figures of one wrk run (with --latency), from its text output."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    if not rate or not total:
        raise LoadError(f"wrk's output was not understood:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return Throughput(
        name=name,
        description=description,
        requests_per_second=round(float(rate.group(1)), 1),
        latency_p50_ms=_latency(output, "50%"),
        latency_p99_ms=_latency(output, "99%"),
        requests=int(total.group(1)),
        errors=errors,
    )


def _latency(output: str, percentile: str) -> float:
    found = re.search(rf"^\s*{percentile}\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE)
    if not found:
        return 0.0
    value, unit = float(found.group(1)), found.group(2)
    return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def _lua_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
