"""The station database's tables (SQLAlchemy Core). Only the store package imports this module.

They type the queries; `migrations.py` creates the tables, and a test keeps the two equal.
Core tables rather than SQLModel classes: the kiosk reads its roster before Home's first frame,
and SQLModel brought the ORM and pydantic model building into that wait (docs/kiosk.md, speed).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

metadata = MetaData()

# One fact, never updated or deleted (triggers refuse it; see database.py).
events = Table(
    "events",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("station_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("boot_id", String, nullable=False),
    Column("wall_ns", Integer, nullable=False),
    Column("utc_offset_s", Integer, nullable=False),
    Column("mono_ns", Integer, nullable=False),
    Column("clock_state", String, nullable=False),
    Column("local_date", String, nullable=False),  # ISO date in the station's time zone (wall_ns + utc_offset_s)
    Column("kind", String, nullable=False),
    Column("payload", String, nullable=False),  # JSON of the kind's payload dataclass
    UniqueConstraint("station_id", "seq", name="uq_events_station_seq"),
    Index("ix_events_day_kind", "station_id", "local_date", "kind"),
)

workers = Table(
    "workers",
    metadata,
    Column("worker_id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("photo", String, nullable=False),
    Column("language", String, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("badge", String, index=True),
    Column("product_ids", String, nullable=False),  # JSON list
    Column("daily_goal", Integer),
    Column("speech_rate", Integer),
)

products = Table(
    "products",
    metadata,
    Column("product_id", String, primary_key=True),
    Column("names", String, nullable=False),  # JSON {language: name}
    Column("pictogram", String, nullable=False),
    Column("count_mode", String, nullable=False),
    Column("piece_weight_g", Float),
    Column("active", Boolean, nullable=False),
)

supervisors = Table(
    "supervisors",
    metadata,
    Column("supervisor_id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("pin_hash", String, nullable=False),
    Column("active", Boolean, nullable=False),
)

# Which version of each central config document this station runs.
config_versions = Table(
    "config_versions",
    metadata,
    Column("document", String, primary_key=True),
    Column("version", Integer, nullable=False),
)

# Up to which seq the central office confirmed storage, per station (station.store.ack_book).
outbox_acks = Table(
    "outbox_acks",
    metadata,
    Column("station_id", String, primary_key=True),
    Column("acked_seq", BigInteger, nullable=False),
    Column("last_ack_wall", Float),  # epoch seconds of the last ack that advanced it
    Column("office_max_seq", BigInteger, nullable=False, default=0),  # highest seq the office said it holds
)

# An unacked event whose seq the office already holds for another event: the seq it is sent
# with instead (the latest move wins). The event row itself is never updated.
seq_moves = Table(
    "seq_moves",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("station_id", String, nullable=False),
    Column("old_seq", BigInteger, nullable=False),
    Column("new_seq", BigInteger, primary_key=True),
    Column("moved_wall", Float, nullable=False),
    UniqueConstraint("station_id", "new_seq", name="uq_seq_moves_station_seq"),
)

# An event the office refused for good (its batch is in the office's quarantine): kept, not resent.
rejected_events = Table(
    "rejected_events",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("station_id", String, nullable=False),
    Column("seq", BigInteger, nullable=False),  # the seq it was sent with
    Column("batch_id", String, nullable=False),
    Column("reason", String, nullable=False),
    Column("rejected_wall", Float, nullable=False),
)

from station.store.print_job_table import print_jobs  # noqa: E402, F401  (the print queue, issue 4)
