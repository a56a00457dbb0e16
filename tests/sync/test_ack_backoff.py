"""The ack-timeout resend backs off geometrically up to its cap while the station stays connected.

With a centre broker and the city link down, PUBACKs keep coming but application acks do not:
every resend would be queued at the centre. A real broker with no ingest plays that centre; a
subscriber on the events topic counts what the station publishes.
"""

from __future__ import annotations

import json
import queue
import time
from collections.abc import Callable, Iterator

import pytest
from paho.mqtt.client import CallbackAPIVersion, Client
from paho.mqtt.enums import MQTTProtocolVersion
from sqlalchemy import Engine

from station.store.database import Database
from sync.central.server import CentralServer
from sync.outbox import StationSync, Tuning
from tests.fixtures.mosquitto import Mosquitto
from tests.sync.helpers import SITE, add_events, wait_for

BASE_S, CAP_S = 0.05, 0.8
TUNING = Tuning(
    batch_events=10,
    ack_timeout_s=BASE_S,
    ack_timeout_max_s=CAP_S,
    poll_s=0.01,
    status_interval_s=60.0,
    reconnect_min_s=0.1,
    reconnect_max_s=0.5,
)


class EventsTap:
    """Arrival times of the batches starting at each seq, as a subscriber on the broker sees them."""

    def __init__(self, broker: Mosquitto) -> None:
        self._arrivals: queue.Queue[tuple[int, float]] = queue.Queue()
        self.by_first_seq: dict[int, list[float]] = {}
        subscribed: queue.Queue[object] = queue.Queue()
        self.client = Client(CallbackAPIVersion.VERSION2, client_id="tap", protocol=MQTTProtocolVersion.MQTTv5)
        self.client.on_connect = lambda c, _u, _f, _rc, _p: c.subscribe(f"workshop/{SITE}/station/+/events", qos=1)
        self.client.on_subscribe = lambda *_a: subscribed.put(True)
        self.client.on_message = lambda _c, _u, m: self._arrivals.put(
            (json.loads(m.payload)["events"][0]["seq"], time.monotonic())
        )
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()
        subscribed.get(timeout=10)

    def sends(self, first_seq: int) -> list[float]:
        """When the batch starting at `first_seq` arrived: once first, then once per resend."""
        while not self._arrivals.empty():
            seq, at = self._arrivals.get_nowait()
            self.by_first_seq.setdefault(seq, []).append(at)
        return self.by_first_seq.get(first_seq, [])

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def tap(mosquitto: Mosquitto) -> Iterator[EventsTap]:
    made = EventsTap(mosquitto)
    yield made
    made.close()


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_resends_thin_out_geometrically_to_the_cap_and_an_ack_resets_them(
    make_station: Callable[..., tuple[StationSync, Database]],
    tap: EventsTap,
    mosquitto: Mosquitto,
    central_engine: Engine,
) -> None:
    sync, db = make_station(tuning=TUNING)
    add_events(db, sync.station_id, 30)  # three batches in flight, no ingest to ack them
    sync.start()
    wait_for(lambda: len(tap.sends(1)) >= 8, timeout_s=30, what="the first batch sent and resent 7 times")
    assert sync.status().backlog == 30
    waited = gaps(tap.sends(1)[:8])
    expected = [min(BASE_S * 2**i, CAP_S) for i in range(7)]  # 0.05, 0.1, 0.2, 0.4, 0.8, 0.8, 0.8
    # Never resent before its backoff (a little slack for the subscriber's own delivery jitter) ...
    assert all(w >= 0.8 * e - 0.02 for w, e in zip(waited, expected, strict=True)), waited
    # ... and the growth stops at the cap: uncapped, the 7th wait would be 0.05 * 2**6 = 3.2 s.
    assert max(waited[4:]) < 3 * CAP_S, waited
    # Batches the broker took: every window once per send, nothing in between.
    assert len(tap.sends(11)) >= 7 and len(tap.sends(21)) >= 7

    central = CentralServer(central_engine, mosquitto.url, reconnect_min_s=0.1)
    central.start()
    try:
        assert central.connected.wait(10)
        wait_for(lambda: sync.status().backlog == 0, what="the next resend stored and acked")
    finally:
        central.stop()

    add_events(db, sync.station_id, 10)  # seq 31..40; no ingest again
    sync.kick()
    wait_for(lambda: len(tap.sends(31)) >= 2, what="the new batch sent and resent once")
    # The ack reset the backoff: the first resend comes after the base timeout, not the cap.
    assert gaps(tap.sends(31))[0] < CAP_S / 2
