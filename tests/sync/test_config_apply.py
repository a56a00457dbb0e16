"""Applying config documents on the station: newer versions only, hash checked, all or nothing."""

from __future__ import annotations

import pytest

from sync.demo import demo_catalog
from sync.outbox.config_apply import MAX_VERSION_STEP, merged_catalog
from sync.protocol import ProtocolError, canonical_sha256
from tests.sync.helpers import SITE


def _roster_message(version: int, names: list[str]) -> dict:
    data = [
        {"worker_id": f"w{i}", "name": n, "photo": "photos/placeholder_01.png", "language": "zh-Hans",
         "active": True, "badge": None, "product_ids": []}
        for i, n in enumerate(names)
    ]
    return {"site": SITE, "document": "roster", "version": version, "sha256": canonical_sha256(data), "data": data}


def test_a_newer_version_replaces_only_its_document() -> None:
    current = demo_catalog()  # roster v1
    merged = merged_catalog(current, _roster_message(2, ["甲", "乙"]), SITE)
    assert merged is not None
    assert [w.name for w in merged.workers] == ["甲", "乙"]
    assert merged.products == current.products and merged.supervisors == current.supervisors
    assert merged.versions == {**current.versions, "roster": 2}


@pytest.mark.parametrize("version", [1, 2])
def test_the_same_or_an_older_version_is_ignored(version: int) -> None:
    newer = merged_catalog(demo_catalog(), _roster_message(3, ["甲"]), SITE)
    assert newer is not None
    assert merged_catalog(newer, _roster_message(version, ["旧"]), SITE) is None
    assert merged_catalog(newer, _roster_message(3, ["甲"]), SITE) is None


def test_a_document_whose_hash_does_not_match_is_refused() -> None:
    message = _roster_message(2, ["甲"])
    message["data"][0]["name"] = "乙"
    with pytest.raises(ProtocolError, match="sha256"):
        merged_catalog(demo_catalog(), message, SITE)


def test_a_document_for_another_site_is_refused() -> None:
    message = {**_roster_message(2, ["甲"]), "site": "other-site"}
    with pytest.raises(ProtocolError, match="other-site"):
        merged_catalog(demo_catalog(), message, SITE)


def test_a_version_jump_beyond_the_step_is_refused_and_the_real_next_version_still_applies() -> None:
    current = demo_catalog()  # roster v1
    with pytest.raises(ProtocolError, match="jumps"):
        merged_catalog(current, _roster_message(2**62, ["伪"]), SITE)
    assert merged_catalog(current, _roster_message(1 + MAX_VERSION_STEP, ["甲"]), SITE) is not None
    assert merged_catalog(current, _roster_message(2, ["甲"]), SITE) is not None
