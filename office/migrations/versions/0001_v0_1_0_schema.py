"""The central schema of v0.1.0, exactly as its `metadata.create_all` made it.

A v0.1.0 database already has these tables and is stamped here instead of running this
(`office.migrations.upgrade`); an empty database gets them from here.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("boot_id", sa.String(64), nullable=False),
        sa.Column("wall_ns", sa.BigInteger, nullable=False),
        sa.Column("utc_offset_s", sa.Integer, nullable=False),
        sa.Column("mono_ns", sa.BigInteger, nullable=False),
        sa.Column("clock_state", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("corrected_wall_ns", sa.BigInteger, nullable=True),
        sa.Column("time_flag", sa.String(16), nullable=False),
        sa.UniqueConstraint("station_id", "seq", name="uq_events_station_seq"),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("station_id", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "stations",
        sa.Column("station_id", sa.String(64), primary_key=True),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("contiguous_seq", sa.BigInteger, nullable=False),
        sa.Column("max_seq", sa.BigInteger, nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("online", sa.Boolean, nullable=False),
        sa.Column("status", sa.Text, nullable=True),
    )
    op.create_table(
        "boots",
        sa.Column("station_id", sa.String(64), primary_key=True),
        sa.Column("boot_id", sa.String(64), primary_key=True),
        sa.Column("offset_ns", sa.BigInteger, nullable=True),
        sa.Column("rtt_ns", sa.BigInteger, nullable=True),
        sa.Column("mono_offset_ns", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "workers",
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("photo", sa.Text, nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("badge", sa.String(64), nullable=True),
        sa.Column("product_ids", sa.Text, nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("bank_account", sa.Text, nullable=True),
        sa.Column("bank_name", sa.Text, nullable=True),
        sa.Column("id_number", sa.Text, nullable=True),
    )
    op.create_table(
        "products",
        sa.Column("product_id", sa.String(64), primary_key=True),
        sa.Column("name_zh_hans", sa.Text, nullable=False),
        sa.Column("name_zh_hant", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("pictogram", sa.Text, nullable=False),
        sa.Column("count_mode", sa.String(8), nullable=False),
        sa.Column("piece_weight_g", sa.Float, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "supervisors",
        sa.Column("supervisor_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("pin_hash", sa.Text, nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "config_documents",
        sa.Column("site", sa.String(64), primary_key=True),
        sa.Column("document", sa.String(32), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "rates",
        sa.Column("rate_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("rate_fen", sa.BigInteger, nullable=False),
        sa.Column("per_pieces", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("product_id", "effective_from", name="uq_rates_product_from"),
    )
    op.create_table(
        "pay_rules",
        sa.Column("rule_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("effective_from", sa.Date, nullable=False, unique=True),
        sa.Column("min_per_hour_fen", sa.BigInteger, nullable=False),
        sa.Column("min_per_day_fen", sa.BigInteger, nullable=False),
        sa.Column("base_per_day_fen", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "pay_periods",
        sa.Column("period_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("start_date", sa.Date, nullable=False, unique=True),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(64), nullable=True),
    )
    op.create_table(
        "period_payments",
        sa.Column("period_id", sa.Integer, primary_key=True),
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "audit_log",
        "users",
        "period_payments",
        "pay_periods",
        "pay_rules",
        "rates",
        "config_documents",
        "supervisors",
        "products",
        "workers",
        "boots",
        "stations",
        "quarantine",
        "events",
    ):
        op.drop_table(table)
