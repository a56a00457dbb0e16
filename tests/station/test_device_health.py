"""The `health` of the status message for devices missing from the settings or not usable."""

from __future__ import annotations

import json

from station.app.health import device_health
from station.app.main import UnusableDevice


def test_missing_and_unusable_devices_are_reported_as_such() -> None:
    assert device_health(None, None) == {
        "scale": {"state": "none", "detail": ""},
        "printer": {"state": "none", "detail": "", "queued": 0},
    }
    scale, printer = UnusableDevice("scale", "no scale profile 'x'"), UnusableDevice("printer", "bad target")
    health = device_health(scale, printer)
    assert health == {
        "scale": {"state": "offline", "detail": "no scale profile 'x'"},
        "printer": {"state": "offline", "detail": "bad target", "queued": 0},
    }
    assert json.loads(json.dumps(health)) == health
