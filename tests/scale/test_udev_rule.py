"""The udev rule names the scale /dev/workshop-scale and keeps ModemManager off every match."""

from __future__ import annotations

import re
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "deploy" / "udev" / "99-workshop-scale.rules"
KEY = re.compile(r'^(SUBSYSTEM|KERNELS|DRIVERS|ATTRS\{\w+\}|ENV\{\w+\}|SYMLINK|MODE|GROUP)(==|\+=|=)"[^"]*"$')


def rules() -> list[list[str]]:
    lines = [ln.strip() for ln in RULES.read_text().splitlines()]
    return [[key.strip() for key in ln.split(", ")] for ln in lines if ln and not ln.startswith("#")]


def test_every_rule_is_well_formed_and_ignores_modemmanager() -> None:
    assert rules()
    for rule in rules():
        assert all(KEY.match(key) for key in rule), rule
        assert 'SUBSYSTEM=="tty"' in rule
        assert 'ENV{ID_MM_DEVICE_IGNORE}="1"' in rule


def test_the_scale_gets_its_stable_name() -> None:
    assert sum('SYMLINK+="workshop-scale"' in rule for rule in rules()) >= 2
