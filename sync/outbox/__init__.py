"""Station side of sync: the event log drained to the central office over MQTT.

Never imports sync.central: both ends share only sync.protocol (and sync.mqtt).
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.outbox.station_sync import StationSync, SyncStatus, Tuning

_LAZY = ("StationSync", "SyncStatus", "Tuning")


def __getattr__(name: str) -> Any:
    """The link and paho on first use (PEP 562): the station's store imports `sync.outbox.batches`,
    and the kiosk should not load paho before Home is drawn."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from sync.outbox import station_sync

    return getattr(station_sync, name)


__all__ = ["StationSync", "SyncStatus", "Tuning"]
