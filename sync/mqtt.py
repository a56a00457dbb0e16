"""Thin paho-mqtt 2.x adapter shared by the station outbox and the central ingest.

MQTT v5 only (v3.1.1 hides ACL denials), VERSION2 callbacks, `connect_async` + `loop_start`
so an unreachable broker never blocks start-up, and jittered reconnect delays so stations do
not all knock on a restarted broker at the same instant.
"""

from __future__ import annotations

import random
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from paho.mqtt.client import CallbackAPIVersion, Client
from paho.mqtt.enums import MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from sync.protocol.errors import ProtocolError

KEEPALIVE_S = 30
WEEK_S = 7 * 24 * 3600


@dataclass(frozen=True, slots=True)
class BrokerUrl:
    host: str
    port: int
    tls: bool

    @classmethod
    def parse(cls, url: str) -> BrokerUrl:
        """``mqtt://host[:1883]`` or ``mqtts://host[:8883]``."""
        parts = urlsplit(url)
        if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
            raise ProtocolError(f"broker URL {url!r} must look like mqtt://host:port or mqtts://host:port")
        tls = parts.scheme == "mqtts"
        return cls(parts.hostname, parts.port or (8883 if tls else 1883), tls)


def make_client(
    client_id: str,
    url: str,
    *,
    username: str | None = None,
    password: str | None = None,
    ca_file: str | None = None,
    manual_ack: bool = False,
    reconnect_min_s: float = 1.0,
    reconnect_max_s: float = 60.0,
) -> tuple[Client, BrokerUrl]:
    """A configured (not yet connected) MQTT v5 client for `url`."""
    broker = BrokerUrl.parse(url)
    client = Client(
        CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=MQTTProtocolVersion.MQTTv5,
        manual_ack=manual_ack,
    )
    if username is not None:
        client.username_pw_set(username, password)
    if broker.tls:
        client.tls_set(ca_certs=ca_file, tls_version=ssl.PROTOCOL_TLS_CLIENT)
    jitter_reconnect(client, reconnect_min_s, reconnect_max_s)
    return client, broker


def jitter_reconnect(client: Client, min_s: float, max_s: float) -> None:
    """Randomise the first reconnect delay (paho's own backoff has no jitter)."""
    client.reconnect_delay_set(min_s * random.uniform(0.5, 1.5), max_s)  # type: ignore[arg-type]


def connect_in_background(
    client: Client, broker: BrokerUrl, *, clean_start: bool, session_expiry_s: int = 0
) -> None:
    """Start the network thread; it keeps (re)connecting until `client.disconnect()`."""
    props = Properties(PacketTypes.CONNECT)
    if session_expiry_s:
        props.SessionExpiryInterval = session_expiry_s
    client.connect_async(broker.host, broker.port, KEEPALIVE_S, clean_start=clean_start, properties=props)
    client.loop_start()


def stop(client: Client) -> None:
    """Disconnect and end the network thread (bounded: paho joins its own thread)."""
    client.disconnect()
    client.loop_stop()
