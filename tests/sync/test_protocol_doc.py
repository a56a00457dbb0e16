"""docs/protocol.md and the code agree: every limit, cap, window and timeout the document states."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sync.central.ingest import MAX_BATCH_ID_CHARS
from sync.outbox import Tuning
from sync.protocol.messages import MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_MESSAGE_BYTES, schema

DOC = " ".join((Path(__file__).parents[2] / "docs" / "protocol.md").read_text("utf-8").split())


def stated(pattern: str) -> list[int]:
    """Every number the document states where `pattern` (one group) matches; at least one."""
    found = [int(n.replace(",", "")) for n in re.findall(pattern, DOC)]
    assert found, f"docs/protocol.md no longer says {pattern!r}"
    return found


@pytest.mark.parametrize(
    ("pattern", "value"),
    [
        (r"up to (\d+) events and at most \d+ KiB", MAX_BATCH_EVENTS),
        (r"up to \d+ events and at most (\d+) KiB", MAX_BATCH_BYTES // 1024),
        (r"\| events per batch a sender builds \| (\d+) \|", MAX_BATCH_EVENTS),
        (r"\| bytes per batch a sender builds \| (\d+) KiB", MAX_BATCH_BYTES // 1024),
        (r"KiB \(([\d,]+) B of encoded JSON\)", MAX_BATCH_BYTES),
        (r"\| events per batch a receiver accepts \| (\d+) \|", schema("events")["properties"]["events"]["maxItems"]),
        (r"\| bytes of any message a receiver accepts \| (\d+) MiB", MAX_MESSAGE_BYTES // 2**20),
        (r"MiB \(([\d,]+) B\)", MAX_MESSAGE_BYTES),
        (r"at most (\d+) batches in flight", Tuning().window),
        (r"ack timeout of (\d+) s", Tuning().ack_timeout_s),
        (r"string `batch_id` of at most (\d+) characters", MAX_BATCH_ID_CHARS),
    ],
)
def test_the_document_states_the_numbers_in_the_code(pattern: str, value: int | float) -> None:
    assert set(stated(pattern)) == {value}


def test_sizes_are_binary_units() -> None:
    assert not re.search(r"\d\s*KB\b", DOC), "write KiB (1,024 bytes), not KB"
    assert not re.search(r"\d\s*MB\b", DOC), "write MiB (1,048,576 bytes), not MB"


def test_the_schema_requires_what_the_ack_section_calls_required() -> None:
    assert "`duplicates` (required" in DOC and "duplicates" in schema("ack")["required"]
