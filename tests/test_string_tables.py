"""Every translation table has one shape and is whole: each key in zh-Hans, zh-Hant and en, none empty."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from office.i18n import STRINGS as OFFICE_STRINGS
from station.i18n.strings import STRINGS as STATION_STRINGS
from sync.i18n import gaps

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("table", [STATION_STRINGS, OFFICE_STRINGS], ids=["station", "office"])
def test_every_key_in_every_language(table: dict[str, dict[str, str]]) -> None:
    assert gaps(table) == []


def test_every_office_refusal_key_is_in_the_table() -> None:
    raised = set()
    for path in (ROOT / "office").rglob("*.py"):
        raised |= set(re.findall(r'raise \w*Error\(\s*"([a-z_]+)"', path.read_text("utf-8")))
    assert raised  # the scan found the raise sites
    assert sorted(k for k in raised if f"error.{k}" not in OFFICE_STRINGS) == []
