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
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sync.central.derived import derived_of_valid_payload
from sync.central.event_insert import EventInsert
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


class _NeedsSavepoints(Exception):
    """A batch was refused after it wrote: the group runs again with a savepoint per batch."""


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


@dataclass(frozen=True, slots=True)
class _Station:
    """What a batch needs of its station's row."""

    registered: bool
    site: str
    contiguous_seq: int
    max_seq: int


@dataclass(slots=True)
class _Boot:
    mono_offset_ns: int | None
    rtt_ns: int | None


@dataclass(slots=True)
class _GroupMemo:
    """What one transaction already read or wrote, so its next batches skip those round trips;
    its stations' seqs are written once at its end.

    Valid for the transaction only: its station rows are locked (FOR UPDATE on PostgreSQL, the
    write lock on SQLite) and boots are written only under that lock, so nobody else changes
    them meanwhile; a worker or product once found stays found. Entries are added only after a
    batch's savepoint is released, so a refused batch leaves nothing behind.
    """

    stations: dict[str, _Station] = field(default_factory=dict)
    boots: dict[tuple[str, str], _Boot] = field(default_factory=dict)
    workers: dict[str, set[str]] = field(default_factory=dict)  # site -> worker ids on its roster
    products: set[str] = field(default_factory=set)


class _Statements:
    """The statements of every batch, built once: SQLAlchemy then only looks up their compiled form."""

    def __init__(self, engine: Engine) -> None:
        self.station = select(stations).where(stations.c.station_id == bindparam("station")).with_for_update()
        self.boots = select(boots.c.boot_id, boots.c.mono_offset_ns, boots.c.rtt_ns).where(
            boots.c.station_id == bindparam("station"), boots.c.boot_id.in_(bindparam("boot_ids", expanding=True))
        )
        self.workers = select(workers.c.worker_id).where(
            workers.c.worker_id.in_(bindparam("ids", expanding=True)), workers.c.site == bindparam("site")
        )
        self.products = select(products.c.product_id).where(products.c.product_id.in_(bindparam("ids", expanding=True)))
        self.insert_events = EventInsert(engine)
        self.seen = (
            update(stations)
            .where(stations.c.station_id == bindparam("station"))
            .values(contiguous_seq=bindparam("contiguous"), max_seq=bindparam("highest"), last_seen=bindparam("seen"))
        )


