"""The central ingest process: a persistent MQTT v5 session feeding `Ingestor`.

clean_start=False with a week-long session expiry: while this process restarts the broker
keeps its messages. PUBACKs are sent by hand only after the batch is committed and its ack
published, so a crash mid-batch makes the broker deliver it again (stored once: idempotent).
Several processes may run at once: they share `$share/ingest/...`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

from paho.mqtt.client import Client, ConnectFlags, MQTTMessage
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from sync import mqtt
from sync.central.ingest import Ingestor
from sync.protocol.topics import ALL_EVENTS, ALL_STATUS, shared

log = logging.getLogger(__name__)
DB_RETRIES = 5
GROUP_MAX = 64  # messages per transaction: one commit for many batches, still a bounded rollback


class CentralServer:
    def __init__(
        self,
        engine: Engine,
        broker_url: str,
        *,
        client_id: str = "central-ingest-1",
        username: str | None = None,
        password: str | None = None,
        ca_file: str | None = None,
        session_expiry_s: int = mqtt.WEEK_S,
        reconnect_min_s: float = 1.0,
    ) -> None:
        self.ingestor = Ingestor(engine)
        self._session_expiry_s = session_expiry_s
        self._inbox: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self._generation = 0  # bumps on each connection; PUBACKs only go back on the same one
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()
        self._client, self._broker = mqtt.make_client(
            client_id,
            broker_url,
            username=username,
            password=password,
            ca_file=ca_file,
            manual_ack=True,
            reconnect_min_s=reconnect_min_s,
            reconnect_max_s=30.0,
        )
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_message = self._on_message

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="central-ingest", daemon=True)
        self._thread.start()
        mqtt.connect_in_background(
            self._client, self._broker, clean_start=False, session_expiry_s=self._session_expiry_s
        )

    def stop(self, timeout_s: float = 5.0) -> None:
        if self._thread is not None:
            self._inbox.put(None)
            self._thread.join(timeout_s)
            self._thread = None
        mqtt.stop(self._client)

    def _on_connect(
        self, client: Client, _u: Any, flags: ConnectFlags, reason: ReasonCode, _p: Properties | None
    ) -> None:
        if reason.is_failure:
            log.error("broker refused the ingest connection", extra={"reason": str(reason)})
            return
        self._generation += 1
        # Subscribe every time: a broker that lost its state (no persistence) forgot the session.
        client.subscribe([(shared(ALL_EVENTS), 1), (shared(ALL_STATUS), 1)])
        log.info("ingest connected", extra={"session_present": flags.session_present})
        self.connected.set()

    def _on_disconnect(
        self, client: Client, _u: Any, _f: Any, reason: ReasonCode, _p: Properties | None
    ) -> None:
        self.connected.clear()
        log.warning("ingest lost the broker", extra={"reason": str(reason)})

    def _on_message(self, _c: Client, _u: Any, message: MQTTMessage) -> None:
        self._inbox.put(
            (
                message.topic,
                bytes(message.payload),
                message.mid,
                message.qos,
                self._generation,
                time.time_ns(),
            )
        )

    def _run(self) -> None:
        while (group := self._next_group()) is not None:
            if not self._ingest(group):
                continue  # left unacknowledged: the broker delivers them again after a reconnect
            for _topic, _raw, mid, qos, generation, _recv in group:
                if generation == self._generation:
                    self._client.ack(mid, qos)

    def _next_group(self) -> list[tuple[Any, ...]] | None:
        """The next message and whatever else already waits, up to GROUP_MAX: one transaction for all."""
        first = self._inbox.get()
        if first is None:
            return None
        group = [first]
        while len(group) < GROUP_MAX:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            if item is None:
                self._inbox.put(None)  # stop after this group
                break
            group.append(item)
        return group

    def _ingest(self, group: list[tuple[Any, ...]]) -> bool:
        messages = [(topic, raw, recv_ns) for topic, raw, _mid, _qos, _gen, recv_ns in group]
        for attempt in range(1, DB_RETRIES + 1):
            try:
                outcomes = self.ingestor.handle_many(messages)
            except SQLAlchemyError:
                log.exception("central database unavailable", extra={"attempt": attempt})
                time.sleep(min(0.2 * 2**attempt, 5))  # back off a failing database, bounded
                continue
            for outcome in outcomes:  # only after the commit: an ack means stored
                if outcome.ack_topic is not None:
                    self._client.publish(outcome.ack_topic, outcome.ack_bytes(), qos=1)
            return True
        return False
