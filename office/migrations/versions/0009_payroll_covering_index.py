"""`ix_events_pay` widened to cover the payroll's two grouped reads of a month.

(kind, local_day, worker_id, product_id, piece_count, received_at, corrected_wall_ns, wall_ns):
the tally sums and the attendance sums (office/payroll/store.py) read this index alone, no
table row; the range they read is still `kind, local_day`. It replaces the narrow index, so an
insert still updates one index for it, only a wider entry (docs/office.md, "Speed", has the
payroll and ingest figures before and after).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_NARROW = ["kind", "local_day"]
_WIDE = [*_NARROW, "worker_id", "product_id", "piece_count", "received_at", "corrected_wall_ns", "wall_ns"]


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_pay")
        batch.create_index("ix_events_pay", _WIDE)


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_pay")
        batch.create_index("ix_events_pay", _NARROW)
