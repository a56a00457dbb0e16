"""Central ingest of one MQTT message: validate, store idempotently in one transaction, answer.

No MQTT here (the server module carries the bytes), so the fuzz tests drive it directly.
Whatever is wrong with a message ends in the quarantine table with the reason and the raw
bytes and is answered "rejected"; nothing is half-applied, nothing raises to the caller except
a database that is down (then the broker redelivers and the station resends).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sync.central.derived import derived_columns
from sync.central.tables import boots, events, products, quarantine, stations, workers
from sync.protocol import VERSION, ProtocolError, decode, encode
from sync.protocol.topics import ACK, EVENTS, STATUS, StationTopic, parse_station_topic, station_topic

log = logging.getLogger(__name__)
_SEQ_PAGE = 5000
MAX_BATCH_ID_CHARS = 64  # a UUID has 36; a longer "batch_id" of a refused message is not echoed


class IngestConflict(ProtocolError):
    """The batch contradicts what is stored (a seq or event id already used differently)."""


class SeqClash(IngestConflict):
    """Events the office does not hold reuse seqs it holds for other events (a station restored
    from an older backup): the station may send them again with new seqs."""

    def __init__(self, event_ids: list[str]) -> None:
        super().__init__(f"{len(event_ids)} events reuse seqs already stored for other events")
        self.event_ids = event_ids


class StationNotRegistered(ProtocolError):
    """The office has not registered this station: its batches wait in the quarantine (and in its
    outbox, which resends them) until it does."""


class NotOnRoster(ProtocolError):
    """An event names a worker not on its site's roster, or a product not in the catalog."""


@dataclass(frozen=True, slots=True)
class Outcome:
    ack_topic: str | None  # None: the topic names no station, so there is nobody to answer
    ack: dict[str, Any] | None
    stored: int = 0
    duplicates: int = 0

    def ack_bytes(self) -> bytes:
        """The ack with the send time (T2) stamped now."""
        assert self.ack is not None
        return encode({**self.ack, "server_send_ns": time.time_ns()})


