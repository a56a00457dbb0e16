"""Ids typed into the roster forms end up in topics, file and ZIP entry names: only the safe set."""

from __future__ import annotations

from pathlib import Path

import pytest

from office import roster
from office.db import open_office
from office.payroll.errors import RosterError

WORKER = {"worker_id": "w1", "name": "张伟", "photo": "photos/w1.png", "language": "zh-Hans", "site": "s1"}


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({**WORKER, "worker_id": "../../../var/zipslip"}, "worker_id"),
        ({**WORKER, "worker_id": "张伟"}, "worker_id"),
        ({**WORKER, "product_ids": "bead-stringing ../x"}, "product_ids"),
    ],
)
def test_a_worker_id_outside_the_safe_set_is_refused_and_nothing_saved(form: dict, field: str, tmp_path: Path) -> None:
    engine = open_office(f"sqlite:///{tmp_path / 'office.db'}")
    with pytest.raises(RosterError) as refused, engine.begin() as conn:
        roster.save_worker(conn, form, "admin")
    assert refused.value.key == "bad_identifier" and refused.value.values["field"] == field
    assert "只能用字母" in refused.value.message("zh-Hans")
    with engine.connect() as conn:
        assert roster.all_rows(conn, roster.workers) == []
    engine.dispose()
