"""Payroll an office can trust (issue #13): period states, adjustments, attendance fixes, deferrals.

- `period_states`: when a closed period's bank file was sent (it can no longer be reopened) and
  when it was marked paid (every skipped worker resolved or deferred).
- `pay_adjustments`: back pay, deductions and bonuses a clerk adds per worker and period.
- `attendance_fixes`: a forgotten check-out set at the office (events stay append-only).
- `period_deferrals`: workers left out of a bank file on purpose, with the reason.

A negative net is carried forward from `period_payments` (the frozen amount): no column needed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "period_states",
        sa.Column("period_id", sa.Integer, primary_key=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_by", sa.String(64), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_by", sa.String(64), nullable=True),
    )
    op.create_table(
        "pay_adjustments",
        sa.Column("adjustment_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("period_id", sa.Integer, nullable=False),
        sa.Column("worker_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pay_adjustments_period_id", "pay_adjustments", ["period_id"])
    op.create_table(
        "attendance_fixes",
        sa.Column("fix_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("check_in_event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("worker_id", sa.String(64), nullable=False),
        sa.Column("check_out_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_s", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_attendance_fixes_created_at", "attendance_fixes", ["created_at"])
    op.create_table(
        "period_deferrals",
        sa.Column("period_id", sa.Integer, primary_key=True),
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("period_deferrals")
    op.drop_index("ix_attendance_fixes_created_at", "attendance_fixes")
    op.drop_table("attendance_fixes")
    op.drop_index("ix_pay_adjustments_period_id", "pay_adjustments")
    op.drop_table("pay_adjustments")
    op.drop_table("period_states")
