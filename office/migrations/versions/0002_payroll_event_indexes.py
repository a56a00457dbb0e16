"""Indexes for the payroll's reads of `events` (office/payroll/store.py).

- `ix_events_at`, on the corrected clock `coalesce(corrected_wall_ns, wall_ns)`: every read of
  a pay period's days is a range of it: `_rows` under `period_events` and `corrections_between`,
  and `_tally_sums` (the month's tallies summed by the database).
- `ix_events_received_at`: `_late_days` reads what arrived between the previous close and this
  one (`received_at > previous close`), a few rows out of the whole history.

Not `kind` first: without statistics (SQLite keeps none unless ANALYZE runs) the planner takes
`kind IN (...)` as selective, scans every paid event through it and stops using the primary key
for `event_id IN (...)` and the ranges above (seen with EXPLAIN QUERY PLAN on office-v0.1.0.db).
Events by station and seq (`sync/central/views.py`, the ingest) already have the unique
constraint `uq_events_station_seq`; the office's other tables are read by their primary keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.create_index("ix_events_at", [sa.text("coalesce(corrected_wall_ns, wall_ns)")])
        batch.create_index("ix_events_received_at", ["received_at"])


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_received_at")
        batch.drop_index("ix_events_at")
