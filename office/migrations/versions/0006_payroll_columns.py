"""Typed payroll columns on `events`, derived from each payload (sync/central/derived.py).

Payroll sums a month with SQL over `local_day`, `worker_id`, `product_id` and `piece_count`,
a range of `ix_events_pay` (kind, day), and finds the corrections
of a tally by `target_event_id` (`ix_events_target`). Existing rows are filled here with the
same function the ingest uses, page by page; an unreadable payload gets only its day.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sync.central.derived import derived_columns

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_PAGE = 5000
_TYPES = {
    "local_day": sa.Integer,
    "worker_id": lambda: sa.String(64),
    "product_id": lambda: sa.String(64),
    "piece_count": sa.Integer,
    "target_event_id": lambda: sa.String(36),
}


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name, kind in _TYPES.items():
            batch.add_column(sa.Column(name, kind(), nullable=True))
    _fill(op.get_bind())
    with op.batch_alter_table("events") as batch:
        batch.create_index("ix_events_pay", ["kind", "local_day"])
        batch.create_index("ix_events_target", ["target_event_id"])


def _fill(conn: sa.Connection) -> None:
    events = sa.table(
        "events",
        sa.column("event_id"),
        sa.column("kind"),
        sa.column("payload"),
        sa.column("wall_ns"),
        sa.column("corrected_wall_ns"),
        sa.column("utc_offset_s"),
        *(sa.column(name) for name in _TYPES),
    )
    source = (events.c.kind, events.c.payload, events.c.wall_ns, events.c.corrected_wall_ns, events.c.utc_offset_s)
    update = (
        sa.update(events)
        .where(events.c.event_id == sa.bindparam("id"))
        .values({name: sa.bindparam(f"new_{name}") for name in _TYPES})
    )
    after = ""
    while True:
        page = conn.execute(
            sa.select(events.c.event_id, *source)
            .where(events.c.event_id > after)
            .order_by(events.c.event_id)
            .limit(_PAGE)
        ).all()
        if not page:
            return
        rows = [(row[0], derived_columns(*row[1:])) for row in page]
        conn.execute(update, [{"id": i, **{f"new_{k}": v for k, v in d.items()}} for i, d in rows])
        after = page[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_target")
        batch.drop_index("ix_events_pay")
        for name in reversed(_TYPES):
            batch.drop_column(name)
