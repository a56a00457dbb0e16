"""The office's own tables: roster, catalog, config documents, piece rates, pay rules, pay
periods, users and the audit log.

They share `metadata` with the ingest's tables (`sync.central.tables`) so one migration history
owns the whole central database. The `workers` and `products` tables are defined there (the
ingest checks tallies against the roster and must not import the office) but the office owns
their content.
Money is integer fen; a rate is "rate_fen per per_pieces pieces" so a bead can cost half a fen.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)

from sync.central.tables import metadata

supervisors = Table(
    "supervisors",
    metadata,
    Column("supervisor_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("pin_hash", Text, nullable=False),  # sync.protocol.pins
    Column("site", String(64), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)

config_documents = Table(
    "config_documents",
    metadata,
    Column("site", String(64), primary_key=True),
    Column("document", String(32), primary_key=True),  # roster | products | supervisors
    Column("version", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
)

rates = Table(
    "rates",
    metadata,
    Column("rate_id", Integer, primary_key=True, autoincrement=True),
    Column("product_id", String(64), nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("rate_fen", BigInteger, nullable=False),
    Column("per_pieces", Integer, nullable=False, default=1),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("product_id", "effective_from", name="uq_rates_product_from"),
)

pay_rules = Table(
    "pay_rules",
    metadata,
    Column("rule_id", Integer, primary_key=True, autoincrement=True),
    Column("effective_from", Date, nullable=False, unique=True),
    Column("min_per_hour_fen", BigInteger, nullable=False, default=0),  # guarantee per attended hour
    Column("min_per_day_fen", BigInteger, nullable=False, default=0),  # guarantee per attended day
    Column("base_per_day_fen", BigInteger, nullable=False, default=0),  # paid on top of piece pay
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

pay_periods = Table(
    "pay_periods",
    metadata,
    Column("period_id", Integer, primary_key=True, autoincrement=True),
    Column("start_date", Date, nullable=False, unique=True),
    Column("end_date", Date, nullable=False),
    Column("status", String(8), nullable=False, default="open"),  # open | closed
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("closed_by", String(64), nullable=True),
)

# What happened to a closed period's money: once its bank file is sent it can no longer be
# reopened (fixes go through adjustments); it is paid once every skipped worker is settled.
period_states = Table(
    "period_states",
    metadata,
    Column("period_id", Integer, primary_key=True),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("sent_by", String(64), nullable=True),
    Column("paid_at", DateTime(timezone=True), nullable=True),
    Column("paid_by", String(64), nullable=True),
)

# Lines a clerk adds by hand to a worker's pay in a period: back pay, deduction, bonus.
pay_adjustments = Table(
    "pay_adjustments",
    metadata,
    Column("adjustment_id", Integer, primary_key=True, autoincrement=True),
    Column("period_id", Integer, nullable=False, index=True),
    Column("worker_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # back_pay | deduction | bonus
    Column("amount_fen", BigInteger, nullable=False),  # signed: a deduction is negative
    Column("reason", Text, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A forgotten check-out set at the office: the station's events stay as they are (append-only).
attendance_fixes = Table(
    "attendance_fixes",
    metadata,
    Column("fix_id", Integer, primary_key=True, autoincrement=True),
    Column("check_in_event_id", String(36), nullable=False, unique=True),
    Column("worker_id", String(64), nullable=False),
    Column("check_out_at", DateTime(timezone=True), nullable=False),
    Column("utc_offset_s", Integer, nullable=False),  # the check-in's, so the day stays the same
    Column("reason", Text, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)

# Workers left out of a period's bank file (no account) whose payment the office put off on purpose.
period_deferrals = Table(
    "period_deferrals",
    metadata,
    Column("period_id", Integer, primary_key=True),
    Column("worker_id", String(64), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The amounts a closed period paid, frozen at close: exports of a closed period read these.
period_payments = Table(
    "period_payments",
    metadata,
    Column("period_id", Integer, primary_key=True),
    Column("worker_id", String(64), primary_key=True),
    Column("amount_fen", BigInteger, nullable=False),
    Column("detail", Text, nullable=False),  # JSON of the worker's pay lines, for slips and the trail
)

users = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("role", String(8), nullable=False),  # clerk | admin
    Column("password_hash", Text, nullable=False),  # argon2
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
)

# Signed-in browsers of the office page (office/sessions.py): the cookie holds a random id,
# this row holds its sha256, so the database alone cannot be used to sign in.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=True, index=True),  # None before signing in
    Column("data", Text, nullable=False),  # JSON: csrf token, language, flash message
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("detail", Text, nullable=False),  # JSON
)
# The audit page's filters (revision 0010): its user and action choices and the rows of one.
Index("ix_audit_log_username", audit_log.c.username)
Index("ix_audit_log_action", audit_log.c.action)

# A clerk's acceptance of a tally held as implausible (office/payroll/holds.py): from
# `accepted_at` on the tally is paid like any other (an acceptance after a close is paid as an
# adjustment of the next period, like a late event).
tally_accepts = Table(
    "tally_accepts",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("accepted_by", String(64), nullable=False),
    Column("accepted_at", DateTime(timezone=True), nullable=False),
)

# What the office did about a quarantined message it will not re-ingest (or has dealt with by
# hand): the quarantine row itself belongs to the ingest and stays as received.
quarantine_handled = Table(
    "quarantine_handled",
    metadata,
    Column("quarantine_id", Integer, primary_key=True),
    Column("note", Text, nullable=False),
    Column("handled_by", String(64), nullable=False),
    Column("handled_at", DateTime(timezone=True), nullable=False),
)
