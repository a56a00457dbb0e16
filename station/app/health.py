"""The device health a station reports in its status message (`health`, docs/protocol.md).

Called on the sync thread: it only reads what the devices already know (the scale's latest
reading, the printer's last status, a count of queued slips), so the office sees a scale
unplugged or a printer out of paper without asking the devices anything.
"""

from __future__ import annotations

from typing import Any


def device_health(scale: Any, printer: Any) -> dict[str, Any]:
    """`{"scale": {state, detail}, "printer": {state, detail, queued}}`, plain JSON.

    A device left out of the settings reads as state "none"; one that could not be built
    (main.UnusableDevice) as "offline" with its `reason` as the detail.
    """
    return {"scale": _scale(scale), "printer": _printer(printer)}


def _scale(scale: Any) -> dict[str, str]:
    if scale is None:
        return {"state": "none", "detail": ""}
    if hasattr(scale, "reason"):
        return {"state": str(scale.status()), "detail": scale.reason}
    reading = scale.latest()
    return {"state": str(reading.status), "detail": reading.detail}


def _printer(printer: Any) -> dict[str, Any]:
    if printer is None:
        return {"state": "none", "detail": "", "queued": 0}
    detail = printer.reason if hasattr(printer, "reason") else printer.target.description
    return {"state": str(printer.status()), "detail": detail, "queued": printer.pending()}
