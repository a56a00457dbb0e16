"""Station side of sync: the event log drained to the central office over MQTT (never imports sync.central)."""

from sync.outbox.station_sync import StationSync, SyncStatus, Tuning

__all__ = ["StationSync", "SyncStatus", "Tuning"]
