"""Two optional per-worker settings the kiosks receive with the roster (issue 12, items 8 and 13).

`daily_goal`: pieces per day over all products, shown at the bench as a filling bar; NULL = no goal.
`speech_rate`: words per minute of the kiosk's speech for this worker; NULL = the station's default.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = ("daily_goal", "speech_rate")


def upgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        for name in _COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
