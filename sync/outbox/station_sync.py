"""The station's sync service: drains the event log to the central office and takes config back.

Two threads: paho's network thread only parses and queues what arrives; the sync thread owns
all state, reads and writes SQLite and publishes. A row counts as delivered only when the
office's application ack names it (after its database commit); until then it is resent after
every reconnect or ack timeout, and the office drops the duplicates.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from paho.mqtt.client import Client, ConnectFlags, MQTTMessage
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from sync import mqtt
from sync.outbox.batches import Batch, build_batch
from sync.outbox.clock_sync import OffsetEstimator, sample
from sync.outbox.config_apply import merged_catalog
from sync.outbox.ports import OutboxStore, StationClock
from sync.protocol import ProtocolError, decode, encode
from sync.protocol.messages import MAX_BATCH_BYTES, MAX_BATCH_EVENTS, VERSION
from sync.protocol.photos import HASH_PREFIX, PhotoStore
from sync.protocol.topics import (
    ACK,
    DOCUMENTS,
    EVENTS,
    STATUS,
    config_topic,
    photo_digest,
    photos_filter,
    station_topic,
)

log = logging.getLogger(__name__)
ACK_SAVE_S = 0.5


@dataclass(frozen=True, slots=True)
class SyncStatus:
    connected: bool
    backlog: int  # events not yet confirmed by the central office
    last_ack_wall: float | None  # epoch seconds of the last ack that moved things forward
    last_acked_seq: int
    config_versions: dict[str, int] = field(default_factory=dict)
    rejected: int = 0  # events the office refused for good: a supervisor should look


@dataclass(frozen=True, slots=True)
class Tuning:
    """Timing knobs; tests shrink them instead of waiting."""

    batch_events: int = MAX_BATCH_EVENTS
    batch_bytes: int = MAX_BATCH_BYTES
    window: int = 8  # batches in flight before waiting for acks (32 drains faster but congests: docs/sync.md)
    ack_timeout_s: float = 30.0  # resend everything unacked after this long without an ack
    # Each further timeout without an ack doubles the wait up to this cap (docs/sync.md "Ack timeout").
    ack_timeout_max_s: float = 1800.0
    poll_s: float = 2.0  # look for new events at least this often (kick() is immediate)
    status_interval_s: float = 60.0
    reconnect_min_s: float = 1.0
    reconnect_max_s: float = 60.0


class StationSync:
    def __init__(
        self,
        store: OutboxStore,
        clock: StationClock,
        *,
        station_id: str,
        site: str,
        broker_url: str,
        app_version: str,
        username: str | None = None,
        password: str | None = None,
        ca_file: str | None = None,
        health: Callable[[], dict] | None = None,
        on_config_applied: Callable[[], None] | None = None,
        tuning: Tuning | None = None,
        photos: PhotoStore | None = None,
    ) -> None:
        self.station_id = station_id
        self.site = site
        self._clock = clock
        self._app_version = app_version
        self._health = health
        self._on_config_applied = on_config_applied
        self._photos = photos  # where the photos the config names are kept (None: not fetched)
        self._tuning = tuning or Tuning()
        self._store = store
        self._versions = dict(store.catalog().versions)
        state = store.ack_state()
        self._acked_seq, self._last_ack_wall = state.acked_seq, state.last_ack_wall
        self._rejected = store.rejected()  # kept here: status() is polled often
        self._saved_seq, self._save_by = self._acked_seq, 0.0
        self._inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._connected = False
        self._offset = OffsetEstimator()
        self._inflight: dict[str, Batch] = {}
        self._done: dict[int, int] = {}  # acked batches above the contiguous acked seq: first -> last
        self._cursor = self._acked_seq  # highest seq published since the last reset
        self._resend_at = 0.0
        self._timeouts = 0
        self._thread: threading.Thread | None = None
        self._topics = {leaf: station_topic(site, station_id, leaf) for leaf in (EVENTS, ACK, STATUS)}
        self._client, self._broker = mqtt.make_client(
            station_id,
            broker_url,
            username=username,
            password=password,
            ca_file=ca_file,
            reconnect_min_s=self._tuning.reconnect_min_s,
            reconnect_max_s=self._tuning.reconnect_max_s,
        )
        self._client.max_queued_messages_set(4 * self._tuning.window)
        self._client.will_set(
            self._topics[STATUS], encode(self._status_message(online=False)), qos=1, retain=True
        )
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_message = self._on_message
        self._client.on_publish = self._on_publish

    # -- public API -------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"sync-{self.station_id}", daemon=True)
        self._thread.start()
        mqtt.connect_in_background(self._client, self._broker, clean_start=True)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Say goodbye (retained offline status) and stop both threads within about `timeout_s`."""
        if self._thread is not None:
            self._inbox.put(("stop", None))
            self._thread.join(timeout_s)
            self._thread = None
        if self._connected:
            info = self._client.publish(
                self._topics[STATUS], encode(self._status_message(online=False)), qos=1, retain=True
            )
            with contextlib.suppress(RuntimeError, ValueError):  # not connected after all: the will says it
                info.wait_for_publish(timeout=min(timeout_s, 2.0))
        mqtt.stop(self._client)
        self._connected = False

    def kick(self) -> None:
        """New events were saved: publish them now rather than at the next poll."""
        self._inbox.put(("kick", None))

    def report_status(self) -> None:
        """Device health changed (a printer out of paper): tell the office now, not at the next interval."""
        self._inbox.put(("status", None))

    def status(self) -> SyncStatus:
        return SyncStatus(
            connected=self._connected,
            backlog=max(0, self._store.last_seq() - self._acked_seq),
            last_ack_wall=self._last_ack_wall,
            last_acked_seq=self._acked_seq,
            config_versions=dict(self._versions),
            rejected=self._rejected.count,
        )

    # -- paho network thread: parse nothing heavy, hand over ----------------------------------

    def _on_connect(
        self, client: Client, _u: Any, flags: ConnectFlags, reason: ReasonCode, _p: Properties | None
    ) -> None:
        if reason.is_failure:
            log.warning("broker refused the connection", extra={"reason": str(reason)})
            return
        client.subscribe(self._topics[ACK], qos=1)
        for document in DOCUMENTS:
            client.subscribe(config_topic(self.site, document), qos=1)
        if self._photos is not None:
            client.subscribe(photos_filter(self.site), qos=1)
        self._inbox.put(("connected", None))

    def _on_disconnect(
        self, client: Client, _u: Any, _f: Any, reason: ReasonCode, _p: Properties | None
    ) -> None:
        mqtt.jitter_reconnect(client, self._tuning.reconnect_min_s, self._tuning.reconnect_max_s)
        self._inbox.put(("disconnected", str(reason)))

    def _on_message(self, _c: Client, _u: Any, message: MQTTMessage) -> None:
        self._inbox.put(("message", (message.topic, bytes(message.payload), time.monotonic_ns())))

    def _on_publish(self, _c: Client, _u: Any, mid: int, reason: ReasonCode, _p: Properties | None) -> None:
        if reason.is_failure:
            log.error("broker refused a publish", extra={"mid": mid, "reason": str(reason)})

    # -- sync thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        next_status = 0.0
        while True:
            try:
                kind, item = self._inbox.get(timeout=self._tuning.poll_s)
            except queue.Empty:
                kind, item = "poll", None
            try:
                if kind == "stop":
                    self._save_ack()
                    return
                self._handle(kind, item)
                if (self._inbox.empty() and not self._inflight) or time.monotonic() >= self._save_by:
                    self._save_ack()
                if self._connected:
                    self._check_ack_timeout()
                    self._pump()
                    if time.monotonic() >= next_status:
                        self._publish_status()
                        next_status = time.monotonic() + self._tuning.status_interval_s
            except Exception:  # the sync thread must outlive any one bad moment; the rows wait
                log.exception("sync step failed", extra={"step": kind})

    def _handle(self, kind: str, item: Any) -> None:
        if kind == "connected":
            self._connected = True
            self._reset("connected")
            log.info("connected to broker", extra={"acked_seq": self._acked_seq})
        elif kind == "disconnected":
            if self._connected:
                log.warning("lost the broker", extra={"reason": item})
            self._connected = False
        elif kind == "status":
            if self._connected:
                self._publish_status()
        elif kind == "message":
            topic, raw, t3 = item
            if topic == self._topics[ACK]:
                self._take_ack(raw, t3)
            elif (digest := photo_digest(topic)) is not None:
                self._take_photo(digest, raw)
            else:
                self._take_config(raw)

    def _save_ack(self) -> None:
        """Write the acked seq once nothing more is in flight or waiting (at least every ACK_SAVE_S).

        While a backlog drains, acks keep coming: one station commit (an fsync) per ACK_SAVE_S,
        not per ack. Losing the last unsaved advance to a crash only resends those rows; the
        office drops them.
        """
        self._save_by = time.monotonic() + ACK_SAVE_S
        if self._acked_seq > self._saved_seq:
            self._store.advance_ack(self._acked_seq, self._last_ack_wall or time.time())
            self._saved_seq = self._acked_seq

    def _reset(self, why: str) -> None:
        """Forget what is in flight: everything above the acked seq goes out again."""
        if self._inflight:
            log.info("resending unacked batches", extra={"why": why, "batches": len(self._inflight)})
        self._inflight.clear()
        self._done.clear()
        self._cursor = self._acked_seq

    def _pump(self) -> None:
        t = self._tuning
        while len(self._inflight) < t.window and time.monotonic() >= self._resend_at:
            events = self._store.events_after(self._cursor, t.batch_events)
            if not events:
                return
            stamp = self._clock.now()
            batch = build_batch(
                events,
                site=self.site,
                station=self.station_id,
                boot_id=stamp.boot_id,
                mono_ns=stamp.mono_ns,
                wall_ns=stamp.wall_ns,
                clock=self._offset.best.as_wire() if self._offset.best else None,
                max_bytes=t.batch_bytes,
            )
            self._client.publish(self._topics[EVENTS], batch.raw, qos=1)
            self._inflight[batch.batch_id] = batch
            self._cursor = batch.last_seq

    def _check_ack_timeout(self) -> None:
        if not self._inflight:
            return
        # Connected, the broker's PUBACK already means it holds the batch (a centre broker queues it
        # for the city): the resend is only a safety net, so back off far, not flood the queue.
        t = self._tuning
        oldest = min(b.sent_mono_ns for b in self._inflight.values())
        limit_s = min(t.ack_timeout_s * 2.0 ** min(self._timeouts, 64), max(t.ack_timeout_s, t.ack_timeout_max_s))
        if time.monotonic_ns() - oldest > limit_s * 1e9:
            self._timeouts += 1
            log.warning("no ack in time", extra={"timeouts": self._timeouts, "acked_seq": self._acked_seq})
            self._reset("ack timeout")

    def _take_ack(self, raw: bytes, t3_mono: int) -> None:
        try:
            ack = decode(raw, "ack")
        except ProtocolError as exc:
            log.warning("unreadable ack ignored", extra={"error": str(exc)})
            return
        if ack["echo_mono_ns"] is not None and self._offset.add(
            sample(ack["echo_mono_ns"], ack["server_recv_ns"], ack["server_send_ns"], t3_mono)
        ):
            self._clock.server_offset_ns = self._offset.server_offset_ns(time.time_ns(), time.monotonic_ns())
        office_max = ack.get("max_seq", 0)
        if office_max > self._cursor and office_max > self._store.last_seq():  # after a restore from a backup
            self._store.learn_office_max_seq(office_max)
        batch = self._inflight.pop(ack["batch_id"], None) if ack["batch_id"] else None
        if batch is None:
            return  # an ack of a batch already reset or acked: its rows come round again if needed
        if ack.get("seq_clash"):
            moved = self._store.move_seqs(batch.events, ack["seq_clash"])
            log.warning(
                "the office holds some seqs for other events; sending those with new seqs",
                extra={"batch_id": batch.batch_id, "moved": moved},
            )
            self._reset("seq clash")
            return
        if ack["result"] != "stored":
            log.error(
                "central office rejected a batch for good; moving past it",
                extra={"batch_id": batch.batch_id, "first_seq": batch.first_seq, "reason": ack["reason"]},
            )
            self._store.reject(batch.events, batch.batch_id, ack["reason"] or "")
            self._rejected = self._store.rejected()
            self._publish_status()
        elif not batch.event_ids <= set(ack["stored"]):
            log.error("an ack left out events of its batch; will retry", extra={"batch_id": batch.batch_id})
            self._resend_at = time.monotonic() + self._tuning.ack_timeout_s
            self._reset("incomplete ack")
            return
        self._timeouts = 0
        self._done[batch.first_seq] = batch.last_seq
        self._settle()

    def _settle(self) -> None:
        """Advance the acked seq over batches settled (stored, or refused for good) with none
        unsettled below. Seqs may skip (moved events leave their old seq empty), so the next
        batch is the one starting at the next event the store holds."""
        acked = self._acked_seq
        while self._done:
            if acked + 1 in self._done:  # the usual case, no need to ask the store
                acked = self._done.pop(acked + 1)
                continue
            following = self._store.events_after(acked, 1)
            if not following or following[0].seq not in self._done:
                break
            acked = self._done.pop(following[0].seq)
        if acked > self._acked_seq:
            self._last_ack_wall = time.time()
            self._acked_seq = acked  # saved by _save_ack: one transaction for a burst of acks

    def _take_photo(self, digest: str, raw: bytes) -> None:
        """Keep a photo whose bytes are what its topic names; the kiosk redraws with it."""
        if self._photos is None:
            return
        ref = HASH_PREFIX + digest
        if self._photos.path(ref) is not None:
            return
        try:
            self._photos.put(raw, ref)
        except ProtocolError as exc:
            log.error("photo refused", extra={"error": str(exc)})
            return
        log.info("photo stored", extra={"photo": ref})
        if self._on_config_applied is not None:
            self._on_config_applied()

    def _take_config(self, raw: bytes) -> None:
        try:
            message = decode(raw, "config")
            catalog = merged_catalog(self._store.catalog(), message, self.site)
        except (ProtocolError, TypeError, ValueError) as exc:
            log.error("config refused; keeping the current one", extra={"error": str(exc)})
            return
        if catalog is None:
            return
        self._store.replace_catalog(catalog)
        self._versions = dict(catalog.versions)
        log.info("config applied", extra={"document": message["document"], "version": message["version"]})
        self._publish_status()
        if self._on_config_applied is not None:
            self._on_config_applied()

    def _publish_status(self) -> None:
        self._client.publish(
            self._topics[STATUS], encode(self._status_message(online=True)), qos=1, retain=True
        )

    def _status_message(self, *, online: bool) -> dict[str, Any]:
        message: dict[str, Any] = {
            "v": VERSION,
            "type": "status",
            "site": self.site,
            "station": self.station_id,
            "online": online,
            "boot_id": self._clock.boot_id,
            "app_version": self._app_version,
            "wall_ns": time.time_ns(),
        }
        if online:
            message["backlog"] = max(0, self._store.last_seq() - self._acked_seq)
            message["last_acked_seq"] = self._acked_seq
            message["config_versions"] = dict(self._versions)
            if self._rejected.count:
                message["rejected"] = {"count": self._rejected.count, "first_seq": self._rejected.first_seq}
            message["health"] = self._device_health()
        return message

    def _device_health(self) -> dict:
        if self._health is None:
            return {}
        try:
            return dict(self._health())
        except Exception:  # the kiosk's health callable must never stop sync
            log.exception("device health callable failed")
            return {"error": "health unavailable"}
