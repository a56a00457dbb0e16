"""Security #15: stations are registered by the office; products carry plausibility limits.

- `stations.registered`: the ingest creates an unregistered row on first contact and quarantines
  its batches until the office registers it. Rows already there are registered, so installations
  keep working exactly as before.
- `products.max_per_tally`, `products.max_per_day`: counts above them are held out of pay until
  a clerk accepts them (`tally_accepts`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stations") as batch:
        batch.add_column(sa.Column("registered", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("max_per_tally", sa.Integer(), nullable=False, server_default="10000"))
        batch.add_column(sa.Column("max_per_day", sa.Integer(), nullable=False, server_default="50000"))
    op.create_table(
        "tally_accepts",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("accepted_by", sa.String(64), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tally_accepts")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("max_per_day")
        batch.drop_column("max_per_tally")
    with op.batch_alter_table("stations") as batch:
        batch.drop_column("registered")
