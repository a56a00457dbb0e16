"""`python -m sync central add-user | payroll`: the commands a clerk scripts, run in-process."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from sqlalchemy import select

from sync.central.db import open_central
from sync.central.office_tables import users
from sync.central.payroll import store
from sync.cli import main
from tests.office_fixtures import seed_office


def test_add_user_reads_the_password_from_a_file_and_refuses_bad_input(central_url, tmp_path, capsys):
    secret = tmp_path / "pw"
    secret.write_text("a-long-password\n")
    assert (
        main(
            [
                "central",
                "add-user",
                "--db",
                central_url,
                "--name",
                "li",
                "--role",
                "clerk",
                "--password-file",
                str(secret),
            ]
        )
        == 0
    )
    engine = open_central(central_url)
    with engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.username == "li")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2id$") and "a-long-password" not in stored
    secret.write_text("short\n")
    assert (
        main(
            [
                "central",
                "add-user",
                "--db",
                central_url,
                "--name",
                "li",
                "--role",
                "clerk",
                "--password-file",
                str(secret),
            ]
        )
        == 2
    )
    assert (
        main(
            [
                "central",
                "add-user",
                "--db",
                central_url,
                "--name",
                "li",
                "--role",
                "clerk",
                "--password-file",
                str(tmp_path / "missing"),
            ]
        )
        == 2
    )
    assert "at least 8 characters" in capsys.readouterr().err


def test_payroll_writes_the_bank_file_and_the_pay_sheet(central_url, tmp_path):
    engine = open_central(central_url)
    with engine.begin() as conn:
        seed_office(conn)
        january = store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        store.close_period(conn, january, "clerk1")
    engine.dispose()
    out = tmp_path / "bank.csv"
    args = ["central", "payroll", "--db", central_url, "--from", "2026-01-01", "--to", "2026-01-31"]
    assert (
        main(
            [
                *args,
                "--out",
                str(out),
                "--encoding",
                "utf-8-sig",
                "--columns",
                "账号=bank_account,分=amount_fen",
            ]
        )
        == 0
    )
    assert out.read_bytes().decode("utf-8-sig").splitlines() == [
        "账号,分",
        "6222020200000000001,600",
        "6222020200000000002,250",
    ]
    sheet = tmp_path / "pay.xlsx"
    assert main([*args, "--format", "xlsx", "--out", str(sheet)]) == 0
    assert openpyxl.load_workbook(io.BytesIO(sheet.read_bytes()))["pay"]["E5"].value == 850
    # A range that is no period: everything known now about those days.
    assert main([*args[:-4], "--from", "2026-01-12", "--to", "2026-01-12", "--out", str(out)]) == 0
    assert len(out.read_bytes().decode("gbk").splitlines()) == 3
    assert main([*args, "--format", "xlsx"]) == 2  # a sheet needs a file
    assert main([*args, "--columns", "Account=iban", "--out", str(out)]) == 2
