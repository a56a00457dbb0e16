"""The print queue's table: mutable job state, unlike the events table (which is never updated)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table

from station.store.tables import metadata

# One slip to print. `state` moves queued -> sending -> printed (or back to queued on a failure).
# A job left in `sending` by a crash becomes `interrupted`: it may or may not have printed, so it
# is never sent again by itself (a supervisor reprints); `printed` is set only after the
# `receipt_printed` event is on disk.
print_jobs = Table(
    "print_jobs",
    metadata,
    Column("job_id", String, primary_key=True),
    Column("event_id", String, nullable=False, index=True),  # the tally or correction the slip is about
    Column("reprint", Boolean, nullable=False),
    Column("state", String, nullable=False),
    Column("slip", String, nullable=False),  # JSON of the slip's data as it was when queued
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_ns", Integer, nullable=False),
    Column("updated_ns", Integer, nullable=False),
    Column("last_error", String),
    Index("ix_print_jobs_state_created", "state", "created_ns", "job_id"),  # next_queued
)
