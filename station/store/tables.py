"""SQLModel tables of the station database. Only the store package imports this module.

They type the queries; `migrations.py` creates the tables, and a test keeps the two equal.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class EventRow(SQLModel, table=True):
    """One fact, never updated or deleted (triggers refuse it; see database.py)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("station_id", "seq", name="uq_events_station_seq"),
        Index("ix_events_day_kind", "station_id", "local_date", "kind"),
    )

    event_id: str = Field(primary_key=True)
    station_id: str
    seq: int
    boot_id: str
    wall_ns: int
    utc_offset_s: int
    mono_ns: int
    clock_state: str
    local_date: str  # ISO date in the station's time zone, derived from wall_ns + utc_offset_s
    kind: str
    payload: str  # JSON of the kind's payload dataclass


class WorkerRow(SQLModel, table=True):
    __tablename__ = "workers"

    worker_id: str = Field(primary_key=True)
    name: str
    photo: str
    language: str
    active: bool
    badge: str | None = Field(default=None, index=True)
    product_ids: str  # JSON list
    daily_goal: int | None = None
    speech_rate: int | None = None


class ProductRow(SQLModel, table=True):
    __tablename__ = "products"

    product_id: str = Field(primary_key=True)
    names: str  # JSON {language: name}
    pictogram: str
    count_mode: str
    piece_weight_g: float | None = None
    active: bool


class SupervisorRow(SQLModel, table=True):
    __tablename__ = "supervisors"

    supervisor_id: str = Field(primary_key=True)
    name: str
    pin_hash: str
    active: bool


class ConfigVersionRow(SQLModel, table=True):
    """Which version of each central config document this station runs."""

    __tablename__ = "config_versions"

    document: str = Field(primary_key=True)
    version: int


class OutboxAckRow(SQLModel, table=True):
    """Up to which seq the central office confirmed storage, per station (station.store.ack_book)."""

    __tablename__ = "outbox_acks"

    station_id: str = Field(primary_key=True)
    acked_seq: int = Field(sa_type=BigInteger)
    last_ack_wall: float | None = None  # epoch seconds of the last ack that advanced it
    office_max_seq: int = Field(default=0, sa_type=BigInteger)  # highest seq the office said it holds


class SeqMoveRow(SQLModel, table=True):
    """An unacked event whose seq the office already holds for another event: the seq it is sent
    with instead (the latest move wins). The event row itself is never updated."""

    __tablename__ = "seq_moves"
    __table_args__ = (UniqueConstraint("station_id", "new_seq", name="uq_seq_moves_station_seq"),)

    event_id: str = Field(primary_key=True)
    station_id: str
    old_seq: int = Field(sa_type=BigInteger)
    new_seq: int = Field(primary_key=True, sa_type=BigInteger)
    moved_wall: float


class RejectedEventRow(SQLModel, table=True):
    """An event the office refused for good (its batch is in the office's quarantine): kept, not resent."""

    __tablename__ = "rejected_events"

    event_id: str = Field(primary_key=True)
    station_id: str
    seq: int = Field(sa_type=BigInteger)  # the seq it was sent with
    batch_id: str
    reason: str
    rejected_wall: float


from station.store.print_job_table import PrintJobRow  # noqa: E402, F401  (the print queue, issue 4)