def dialect_insert(engine_or_conn: Engine | Connection, table: Any) -> Any:
    """INSERT with ON CONFLICT support for the engine's dialect (SQLite or PostgreSQL)."""
    module = postgresql if engine_or_conn.dialect.name == "postgresql" else sqlite
    return module.insert(table)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Ingestor:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def handle(self, topic: str, raw: bytes, recv_ns: int | None = None, *, requeue: bool = True) -> Outcome:
        """Ingest one message of any station topic; returns the ack to publish, if any.

        `requeue=False` (a re-ingest from the quarantine) answers a refusal without quarantining
        the same bytes a second time.
        """
        return self.handle_many([(topic, raw, recv_ns or time.time_ns())], requeue=requeue)[0]

    def handle_many(self, messages: Sequence[tuple[str, bytes, int]], *, requeue: bool = True) -> list[Outcome]:
        """Ingest (topic, raw, recv_ns) messages in ONE transaction, each in its own savepoint.

        One commit (one fsync) for all is what lets a single ingest keep up with many stations;
        a refused message rolls back only its own savepoint. Stations are locked in sorted order
        so parallel ingesters cannot deadlock. Publish the acks only after this returns.
        """
        order = sorted(range(len(messages)), key=lambda i: messages[i][0])
        outcomes: dict[int, Outcome] = {}
        with self.engine.begin() as conn:
            for i in order:
                outcomes[i] = self._handle_one(conn, *messages[i], requeue=requeue)
        return [outcomes[i] for i in range(len(messages))]

    def _handle_one(self, conn: Connection, topic: str, raw: bytes, recv_ns: int, *, requeue: bool) -> Outcome:
        try:
            where = parse_station_topic(topic)
            if where.leaf == STATUS:
                with conn.begin_nested():
                    self._store_status(conn, where, raw)
                return Outcome(None, None)
            if where.leaf != EVENTS:
                raise ProtocolError(f"nothing is ingested from {where.leaf!r} topics")
        except ProtocolError as exc:
            if requeue:
                self._quarantine(conn, topic, None, str(exc), raw)
            return Outcome(None, None)
        batch_id: str | None = None
        try:
            batch = decode(raw, "events")
            batch_id = batch["batch_id"]
            _check_batch(where, batch)
            station = self._lock_station(conn, where)  # outside the savepoint: an unregistered one stays listed
            with conn.begin_nested():
                stored_ids, duplicates, seqs = self._store_batch(conn, where, station, batch, recv_ns)
        except ProtocolError as exc:
            if requeue:
                self._quarantine(conn, topic, where.station, str(exc), raw)
            reason = str(exc)
            ack = self._ack(
                conn, where, batch_id or _readable_batch_id(raw), recv_ns, None, result="rejected", reason=reason
            )
            if isinstance(exc, SeqClash):
                ack["seq_clash"] = exc.event_ids
            return Outcome(station_topic(where.site, where.station, ACK), ack)
        ack = self._ack(conn, where, batch_id, recv_ns, batch, stored=stored_ids, duplicates=duplicates, seqs=seqs)
        return Outcome(
            station_topic(where.site, where.station, ACK), ack, len(stored_ids) - duplicates, duplicates
        )

    def reingest(self, quarantine_id: int) -> Outcome | None:
        """Run a quarantined batch through the ingest again (after a roster or software fix).

        Idempotent like any batch: events already stored count as duplicates. The quarantine row
        stays as the record of what happened; None when there is no such row.
        """
        with self.engine.connect() as conn:
            row = conn.execute(select(quarantine).where(quarantine.c.id == quarantine_id)).first()
        if row is None:
            return None
        return self.handle(row.topic, bytes(row.raw), requeue=False)

    # -- batches ---------------------------------------------------------------------------------

    def _store_batch(
        self, conn: Connection, where: StationTopic, station: Any, batch: dict[str, Any], recv_ns: int
    ) -> tuple[list[str], int, tuple[int, int]]:
        """Returns the ids stored, how many were duplicates, and the station's (contiguous, max) seqs.

        Only a registered station of the topic's site stores anything, and only for workers on
        that site's roster and products in the catalog (else the whole batch is refused).
        """
        if not (station.registered and station.site == where.site):
            raise StationNotRegistered(
                f"station {where.site}/{where.station} is not registered at the office "
                "(python -m office add-station, or the dashboard)"
            )
        wire = batch["events"]
        ids = [e["event_id"] for e in wire]
        _check_roster(conn, where.site, wire)
        self._record_clock_sample(conn, where.station, batch, recv_ns)
        offsets = self._boot_offsets(conn, where.station, {e["boot_id"] for e in wire})
        received = now_utc()
        rows = [_event_row(where, e, received, offsets.get(e["boot_id"])) for e in wire]
        # executemany with RETURNING: SQLAlchemy batches it into multi-row INSERTs, compiled once.
        stmt = dialect_insert(conn, events).on_conflict_do_nothing().returning(events.c.event_id)
        new_ids = set(conn.execute(stmt, rows).scalars())
        old_ids = [i for i in ids if i not in new_ids]
        if old_ids:
            self._check_duplicates(conn, where.station, [e for e in wire if e["event_id"] in set(old_ids)])
        contiguous = _advance_contiguous(conn, where.station, station.contiguous_seq)
        max_seq = max(station.max_seq, max(e["seq"] for e in wire))
        conn.execute(
            update(stations)
            .where(stations.c.station_id == where.station)
            .values(contiguous_seq=contiguous, max_seq=max_seq, last_seen=received)
        )
        log.info(
            "batch stored",
            extra={"station": where.station, "batch_id": batch["batch_id"], "new": len(new_ids), "dup": len(old_ids)},
        )
        return ids, len(old_ids), (contiguous, max_seq)

    def _lock_station(self, conn: Connection, where: StationTopic) -> Any:
        """The station's row, created (unregistered) if new and locked so parallel ingesters take turns
        (PostgreSQL); the office registers it."""
        conn.execute(
            dialect_insert(conn, stations)
            .values(
                station_id=where.station,
                site=where.site,
                name="",
                contiguous_seq=0,
                max_seq=0,
                online=False,
                registered=False,
            )
            .on_conflict_do_nothing()
        )
        query = select(stations).where(stations.c.station_id == where.station).with_for_update()
        return conn.execute(query).one()

    def _record_clock_sample(
        self, conn: Connection, station: str, batch: dict[str, Any], recv_ns: int
    ) -> None:
        """Keep the boot's best offset: a station's NTP-style sample beats the one-way bound."""
        boot_id = batch["boot_id"]
        conn.execute(
            dialect_insert(conn, boots).values(station_id=station, boot_id=boot_id).on_conflict_do_nothing()
        )
        key = (boots.c.station_id == station) & (boots.c.boot_id == boot_id)
        best = conn.execute(select(boots).where(key)).one()
        wall_minus_mono = batch["sent_wall_ns"] - batch["sent_mono_ns"]
        clock = batch.get("clock")
        if clock is not None and (best.rtt_ns is None or clock["rtt_ns"] < best.rtt_ns):
            mono_offset, rtt = clock["mono_offset_ns"], clock["rtt_ns"]
        elif clock is None and best.rtt_ns is None:
            one_way = recv_ns - batch["sent_mono_ns"]  # >= the true offset: latency is never negative
            if best.mono_offset_ns is not None and one_way >= best.mono_offset_ns:
                return
            mono_offset, rtt = one_way, None
        else:
            return
        conn.execute(
            update(boots)
            .where(key)
            .values(mono_offset_ns=mono_offset, rtt_ns=rtt, offset_ns=mono_offset - wall_minus_mono)
        )

    def _boot_offsets(self, conn: Connection, station: str, boot_ids: Iterable[str]) -> dict[str, int]:
        query = select(boots.c.boot_id, boots.c.mono_offset_ns).where(
            boots.c.station_id == station,
            boots.c.boot_id.in_(list(boot_ids)),
            boots.c.mono_offset_ns.is_not(None),
        )
        return {row.boot_id: row.mono_offset_ns for row in conn.execute(query)}

    def _check_duplicates(self, conn: Connection, station: str, wire: list[dict[str, Any]]) -> None:
        """Rows not inserted must be this station's same events, else the batch conflicts."""
        query = select(events.c.event_id, events.c.station_id, events.c.seq).where(
            events.c.event_id.in_([e["event_id"] for e in wire])
        )
        stored = {row.event_id: (row.station_id, row.seq) for row in conn.execute(query)}
        clashes = []
        for e in wire:
            if e["event_id"] not in stored:
                clashes.append(e["event_id"])  # unknown here: only its (station, seq) is taken
            elif stored[e["event_id"]] != (station, e["seq"]):
                raise IngestConflict(f"event {e['event_id']} seq {e['seq']} conflicts with a stored event")
        if clashes:
            raise SeqClash(clashes)

    # -- status, quarantine, acks ----------------------------------------------------------------

    def _store_status(self, conn: Connection, where: StationTopic, raw: bytes) -> None:
        status = decode(raw, "status")
        if status["station"] != where.station or status["site"] != where.site:
            raise ProtocolError(
                f"status names station {status['station']!r} on the topic of {where.station!r}"
            )
        self._lock_station(conn, where)
        conn.execute(
            update(stations)
            .where(stations.c.station_id == where.station)
            .values(
                online=status["online"],
                status=json.dumps(status, ensure_ascii=False),
                last_seen=now_utc(),
            )
        )

    def _quarantine(self, conn: Connection, topic: str, station: str | None, reason: str, raw: bytes) -> None:
        log.warning(
            "message quarantined", extra={"topic": topic[:200], "reason": reason[:500], "bytes": len(raw)}
        )
        conn.execute(
            quarantine.insert().values(
                received_at=now_utc(),
                topic=_printable(topic),
                station_id=station,
                reason=_printable(reason),
                raw=raw,
            )
        )

    def _ack(
        self,
        conn: Connection,
        where: StationTopic,
        batch_id: str | None,
        recv_ns: int,
        batch: dict[str, Any] | None,
        *,
        result: str = "stored",
        reason: str | None = None,
        stored: list[str] | None = None,
        duplicates: int = 0,
        seqs: tuple[int, int] | None = None,
    ) -> dict[str, Any]:
        if seqs is None:
            row = conn.execute(
                select(stations.c.contiguous_seq, stations.c.max_seq).where(stations.c.station_id == where.station)
            ).first()
            seqs = (int(row.contiguous_seq), int(row.max_seq)) if row else (0, 0)
        contiguous, max_seq = seqs
        return {
            "v": VERSION,
            "type": "ack",
            "batch_id": batch_id,
            "station": where.station,
            "result": result,
            "stored": stored or [],
            "duplicates": duplicates,
            "reason": reason,
            "contiguous_seq": contiguous,
            "max_seq": max_seq,
            "server_recv_ns": recv_ns,
            "server_send_ns": recv_ns,
            "echo_mono_ns": batch["sent_mono_ns"] if batch else None,
        }


