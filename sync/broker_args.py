"""Broker options shared by `python -m station sync` and `python -m sync central`."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path


def add_broker_arguments(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--broker", required=required, help="mqtt://host:port or mqtts://host:port (TLS)")
    parser.add_argument("--username", help="broker user name (one per station)")
    parser.add_argument("--password-file", type=Path, help="file holding the broker password")
    parser.add_argument("--ca-file", help="CA certificate that signed the broker's (for mqtts://)")


def read_password(args: argparse.Namespace) -> str | None:
    return args.password_file.read_text().strip() if args.password_file else None


def wait_for_termination() -> None:
    """Block until SIGTERM or SIGINT (systemd stop, Ctrl-C)."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
