"""The print queue's table: mutable job state, unlike the events table (which is never updated)."""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class PrintJobRow(SQLModel, table=True):
    """One slip to print. `state` moves queued -> sending -> printed (or back to queued on a failure).

    A job left in `sending` by a crash becomes `interrupted`: it may or may not have printed,
    so it is never sent again by itself (a supervisor reprints); `printed` is set only after the
    `receipt_printed` event is on disk.
    """

    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_state_created", "state", "created_ns", "job_id"),)  # next_queued

    job_id: str = Field(primary_key=True)
    event_id: str = Field(index=True)  # the tally or correction the slip is about
    reprint: bool
    state: str
    slip: str  # JSON of the slip's data as it was when queued
    attempts: int = 0
    created_ns: int
    updated_ns: int
    last_error: str | None = None
