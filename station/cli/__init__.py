"""`python -m station`: the kiosk and its device and maintenance tools.

Each sub-command lives in its own module with a `register(subparsers)` function that adds
its parser and sets `handler`; `COMMANDS` lists them explicitly (nothing registers on import).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from station import __version__
from station.cli import demo, demo_data, migrate, receipt, run, scale, sync, tour
from sync.cli_base import command_parser, dispatch

COMMANDS = (demo, demo_data, run, tour, scale, receipt, sync, migrate)


def build_parser() -> argparse.ArgumentParser:
    return command_parser("python -m station", __doc__.splitlines()[0], f"workshop-station {__version__}", COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(build_parser(), argv)