class Ingestor:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sql = _Statements(engine)

    def handle(self, topic: str, raw: bytes, recv_ns: int | None = None, *, requeue: bool = True) -> Outcome:
        """Ingest one message of any station topic; returns the ack to publish, if any.

        `requeue=False` (a re-ingest from the quarantine) answers a refusal without quarantining
        the same bytes a second time.
        """
        return self.handle_many([(topic, raw, recv_ns or time.time_ns())], requeue=requeue)[0]

    def handle_many(self, messages: Sequence[tuple[str, bytes, int]], *, requeue: bool = True) -> list[Outcome]:
        """Ingest (topic, raw, recv_ns) messages in ONE transaction.

        One commit (one fsync) for all is what lets a single ingest keep up with many stations;
        a refused message rolls back only its own part (a savepoint, when the group needs them).
        Stations are locked in sorted order so parallel ingesters cannot deadlock. Publish the acks
        only after this returns.
        """
        try:
            outcomes = self._handle_group(messages, requeue=requeue, savepoints=False)
        except _NeedsSavepoints:
            outcomes = self._handle_group(messages, requeue=requeue, savepoints=True)
        for outcome in outcomes:  # committed: a group rolled back to be re-run logged nothing
            if outcome.ack is not None and outcome.ack["result"] == "stored":
                log.info(
                    "batch stored",
                    extra={
                        "station": outcome.ack["station"],
                        "batch_id": outcome.ack["batch_id"],
                        "new": outcome.stored,
                        "dup": outcome.duplicates,
                    },
                )
        return outcomes

    def _handle_group(
        self, messages: Sequence[tuple[str, bytes, int]], *, requeue: bool, savepoints: bool
    ) -> list[Outcome]:
        """One transaction for the group. Without `savepoints` (two statements per batch) a batch
        refused after it wrote raises _NeedsSavepoints, rolling the whole group back to be run again
        with them: refusals are rare, and checks that write nothing refuse without it."""
        order = sorted(range(len(messages)), key=lambda i: messages[i][0])
        outcomes: dict[int, Outcome] = {}
        memo = _GroupMemo()
        with self.engine.begin() as conn:
            for i in order:
                outcomes[i] = self._handle_one(conn, memo, *messages[i], requeue=requeue, savepoints=savepoints)
            if memo.stations:  # the seqs of every station that stored a batch, once per transaction
                seen = now_utc()
                conn.execute(
                    self._sql.seen,
                    [
                        {"station": name, "contiguous": row.contiguous_seq, "highest": row.max_seq, "seen": seen}
                        for name, row in memo.stations.items()
                    ],
                )
        return [outcomes[i] for i in range(len(messages))]

    def _handle_one(
        self,
        conn: Connection,
        memo: _GroupMemo,
        topic: str,
        raw: bytes,
        recv_ns: int,
        *,
        requeue: bool,
        savepoints: bool,
    ) -> Outcome:
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
            # Outside the savepoint: an unregistered station stays listed.
            station = memo.stations.get(where.station) or self._lock_station(conn, where)
            scratch = _GroupMemo(workers=memo.workers, products=memo.products)
            self._admit(conn, where, station, batch, scratch)  # writes nothing: refuses without a savepoint
            try:
                with conn.begin_nested() if savepoints else nullcontext():
                    stored_ids, duplicates, station = self._store_batch(
                        conn, where, station, batch, recv_ns, memo, scratch
                    )
            except ProtocolError as exc:
                if not savepoints:
                    raise _NeedsSavepoints from exc
                raise
            memo.stations[where.station] = station
            memo.boots.update(scratch.boots)
        except ProtocolError as exc:
            if requeue:
                self._quarantine(conn, topic, where.station, str(exc), raw)
            reason, known = str(exc), memo.stations.get(where.station)
            ack = self._ack(
                conn,
                where,
                batch_id or _readable_batch_id(raw),
                recv_ns,
                None,
                result="rejected",
                reason=reason,
                seqs=(known.contiguous_seq, known.max_seq) if known else None,
            )
            if isinstance(exc, SeqClash):
                ack["seq_clash"] = exc.event_ids
            return Outcome(station_topic(where.site, where.station, ACK), ack)
        seqs = (station.contiguous_seq, station.max_seq)
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
        self,
        conn: Connection,
        where: StationTopic,
        station: _Station,
        batch: dict[str, Any],
        recv_ns: int,
        memo: _GroupMemo,
        scratch: _GroupMemo,
    ) -> tuple[list[str], int, _Station]:
        """Returns the ids stored, how many were duplicates, and the station's row after the batch
        (written once per transaction by `handle_many`). `scratch` collects the boots written.
        """
        wire = batch["events"]
        ids = [e["event_id"] for e in wire]
        offsets = self._boot_offsets(conn, where.station, batch, recv_ns, memo, scratch)
        received = now_utc()
        rows = [_event_row(where, e, received, offsets.get(e["boot_id"])) for e in wire]
        new_ids = self._sql.insert_events(conn, rows)
        old_ids = [i for i in ids if i not in new_ids]
        if old_ids:
            self._check_duplicates(conn, where.station, [e for e in wire if e["event_id"] in set(old_ids)])
        seqs = sorted(e["seq"] for e in wire)
        if station.max_seq <= station.contiguous_seq:  # nothing stored above it: only this batch can extend it
            contiguous = _advance(station.contiguous_seq, seqs)
        else:
            contiguous = _advance_contiguous(conn, where.station, station.contiguous_seq)
        after = _Station(station.registered, station.site, contiguous, max(station.max_seq, seqs[-1]))
        return ids, len(old_ids), after

    def _admit(
        self, conn: Connection, where: StationTopic, station: _Station, batch: dict[str, Any], scratch: _GroupMemo
    ) -> None:
        """Only a registered station of the topic's site stores anything, and only for workers on
        that site's roster and products in the catalog (else the whole batch is refused).
        `scratch` collects the roster found (its sets are the memo's: a roster entry found stays
        found even if this batch is refused)."""
        if not (station.registered and station.site == where.site):
            raise StationNotRegistered(
                f"station {where.site}/{where.station} is not registered at the office "
                "(python -m office add-station, or the dashboard)"
            )
        self._check_roster(conn, where.site, batch["events"], scratch)

    def _lock_station(self, conn: Connection, where: StationTopic) -> _Station:
        """The station's row, created (unregistered) if new and locked so parallel ingesters take turns
        (PostgreSQL); the office registers it."""
        row = conn.execute(self._sql.station, {"station": where.station}).first()
        if row is None:
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
            row = conn.execute(self._sql.station, {"station": where.station}).one()
        return _Station(bool(row.registered), row.site, int(row.contiguous_seq), int(row.max_seq))

    def _boot_offsets(
        self,
        conn: Connection,
        station: str,
        batch: dict[str, Any],
        recv_ns: int,
        memo: _GroupMemo,
        scratch: _GroupMemo,
    ) -> dict[str, int]:
        """Record the batch's clock sample, then the known monotonic offsets of the events' boots."""
        wanted = {e["boot_id"] for e in batch["events"]} | {batch["boot_id"]}
        known = {b: memo.boots[(station, b)] for b in wanted if (station, b) in memo.boots}
        missing = wanted - set(known)
        if missing:
            query = conn.execute(self._sql.boots, {"station": station, "boot_ids": sorted(missing)})
            known.update({row.boot_id: _Boot(row.mono_offset_ns, row.rtt_ns) for row in query})
        sample = self._record_clock_sample(conn, station, batch, recv_ns, known.get(batch["boot_id"]))
        if sample is not None:
            known[batch["boot_id"]] = scratch.boots[(station, batch["boot_id"])] = sample
        return {boot_id: boot.mono_offset_ns for boot_id, boot in known.items() if boot.mono_offset_ns is not None}

    def _record_clock_sample(
        self, conn: Connection, station: str, batch: dict[str, Any], recv_ns: int, best: _Boot | None
    ) -> _Boot | None:
        """Keep the boot's best offset: a station's NTP-style sample beats the one-way bound.

        Returns the boot's new state when this sample is better (None: unchanged).
        """
        boot_id = batch["boot_id"]
        wall_minus_mono = batch["sent_wall_ns"] - batch["sent_mono_ns"]
        clock = batch.get("clock")
        best_rtt = best.rtt_ns if best else None
        best_offset = best.mono_offset_ns if best else None
        if clock is not None and (best_rtt is None or clock["rtt_ns"] < best_rtt):
            sample = _Boot(clock["mono_offset_ns"], clock["rtt_ns"])
        elif clock is None and best_rtt is None:
            one_way = recv_ns - batch["sent_mono_ns"]  # >= the true offset: latency is never negative
            if best_offset is not None and one_way >= best_offset:
                return None
            sample = _Boot(one_way, None)
        else:
            return None
        assert sample.mono_offset_ns is not None
        values = {
            "mono_offset_ns": sample.mono_offset_ns,
            "rtt_ns": sample.rtt_ns,
            "offset_ns": sample.mono_offset_ns - wall_minus_mono,
        }
        if best is None:  # the station row is locked: nobody else adds this boot meanwhile
            conn.execute(boots.insert().values(station_id=station, boot_id=boot_id, **values))
        else:
            key = (boots.c.station_id == station) & (boots.c.boot_id == boot_id)
            conn.execute(update(boots).where(key).values(**values))
        return sample

    def _check_roster(self, conn: Connection, site: str, wire: list[dict[str, Any]], memo: _GroupMemo) -> None:
        """Every worker an event names is on the site's roster and every product in the catalog.

        The whole batch is refused, not the one event: storing the rest would leave a hole in the
        station's seq, and its outbox resends the batch, so it is stored once the office adds the
        worker or product (docs/security.md).
        """
        named = {e["payload"]["worker_id"] for e in wire if "worker_id" in e["payload"]}
        made = {e["payload"]["product_id"] for e in wire if "product_id" in e["payload"]}
        on_roster = memo.workers.setdefault(site, set())
        named -= on_roster
        made -= memo.products
        if named:
            on_roster.update(conn.execute(self._sql.workers, {"ids": sorted(named), "site": site}).scalars())
            named -= on_roster
        if made:
            memo.products.update(conn.execute(self._sql.products, {"ids": sorted(made)}).scalars())
            made -= memo.products
        missing = [f"worker {w}" for w in sorted(named)] + [f"product {p}" for p in sorted(made)]
        if missing:
            raise NotOnRoster(f"not on the roster of site {site}: {', '.join(missing[:10])}")

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


