"""Serve the app on a free localhost port, for the browser tests and the playground benchmark.

Debian's /usr/bin/chromium and the launch flags that work headless as root on a closed network live here
too, so the tests and the benchmark drive the same browser the same way.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parent.parent
SYSTEM_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment() -> dict[str, str]:
    """This environment, with the malloc setting the Dockerfile serves with (unless one is given): at most
    two glibc malloc arenas. Streamlit runs every session's script in its own thread, and glibc gives
    threads arenas of their own, up to 8 per core, whose freed memory is rarely handed back:
    benchmarks/load.py measured 20 sessions over the seven pages at 281 MB peak and 254 MB three minutes
    later with the default, 200 and 176 MB with two arenas."""
    return {"MALLOC_ARENA_MAX": "2", **os.environ}


@contextlib.contextmanager
def serve_app(timeout: float = 60.0) -> Iterator[str]:
    """``streamlit run app.py`` on a free port; yields its URL once /_stcore/health answers ``ok``.

    Raises ``RuntimeError`` (with the server's output) if it exits early or does not answer in ``timeout`` s.
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    # the log goes to a file, not a pipe: a pipe nobody reads fills up and stalls a chatty server
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=server_environment()
        )
        url = f"http://localhost:{port}"
        deadline = time.monotonic() + timeout
        try:
            while True:
                if server.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"streamlit exited early:\n{log.read().decode(errors='replace')}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                        if response.read().decode().strip() == "ok":
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout:g} s")
                time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
