"""Issue #15 item 6: the office hashes a site's supervisor PINs with that site's pepper, so the
hash in the retained config is useless without the pepper in the stations' bundles."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from office import roster
from office.db import open_office
from office.tables import supervisors
from sync.protocol.pins import verify_pin


def test_the_office_hashes_pins_with_the_sites_pepper(
    central_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pin-pepper-site-a").write_text("pepper-a\n")
    (tmp_path / "pin-pepper-site-c").write_text("pepper-c\n")
    monkeypatch.setenv("WORKSHOP_PIN_PEPPER_DIR", str(tmp_path))
    engine = open_office(central_url)
    try:
        with engine.begin() as conn:
            for sid, site in (("s-a", "site-a"), ("s-c", "site-c")):
                form = {"supervisor_id": sid, "name": sid, "site": site, "pin": "4321", "active": "on"}
                roster.save_supervisor(conn, form, "admin1")
            hashes = dict(conn.execute(select(supervisors.c.supervisor_id, supervisors.c.pin_hash)).all())
    finally:
        engine.dispose()
    assert verify_pin("4321", hashes["s-a"], b"pepper-a") and verify_pin("4321", hashes["s-c"], b"pepper-c")
    assert not verify_pin("4321", hashes["s-a"], b"pepper-c") and not verify_pin("4321", hashes["s-a"], b"")
