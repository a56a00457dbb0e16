"""MQTT topic names of the protocol, and parsing them back.

Everything lives under ``workshop/<site>/``: a station publishes only below its own
``station/<station>/`` branch (the broker ACL enforces it), and config flows down on
``config/<document>``, the photos it names on ``photo/<sha256>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sync.protocol.errors import ProtocolError

ROOT = "workshop"
EVENTS, ACK, STATUS = "events", "ack", "status"
DOCUMENTS = ("roster", "products", "supervisors")
SHARE_GROUP = "ingest"
# A site or station id is one topic level without wildcards or separators.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise ProtocolError(f"{what} {value!r} must be 1-64 letters, digits, '.', '_' or '-'")
    return value


def station_topic(site: str, station: str, leaf: str) -> str:
    """``workshop/<site>/station/<station>/<leaf>`` with leaf events, ack or status."""
    return f"{ROOT}/{check_id(site, 'site')}/station/{check_id(station, 'station')}/{leaf}"


def config_topic(site: str, document: str) -> str:
    return f"{ROOT}/{check_id(site, 'site')}/config/{document}"


def photo_topic(site: str, digest: str) -> str:
    """``workshop/<site>/photo/<sha256 hex>``: the retained bytes of one photo (sync.protocol.photos)."""
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ProtocolError(f"photo digest {digest!r} must be 64 lowercase hex digits")
    return f"{ROOT}/{check_id(site, 'site')}/photo/{digest}"


def photos_filter(site: str) -> str:
    return f"{ROOT}/{check_id(site, 'site')}/photo/+"


def photo_digest(topic: str) -> str | None:
    """The digest a photo topic names, or None when `topic` is not one."""
    parts = topic.split("/")
    if len(parts) == 4 and parts[0] == ROOT and parts[2] == "photo" and re.fullmatch(r"[0-9a-f]{64}", parts[3]):
        return parts[3]
    return None


def shared(topic_filter: str) -> str:
    """The MQTT v5 shared subscription that spreads messages over all ingest workers."""
    return f"$share/{SHARE_GROUP}/{topic_filter}"


ALL_EVENTS = f"{ROOT}/+/station/+/{EVENTS}"
ALL_STATUS = f"{ROOT}/+/station/+/{STATUS}"


@dataclass(frozen=True, slots=True)
class StationTopic:
    site: str
    station: str
    leaf: str


def parse_station_topic(topic: str) -> StationTopic:
    """Split a station topic; ProtocolError when it is not one."""
    parts = topic.split("/")
    if len(parts) != 5 or parts[0] != ROOT or parts[2] != "station" or parts[4] not in (EVENTS, ACK, STATUS):
        raise ProtocolError(f"not a station topic: {topic!r}")
    return StationTopic(check_id(parts[1], "site"), check_id(parts[3], "station"), parts[4])