def _event_row(
    where: StationTopic, e: dict[str, Any], received: dt.datetime, mono_offset: int | None
) -> dict:
    if e["clock_state"] == "ntp_synced":
        corrected, flag = e["wall_ns"], "ok"
    elif mono_offset is not None:
        corrected, flag = e["mono_ns"] + mono_offset, "estimated"
    else:
        corrected, flag = None, "unsynced"
    payload = orjson.dumps(e["payload"], option=orjson.OPT_SORT_KEYS).decode()
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
        **derived_of_valid_payload(e["kind"], e["payload"], e["wall_ns"], corrected, e["utc_offset_s"]),
    }


def _advance(contiguous: int, sorted_seqs: Sequence[int]) -> int:
    """`contiguous` moved up through `sorted_seqs` as far as they leave no gap."""
    for seq in sorted_seqs:
        if seq > contiguous + 1:
            break
        contiguous = max(contiguous, seq)
    return contiguous


def _advance_contiguous(conn: Connection, station: str, contiguous: int) -> int:
    """The highest seq with every seq from 1 up to it stored (read from the events above `contiguous`)."""
    while True:
        query = (
            select(events.c.seq)
            .where(events.c.station_id == station, events.c.seq > contiguous)
            .order_by(events.c.seq)
            .limit(_SEQ_PAGE)
        )
        seqs = list(conn.execute(query).scalars())
        reached = _advance(contiguous, seqs)
        if len(seqs) < _SEQ_PAGE or reached < seqs[-1]:
            return reached
        contiguous = reached


def _printable(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters; keep everything else as it came."""
    return text.replace("\x00", "\\x00")
