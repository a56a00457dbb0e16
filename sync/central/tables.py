"""The central database schema (SQLAlchemy Core, portable between SQLite and PostgreSQL).

Events are stored exactly as stations wrote them, plus what the office derives on arrival
(receipt time, corrected wall clock). The roster tables `workers` and `products` are defined
here too so the ingest can check a tally against its site's roster without importing the office,
whose pages and migrations own their content. Bank account and ID numbers live only there.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData()
# A product's plausibility limits until the office sets its own (far above a day's real work).
DEFAULT_MAX_PER_TALLY = 10_000
DEFAULT_MAX_PER_DAY = 50_000

events = Table(
    "events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("station_id", String(64), nullable=False),
    Column("site", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("boot_id", String(64), nullable=False),
    Column("wall_ns", BigInteger, nullable=False),
    Column("utc_offset_s", Integer, nullable=False),
    Column("mono_ns", BigInteger, nullable=False),
    Column("clock_state", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", Text, nullable=False),  # JSON of the kind's payload (sync.protocol.events)
    Column("received_at", DateTime(timezone=True), nullable=False),
    # Station wall clock corrected by the boot's estimated offset; null while the boot is unsynced.
    Column("corrected_wall_ns", BigInteger, nullable=True),
    Column("time_flag", String(16), nullable=False),  # ok | estimated | unsynced
    # Derived from the payload at ingest for payroll's SQL (sync/central/derived.py; revision 0006):
    # the station's calendar day (days since 1970-01-01 of the corrected clock), and, when the
    # payload is readable, its worker, product, a tally's count and a correction's target.
    Column("local_day", Integer, nullable=True),
    Column("worker_id", String(64), nullable=True),
    Column("product_id", String(64), nullable=True),
    Column("piece_count", Integer, nullable=True),
    Column("target_event_id", String(36), nullable=True),
    UniqueConstraint("station_id", "seq", name="uq_events_station_seq"),
)
# The payroll's reads of events (office/payroll/store.py; revision 0002 of office/migrations):
# a pay period's days are a range of the corrected clock, late events a range of arrival time.
Index("ix_events_at", func.coalesce(events.c.corrected_wall_ns, events.c.wall_ns))
Index("ix_events_received_at", events.c.received_at)
# A month's events of one kind are a range of this index (revision 0006); it covers the
# payroll's tally and attendance sums (revision 0009). The corrections of a tally are found by
# their target.
Index(
    "ix_events_pay",
    events.c.kind,
    events.c.local_day,
    events.c.worker_id,
    events.c.product_id,
    events.c.piece_count,
    events.c.received_at,
    events.c.corrected_wall_ns,
    events.c.wall_ns,
)
Index("ix_events_target", events.c.target_event_id)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("topic", Text, nullable=False),
    Column("station_id", String(64), nullable=True),  # as claimed by the topic
    Column("reason", Text, nullable=False),
    Column("raw", LargeBinary, nullable=False),
)

stations = Table(
    "stations",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("site", String(64), nullable=False),
    Column("name", Text, nullable=False, default=""),
    Column("contiguous_seq", BigInteger, nullable=False, default=0),  # highest seq with no gap below
    Column("max_seq", BigInteger, nullable=False, default=0),
    Column("last_seen", DateTime(timezone=True), nullable=True),
    Column("online", Boolean, nullable=False, default=False),
    Column("status", Text, nullable=True),  # JSON of the last status message
    # Set by the office (`python -m office add-station`, the dashboard): a station the ingest met
    # first is unregistered and its batches are quarantined until the office registers it.
    Column("registered", Boolean, nullable=False, default=False),
)

boots = Table(
    "boots",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("boot_id", String(64), primary_key=True),
    Column("offset_ns", BigInteger, nullable=True),  # server time - station wall time
    Column("rtt_ns", BigInteger, nullable=True),  # of the best (lowest round-trip) sample
    # server time - station monotonic time of this boot (survives wall-clock jumps); with a null
    # rtt_ns it is the smallest one-way bound seen (arrival - departure), else an NTP-style sample.
    Column("mono_offset_ns", BigInteger, nullable=True),
)

workers = Table(
    "workers",
    metadata,
    Column("worker_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("photo", Text, nullable=False),
    Column("language", String(16), nullable=False, default="zh-Hans"),
    Column("active", Boolean, nullable=False, default=True),
    Column("badge", String(64), nullable=True),
    Column("product_ids", Text, nullable=False, default="[]"),  # JSON list
    Column("daily_goal", Integer, nullable=True),  # pieces per day, all products; NULL = no goal
    Column("speech_rate", Integer, nullable=True),  # words per minute; NULL = the station's
    Column("site", String(64), nullable=False),
    # Only ever at the central office: never in a config message, never on a kiosk or receipt.
    Column("bank_account", Text, nullable=True),
    Column("bank_name", Text, nullable=True),
    Column("id_number", Text, nullable=True),
)

products = Table(
    "products",
    metadata,
    Column("product_id", String(64), primary_key=True),
    Column("name_zh_hans", Text, nullable=False),
    Column("name_zh_hant", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("pictogram", Text, nullable=False),
    Column("count_mode", String(8), nullable=False),  # scale | tap
    Column("piece_weight_g", Float, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    # Plausibility limits (office/payroll/holds.py): counts above them are held out of pay until a
    # clerk accepts them.
    Column("max_per_tally", Integer, nullable=False, default=DEFAULT_MAX_PER_TALLY),
    Column("max_per_day", Integer, nullable=False, default=DEFAULT_MAX_PER_DAY),  # per worker and day
)
