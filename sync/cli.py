"""`python -m sync`: the link's services (the central ingest; the station side runs in the kiosk)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from sync.central import cli as central_cli
from sync.cli_base import dispatch, new_parser


def build_parser() -> argparse.ArgumentParser:
    parser = new_parser("python -m sync", __doc__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    central_cli.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(build_parser(), argv)
