"""Helpers for tests that start a real server process (gunicorn) and talk to it over a socket."""

from __future__ import annotations

import socket
import subprocess
import time
from typing import IO
from unittest import TestCase


def wait_until_listening(test: TestCase, port: int, process: subprocess.Popen, output: IO, seconds: int = 30):
    """Return once something listens on 127.0.0.1:`port`; fail `test` with the server's last output if it exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output.seek(0)
            test.fail(f"the server exited: {output.read()[-1000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    test.fail(f"the server did not listen on port {port} within {seconds} seconds")
