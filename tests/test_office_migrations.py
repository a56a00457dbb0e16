"""The office's migrations carry a database made by v0.1.0 forward, row for row, on SQLite and
PostgreSQL; they refuse a database newer than the code; and they match the table definitions.

The input is `tests/fixtures/databases/office-v0.1.0.db` (its README lists what it holds): always
a copy, never the committed file itself.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import warnings
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, create_engine, func, insert, select
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table

from office.cli import main
from office.db import open_office
from office.migrations import (
    BASELINE_TABLES,
    DatabaseNotRecognised,
    DatabaseTooNew,
    alembic_config,
)
from office.payroll import store
from office.users import authenticate
from sync.central.db import connect
from sync.central.derived import DERIVED, derived_columns
from sync.central.tables import metadata

FIXTURE = Path(__file__).parent / "fixtures/databases/office-v0.1.0.db"
HEAD = "0010"
Rows = dict[str, list[tuple[Any, ...]]]


pytestmark = pytest.mark.usefixtures("keep_logging")


@pytest.fixture
def v010(tmp_path: Path) -> Path:
    """A copy of the v0.1.0 office database."""
    path = tmp_path / "office.db"
    shutil.copyfile(FIXTURE, path)
    return path


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def _plain(value: Any) -> Any:
    """SQLite hands back naive datetimes (all UTC), PostgreSQL aware ones: compare them in UTC."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


# Columns later revisions added to v0.1.0 tables: the rows v0.1.0 wrote are compared without them
# (0003: users can be switched off; 0004: station registration, product limits; 0006: the events'
# payroll columns; 0008: a worker's daily goal and speech rate).
ADDED_COLUMNS = {
    "users": {"active"},
    "stations": {"registered"},
    "products": {"max_per_tally", "max_per_day"},
    "events": set(DERIVED),
    "workers": {"daily_goal", "speech_rate"},
}


def v010_columns(name: str) -> list[Any]:
    return [c for c in metadata.tables[name].c if c.name not in ADDED_COLUMNS.get(name, set())]


def read_rows(engine: Engine) -> Rows:
    """Every row of every v0.1.0 table (its v0.1.0 columns), in a dialect-independent order."""
    with engine.connect() as conn:
        return {
            name: sorted((tuple(_plain(v) for v in row) for row in conn.execute(select(*v010_columns(name)))), key=repr)
            for name in sorted(BASELINE_TABLES)
        }


def assert_payroll_columns_derived(engine: Engine) -> None:
    """Revision 0006 filled every event's payroll columns as the ingest would have."""
    events = metadata.tables["events"]
    source = [events.c[n] for n in ("kind", "payload", "wall_ns", "corrected_wall_ns", "utc_offset_s")]
    with engine.connect() as conn:
        rows = conn.execute(select(*source, *(events.c[n] for n in DERIVED))).all()
    assert rows and all(dict(zip(DERIVED, row[5:], strict=True)) == derived_columns(*row[:5]) for row in rows)
    assert sum(row[5 + DERIVED.index("piece_count")] is not None for row in rows) == 897


def fixture_rows(path: Path) -> Rows:
    """The rows as v0.1.0 left them, read without the office's pragmas (which would switch to WAL)."""
    engine = create_engine(url_of(path))
    try:
        return read_rows(engine)
    finally:
        engine.dispose()


def version_of(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def checksum(path: Path) -> str:
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_what_the_readme_lists(engine: Engine) -> None:
    """The fixture README's exact contents, read through the upgraded schema."""
    tables = metadata.tables
    with engine.connect() as conn:

        def count(name: str) -> int:
            return conn.execute(select(func.count()).select_from(tables[name])).scalar_one()

        expected = {"events": 1423, "stations": 1, "workers": 12, "products": 6, "supervisors": 3, "rates": 8}
        expected |= {"pay_rules": 1, "pay_periods": 2, "period_payments": 12, "users": 2, "audit_log": 14}
        expected |= {"boots": 0, "config_documents": 0, "quarantine": 0}
        assert {name: count(name) for name in expected} == expected
        events = tables["events"]
        kinds = dict(conn.execute(select(events.c.kind, func.count()).group_by(events.c.kind)).all())
        assert kinds == {"check_in": 252, "tally": 897, "correction": 30, "check_out": 244}
        assert conn.execute(select(func.min(events.c.seq), func.max(events.c.seq))).one() == (1, 1423)
        workers = tables["workers"]
        banked = select(func.count()).where(
            workers.c.bank_account.is_not(None), workers.c.bank_name.is_not(None), workers.c.id_number.is_not(None)
        )
        assert conn.execute(banked).scalar_one() == 12
        stations = tables["stations"]  # revision 0004: stations known before it stay registered
        assert conn.execute(select(stations.c.registered)).scalars().all() == [True]
        products = tables["products"]
        limits = select(products.c.max_per_tally, products.c.max_per_day).distinct()
        assert conn.execute(limits).all() == [(10_000, 50_000)]
        periods = store.load_periods(conn)
        assert [(p.start, p.end, p.closed) for p in periods] == [
            (date(2026, 11, 1), date(2026, 11, 30), True),
            (date(2026, 12, 1), date(2026, 12, 31), False),
        ]
        pay_periods = tables["pay_periods"]
        assert conn.execute(select(pay_periods.c.closed_by).where(pay_periods.c.status == "closed")).scalar_one() == (
            "admin"
        )
        november = store.payments(conn, periods[0].period_id)
        assert len(november) == 12 and sum(pay.total_fen for pay in november.values()) == 984874
        users = {u: authenticate(conn, u, "fixture-password") for u in ("admin", "clerk")}
        assert {u: user.role if user else None for u, user in users.items()} == {"admin": "admin", "clerk": "clerk"}


# --- SQLite ---------------------------------------------------------------------------------


def test_revision_0001_is_the_v0_1_0_schema_exactly(tmp_path: Path) -> None:
    def schema(path: Path) -> dict[str, str]:
        with sqlite3.connect(path) as conn:
            return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE '%alembic_version%'"))

    engine = connect(url_of(tmp_path / "fresh.db"))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    engine.dispose()
    assert schema(tmp_path / "fresh.db") == schema(FIXTURE)


def test_open_office_upgrades_the_v0_1_0_database_and_keeps_every_row(v010: Path) -> None:
    before = fixture_rows(v010)
    engine = open_office(url_of(v010))
    try:
        assert version_of(engine) == HEAD
        assert read_rows(engine) == before
        assert_what_the_readme_lists(engine)
        assert_payroll_columns_derived(engine)
        with sqlite3.connect(v010) as conn:
            indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"ix_events_at", "ix_events_received_at"} <= indexes
    finally:
        engine.dispose()


