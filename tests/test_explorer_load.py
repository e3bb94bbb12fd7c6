"""The explorer under load: a real `dragoman serve` on 127.0.0.1, 200 concurrent requests on each of
/api/overview and /api/network while another process writes into the store (issue 16: 198 of 200
requests failed when one SQLite connection was shared across threads). Bounded: every request and
process has a timeout."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dragoman
from dragoman.store import open_store
from synthetic import synthetic_article, writer_command

SRC = str(Path(dragoman.__file__).resolve().parents[1])
ENV = {**os.environ, "PYTHONPATH": SRC}
CONCURRENCY = 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            body = response.read().decode("utf-8")
            json.loads(body)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")[:300]
    except (OSError, ValueError) as exc:
        return 0, f"{type(exc).__name__}: {exc}"


def _wait_until_up(base: str, server: subprocess.Popen[str], deadline: float) -> None:
    while time.time() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited: {server.communicate()[1][-2000:]}")
        if _get(f"{base}/api/overview")[0] == 200:
            return
        time.sleep(0.5)
    raise AssertionError("the server did not come up in time")


def test_concurrent_requests_while_an_extract_writes(store_url: str) -> None:
    with open_store(store_url) as store:
        for n in range(30):
            store.save(synthetic_article(n, 10))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve = [sys.executable, "-c", "from dragoman.cli import main; main()", "serve", "--db", store_url, "--port", str(port)]
    server = subprocess.Popen(serve, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    writer = None
    try:
        _wait_until_up(base, server, time.time() + 180)
        writer = subprocess.Popen(
            writer_command(store_url, 0, 30, 90), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        urls = [f"{base}/api/overview", f"{base}/api/network"] * CONCURRENCY
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            answers = list(pool.map(_get, urls))
        written, errors = writer.communicate(timeout=300)
        assert writer.returncode == 0, errors[-2000:]
    finally:
        for process in (p for p in (writer, server) if p is not None):
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
    failures = [a for a in answers if a[0] != 200]
    assert len(answers) == 2 * CONCURRENCY and failures == [], failures[:5]
    assert int(written) == 60
    with open_store(store_url) as store:
        assert store.counts()["articles"] == 90
