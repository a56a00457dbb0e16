"""Station side of sync: the event log drained to the central office over MQTT.

Never imports sync.central: both ends share only sync.protocol (and sync.mqtt).
"""

from sync.outbox.station_sync import StationSync, SyncStatus, Tuning

__all__ = ["StationSync", "SyncStatus", "Tuning"]
