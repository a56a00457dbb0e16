"""Benchmark: what a stranger can make the office web process hold, and what a session costs.

    python bench/bench_web_limits.py [--fields 200]

Runs `python -m office web` (real uvicorn) on a fresh SQLite database, then
1. posts an unauthenticated /login with `--fields` fields of 1 MB each, streamed (no
   Content-Length), and reports the answer, how long it took and the server's RSS growth;
2. times 200 signed-in page views (each reads its session and the user's role from the database).
docs/security.md keeps the last run's figures.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from office.db import open_office  # noqa: E402
from office.users import add_user  # noqa: E402
from tests.fixtures.mosquitto import free_port  # noqa: E402


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def wait_up(url: str, server: subprocess.Popen) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("office web did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fields", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/central.db"
        engine = open_office(url)
        with engine.begin() as conn:
            add_user(conn, "admin", "admin", "bench-password-1", by="bench")
        engine.dispose()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "office", "--log-level", "WARNING", "web", "--db", url, "--port", str(port)],
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_up(base + "/login", server)
            before = rss_kib(server.pid)

            def body() -> Iterator[bytes]:
                for i in range(args.fields):
                    yield f"f{i}=".encode() + b"a" * 1_000_000 + b"&"

            started = time.perf_counter()
            try:
                status = httpx.post(
                    base + "/login",
                    content=body(),
                    headers={"content-type": "application/x-www-form-urlencoded"},
                    timeout=60,
                ).status_code
            except httpx.TransportError as exc:  # the server closed after answering 413
                status = f"closed ({type(exc).__name__})"  # type: ignore[assignment]
            refused_in = time.perf_counter() - started
            grown = rss_kib(server.pid) - before
            print(
                f"unauthenticated POST /login, {args.fields} x 1 MB fields: answer {status} "
                f"in {refused_in * 1000:.0f} ms, server RSS +{grown / 1024:.1f} MiB"
            )
            with httpx.Client(base_url=base) as client:
                token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
                client.post("/login", data={"username": "admin", "password": "bench-password-1", "csrf": token})
                started = time.perf_counter()
                for _ in range(200):
                    assert client.get("/audit").status_code == 200
                per_page = (time.perf_counter() - started) / 200
            print(f"signed-in page view (/audit, session + role read from SQLite): {per_page * 1000:.1f} ms")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