def _readable_batch_id(raw: bytes) -> str | None:
    """The `batch_id` of a refused message when it can be read, so the sender knows which batch it was."""
    try:
        message = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    batch_id = message.get("batch_id") if isinstance(message, dict) else None
    return batch_id if isinstance(batch_id, str) and len(batch_id) <= MAX_BATCH_ID_CHARS else None


def _check_batch(where: StationTopic, batch: dict[str, Any]) -> None:
    if batch["station"] != where.station or batch["site"] != where.site:
        raise ProtocolError(
            f"batch names {batch['site']}/{batch['station']} "
            f"but came on the topic of {where.site}/{where.station}"
        )
    wire = batch["events"]
    if len({e["event_id"] for e in wire}) != len(wire) or len({e["seq"] for e in wire}) != len(wire):
        raise ProtocolError("batch repeats an event id or a seq")


def _check_roster(conn: Connection, site: str, wire: list[dict[str, Any]]) -> None:
    """Every worker an event names is on the site's roster and every product in the catalog.

    The whole batch is refused, not the one event: storing the rest would leave a hole in the
    station's seq, and its outbox resends the batch, so it is stored once the office adds the
    worker or product (docs/security.md).
    """
    named = {e["payload"]["worker_id"] for e in wire if "worker_id" in e["payload"]}
    made = {e["payload"]["product_id"] for e in wire if "product_id" in e["payload"]}
    known = set(
        conn.execute(
            select(workers.c.worker_id).where(workers.c.worker_id.in_(named), workers.c.site == site)
        ).scalars()
    )
    listed = set(conn.execute(select(products.c.product_id).where(products.c.product_id.in_(made))).scalars())
    missing = [f"worker {w}" for w in sorted(named - known)] + [f"product {p}" for p in sorted(made - listed)]
    if missing:
        raise NotOnRoster(f"not on the roster of site {site}: {', '.join(missing[:10])}")


