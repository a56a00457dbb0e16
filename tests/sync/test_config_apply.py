"""Applying config documents on the station: newer versions only, hash checked, all or nothing."""

from __future__ import annotations

import pytest

from sync.demo import demo_catalog
from sync.outbox.config_apply import merged_catalog
from sync.protocol import ProtocolError, canonical_sha256


def _roster_message(version: int, names: list[str]) -> dict:
    data = [
        {"worker_id": f"w{i}", "name": n, "photo": "photos/placeholder_01.png", "language": "zh-Hans",
         "active": True, "badge": None, "product_ids": []}
        for i, n in enumerate(names)
    ]
    return {"document": "roster", "version": version, "sha256": canonical_sha256(data), "data": data}


def test_a_newer_version_replaces_only_its_document() -> None:
    current = demo_catalog()  # roster v1
    merged = merged_catalog(current, _roster_message(2, ["甲", "乙"]))
    assert merged is not None
    assert [w.name for w in merged.workers] == ["甲", "乙"]
    assert merged.products == current.products and merged.supervisors == current.supervisors
    assert merged.versions == {**current.versions, "roster": 2}


@pytest.mark.parametrize("version", [1, 2])
def test_the_same_or_an_older_version_is_ignored(version: int) -> None:
    newer = merged_catalog(demo_catalog(), _roster_message(3, ["甲"]))
    assert merged_catalog(newer, _roster_message(version, ["旧"])) is None
    assert merged_catalog(newer, _roster_message(3, ["甲"])) is None


def test_a_document_whose_hash_does_not_match_is_refused() -> None:
    message = _roster_message(2, ["甲"])
    message["data"][0]["name"] = "乙"
    with pytest.raises(ProtocolError, match="sha256"):
        merged_catalog(demo_catalog(), message)
