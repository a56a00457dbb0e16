"""The `--lang` every office command takes: the language its messages and refusals are written in.

Chinese first, like the office page; `en` for a technician. One owner, so that a command which refuses
never answers in a language it was not asked for.
"""

from __future__ import annotations

import argparse

from sync.protocol.roster import LANGUAGES

DEFAULT_LANGUAGE = "zh-Hans"


def add_language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", default=DEFAULT_LANGUAGE, choices=LANGUAGES, help=f"language of messages (default {DEFAULT_LANGUAGE})"
    )