def _event_row(
    where: StationTopic, e: dict[str, Any], received: dt.datetime, mono_offset: int | None
) -> dict:
    if e["clock_state"] == "ntp_synced":
        corrected, flag = e["wall_ns"], "ok"
    elif mono_offset is not None:
        corrected, flag = e["mono_ns"] + mono_offset, "estimated"
    else:
        corrected, flag = None, "unsynced"
    payload = json.dumps(e["payload"], ensure_ascii=False, sort_keys=True)
    return {
        "event_id": e["event_id"],
        "station_id": where.station,
        "site": where.site,
        "seq": e["seq"],
        "boot_id": e["boot_id"],
        "wall_ns": e["wall_ns"],
        "utc_offset_s": e["utc_offset_s"],
        "mono_ns": e["mono_ns"],
        "clock_state": e["clock_state"],
        "kind": e["kind"],
        "payload": payload,
        "received_at": received,
        "corrected_wall_ns": corrected,
        "time_flag": flag,
        **derived_columns(e["kind"], payload, e["wall_ns"], corrected, e["utc_offset_s"]),
    }


def _advance_contiguous(conn: Connection, station: str, contiguous: int) -> int:
    """The highest seq with every seq from 1 up to it stored."""
    while True:
        query = (
            select(events.c.seq)
            .where(events.c.station_id == station, events.c.seq > contiguous)
            .order_by(events.c.seq)
            .limit(_SEQ_PAGE)
        )
        seqs = list(conn.execute(query).scalars())
        for seq in seqs:
            if seq != contiguous + 1:
                return contiguous
            contiguous = seq
        if len(seqs) < _SEQ_PAGE:
            return contiguous


def _printable(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters; keep everything else as it came."""
    return text.replace("\x00", "\\x00")
