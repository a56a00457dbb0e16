"""`python -m office add-user | payroll | demo`: the commands a clerk scripts, run in-process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
from sqlalchemy import select

from office import config_push
from office.cli import DETAILS, main
from office.db import open_office
from office.payroll import store
from office.tables import users
from tests.fixtures.mosquitto import free_port
from tests.office_fixtures import seed_office
from tests.test_office_roster_sheet import sheet_of, zip_bomb

ROOT = Path(__file__).resolve().parents[1]


def office_command(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m office ARGS` in a real process, as an admin at a terminal runs it."""
    command = [sys.executable, "-m", "office", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def sentences(stderr: str) -> list[str]:
    """What stderr says besides the structured log's JSON records."""
    return [line for line in stderr.splitlines() if not line.startswith("{")]


def test_add_user_reads_the_password_from_a_file_and_refuses_bad_input(central_url, tmp_path, capsys):
    secret = tmp_path / "pw"
    add_li = [
        "add-user",
        "--db",
        central_url,
        "--name",
        "li",
        "--role",
        "clerk",
        "--password-file",
    ]
    secret.write_text("a-long-password\n")
    assert main([*add_li, str(secret)]) == 0
    engine = open_office(central_url)
    with engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.username == "li")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2id$") and "a-long-password" not in stored
    assert "用户 li（文员）已保存" in capsys.readouterr().out  # Chinese first, like the office page
    secret.write_text("short\n")
    assert main([*add_li, str(secret)]) == 2
    assert "至少" in capsys.readouterr().err
    assert main([*add_li, str(secret), "--lang", "en"]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert main([*add_li, str(tmp_path / "missing"), "--lang", "zh-Hant"]) == 2
    assert "無法從" in capsys.readouterr().err


def test_payroll_writes_the_bank_file_and_the_pay_sheet(central_url, tmp_path):
    engine = open_office(central_url)
    seed_office(engine)
    with engine.begin() as conn:
        january = store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        store.close_period(conn, january, "clerk1")
    engine.dispose()
    out = tmp_path / "bank.csv"
    args = ["payroll", "--db", central_url, "--from", "2026-01-01", "--to", "2026-01-31"]
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
        "6222000000000001,600",
        "6222000000000002,250",
    ]
    sheet = tmp_path / "pay.xlsx"
    assert main([*args, "--format", "xlsx", "--out", str(sheet)]) == 0
    assert openpyxl.load_workbook(io.BytesIO(sheet.read_bytes()))["工资汇总"]["E5"].value == "=SUM(E3:E4)"
    # A range that is no period: everything known now about those days.
    assert main([*args[:-4], "--from", "2026-01-12", "--to", "2026-01-12", "--out", str(out)]) == 0
    assert len(out.read_bytes().decode("gbk").splitlines()) == 3
    assert main([*args, "--format", "xlsx"]) == 2  # a sheet needs a file
    assert main([*args, "--columns", "Account=iban", "--out", str(out)]) == 2


def test_demo_fills_an_empty_database_once(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    secret = tmp_path / "pw"
    secret.write_text("demo-password-1\n")
    assert main(["demo", "--db", url, "--password-file", str(secret)]) == 0
    engine = open_office(url)
    with engine.begin() as conn:
        (period,) = store.load_periods(conn)
        assert len(store.compute(conn, period.period_id).workers) == 12
    engine.dispose()
    assert main(["demo", "--db", url, "--password-file", str(secret)]) == 2
    assert "already a demo" in capsys.readouterr().err


def test_seed_demo(central_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["seed-demo", "--db", central_url, "--site", "s1"]) == 0
    assert "s1" in capsys.readouterr().out


def test_publish_config_to_missing_broker_says_so(central_url: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(config_push, "PUBLISH_TIMEOUT_S", 0.5)
    url = f"mqtt://127.0.0.1:{free_port()}"
    assert main(["publish-config", "--db", central_url, "--site", "s1", "--broker", url]) == 2
    assert "配置未发布" in capsys.readouterr().err
    assert main(["publish-config", "--db", central_url, "--site", "s1", "--broker", url, "--lang", "en"]) == 2
    assert "not published" in capsys.readouterr().err


def test_disable_user_switches_them_off_and_ends_their_sessions(central_url, capsys):
    engine = open_office(central_url)
    seed_office(engine)
    engine.dispose()
    assert main(["disable-user", "--db", central_url, "--name", "clerk1"]) == 0
    assert main(["disable-user", "--db", central_url, "--name", "nobody", "--lang", "en"]) == 2
    assert "there is no user 'nobody'" in capsys.readouterr().err
    engine = open_office(central_url)
    with engine.connect() as conn:
        assert conn.execute(select(users.c.active).where(users.c.username == "clerk1")).scalar_one() is False
    engine.dispose()


def test_a_known_error_is_one_sentence_and_an_unexpected_one_points_to_the_log(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'office.db'}"
    out = str(tmp_path / "out.xlsx")
    refused = office_command("report", "federation", "--db", db, "--month", "Feb", "--out", out)
    assert refused.returncode == 2 and sentences(refused.stderr) == ["“Feb”不是月份（例如 2026-11）"]
    bomb = tmp_path / "名册.xlsx"
    bomb.write_bytes(zip_bomb(sheet_of([["w01", "张伟"]])))
    refused = office_command("roster", "import", "--db", db, str(bomb))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    [sentence] = sentences(refused.stderr)
    assert sentence.startswith("这个 XLSX 文件解压后太大（最多 64 MB、200 个部分）")

    unreachable = f"sqlite:///{tmp_path / 'no-such-dir' / 'office.db'}"
    failed = office_command("roster", "export", "--db", unreachable, "--out", out)
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1  # no log record, no traceback
    assert failed.stderr.startswith("python -m office roster: failed: (sqlite3.OperationalError) unable to open")
    assert failed.stderr.endswith(f"{DETAILS}\n")
    traced = office_command("--log-level", "DEBUG", "roster", "export", "--db", unreachable, "--out", out)
    assert traced.returncode == 1 and sentences(traced.stderr) == failed.stderr.splitlines()
    records = [json.loads(line) for line in traced.stderr.splitlines() if line.startswith("{")]
    assert any(r["msg"] == "command failed" and "Traceback" in r["exc"] for r in records)
