"""The print queue in the station database: jobs survive a restart and a printer that is away.

State changes are compare-and-set (`UPDATE ... WHERE state = ?`), so a job is handed to the
printer by one thread at most once per attempt.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlmodel import col

from station.store.database import Database
from station.store.print_job_table import PrintJobRow


class JobState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    PRINTED = "printed"
    INTERRUPTED = "interrupted"  # the station stopped while sending: maybe printed, never resent by itself
    FAILED = "failed"  # the slip could not be drawn (a bug or damaged job data); a reprint builds it anew


@dataclass(frozen=True, slots=True)
class PrintJob:
    job_id: str
    event_id: str
    reprint: bool
    state: JobState
    slip: str
    attempts: int
    last_error: str | None


class SqlitePrintJobs:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, job_id: str, event_id: str, reprint: bool, slip: str) -> None:
        now = time.time_ns()
        row = {
            "job_id": job_id,
            "event_id": event_id,
            "reprint": reprint,
            "state": JobState.QUEUED.value,
            "slip": slip,
            "attempts": 0,
            "created_ns": now,
            "updated_ns": now,
        }
        with self.db.write() as conn:
            conn.execute(insert(PrintJobRow), [row])

    def next_queued(self) -> PrintJob | None:
        """The oldest job waiting to print."""
        query = (
            select(PrintJobRow)
            .where(col(PrintJobRow.state) == JobState.QUEUED.value)
            .order_by(col(PrintJobRow.created_ns), col(PrintJobRow.job_id))
            .limit(1)
        )
        with self.db.read() as conn:
            row = conn.execute(query).mappings().first()
        return _job(row) if row else None

    def get(self, job_id: str) -> PrintJob | None:
        with self.db.read() as conn:
            row = conn.execute(select(PrintJobRow).where(col(PrintJobRow.job_id) == job_id)).mappings().first()
        return _job(row) if row else None

    def for_event(self, event_id: str) -> list[PrintJob]:
        query = select(PrintJobRow).where(col(PrintJobRow.event_id) == event_id).order_by(col(PrintJobRow.created_ns))
        with self.db.read() as conn:
            return [_job(row) for row in conn.execute(query).mappings()]

    def count(self, state: JobState) -> int:
        with self.db.read() as conn:
            return int(conn.execute(select(func.count()).where(col(PrintJobRow.state) == state.value)).scalar_one())

    def move(self, job_id: str, old: JobState, new: JobState, error: str | None = None) -> bool:
        """Set the job's state if it is still `old`; a failed attempt (error) is counted."""
        values: dict[str, object] = {"state": new.value, "updated_ns": time.time_ns()}
        if error is not None:
            values.update(last_error=error[:500], attempts=col(PrintJobRow.attempts) + 1)
        with self.db.write() as conn:
            result = conn.execute(
                update(PrintJobRow)
                .where(col(PrintJobRow.job_id) == job_id, col(PrintJobRow.state) == old.value)
                .values(**values)
            )
        return result.rowcount == 1

    def in_state(self, state: JobState) -> list[PrintJob]:
        query = select(PrintJobRow).where(col(PrintJobRow.state) == state.value).order_by(col(PrintJobRow.created_ns))
        with self.db.read() as conn:
            return [_job(row) for row in conn.execute(query).mappings()]


def _job(row: object) -> PrintJob:
    r = dict(row)  # type: ignore[call-overload]
    return PrintJob(
        job_id=r["job_id"],
        event_id=r["event_id"],
        reprint=bool(r["reprint"]),
        state=JobState(r["state"]),
        slip=r["slip"],
        attempts=int(r["attempts"]),
        last_error=r["last_error"],
    )