def test_migrate_command_upgrades_once_then_is_a_no_op(v010: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = fixture_rows(v010)
    url = url_of(v010)
    assert main(["migrate", "--db", url]) == 0
    assert capsys.readouterr().out.strip() == f"办公室数据库 {url}：版本 0001 → {HEAD}"
    upgraded = checksum(v010)
    assert main(["migrate", "--db", url, "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == f"office database {url}: already at revision {HEAD}"
    assert checksum(v010) == upgraded
    assert fixture_rows(v010) == before


def test_a_database_newer_than_the_code_is_refused_untouched(v010: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = url_of(v010)
    open_office(url).dispose()
    with sqlite3.connect(v010) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.close()
    untouched = checksum(v010)
    sentence = (
        f"the office database at {url} is at revision 0999, which this code does not know "
        f"(its newest is {HEAD}): upgrade the office software before opening it"
    )
    with pytest.raises(DatabaseTooNew) as refused:
        open_office(url)
    assert str(refused.value) == sentence
    assert main(["migrate", "--db", url, "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == sentence  # after the JSON log lines
    assert main(["migrate", "--db", url]) == 2  # Chinese unless told otherwise
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith("请先升级办公室软件再打开")
    assert checksum(v010) == untouched


def test_some_central_tables_without_a_revision_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "odd.db"
    engine = create_engine(url_of(path))
    metadata.tables["events"].create(engine)
    engine.dispose()

    def schema() -> list[tuple[str, str]]:
        with sqlite3.connect(path) as conn:
            return list(conn.execute("SELECT name, sql FROM sqlite_master"))

    before = schema()
    with pytest.raises(DatabaseNotRecognised, match="lacks audit_log, boots, config_documents, pay_periods, "):
        open_office(url_of(path))
    assert schema() == before  # not stamped, nothing created (the office's connection did switch it to WAL)


# --- models and migrations cannot drift -----------------------------------------------------


def drift(engine: Engine) -> list[Any]:
    with engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect expression indexes (ix_events_at): alembic says so and skips it.
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_the_migrated_schema_is_the_metadata_on_sqlite(v010: Path, tmp_path: Path) -> None:
    for url in (url_of(v010), url_of(tmp_path / "fresh.db")):
        engine = open_office(url)
        try:
            assert drift(engine) == []
        finally:
            engine.dispose()


# --- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture
def pg_url(postgres_server_url: str) -> str:
    """The throw-away PostgreSQL database, emptied (the session shares it)."""
    engine = create_engine(postgres_server_url)
    existing = MetaData()
    existing.reflect(engine)
    existing.drop_all(engine)
    engine.dispose()
    return postgres_server_url


@pytest.mark.postgres
def test_the_v0_1_0_rows_survive_the_upgrade_on_postgresql(v010: Path, pg_url: str) -> None:
    """v0.1.0 on PostgreSQL: the fixture's rows in a database built at 0001, then upgraded on open."""
    before = fixture_rows(v010)
    engine = connect(pg_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    source = create_engine(url_of(v010))
    with source.connect() as read, engine.begin() as write:
        for name in sorted(BASELINE_TABLES):
            columns = v010_columns(name)
            rows = [{k: _plain(v) for k, v in row.items()} for row in read.execute(select(*columns)).mappings()]
            if rows:  # a lightweight table: no Python defaults of columns 0001 does not have
                write.execute(insert(sa_table(name, *(sa_column(c.name) for c in columns))), rows)
    source.dispose()
    assert version_of(engine) == "0001"
    engine.dispose()
    engine = open_office(pg_url)
    try:
        assert version_of(engine) == HEAD
        assert read_rows(engine) == before
        assert_what_the_readme_lists(engine)
        assert_payroll_columns_derived(engine)
        assert drift(engine) == []
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_migrated_schema_is_the_metadata_on_postgresql(pg_url: str) -> None:
    engine = open_office(pg_url)
    try:
        assert version_of(engine) == HEAD
        assert drift(engine) == []
        with engine.connect() as conn:
            indexes = {ix["name"] for ix in conn.dialect.get_indexes(conn, "events")}
        assert {"ix_events_at", "ix_events_received_at"} <= indexes
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_newer_postgresql_database_is_refused_untouched_and_its_password_unsaid(pg_url: str) -> None:
    open_office(pg_url).dispose()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    before = read_rows(engine)
    with_password = pg_url.replace("postgres@", "postgres:not-to-be-shown@")  # trust auth ignores it
    with pytest.raises(DatabaseTooNew) as refused:
        open_office(with_password)
    assert "not-to-be-shown" not in str(refused.value) and "postgres:***@" in str(refused.value)
    assert f"at revision 0999, which this code does not know (its newest is {HEAD})" in str(refused.value)
    assert version_of(engine) == "0999" and read_rows(engine) == before
    engine.dispose()
