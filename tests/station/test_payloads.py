"""Event payloads: exact round trip, and anything malformed is refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.protocol.errors import InvalidPayload
from sync.protocol.events import (
    PAYLOAD_TYPES,
    CheckIn,
    Correction,
    CorrectionReason,
    CountMethod,
    ReceiptPrinted,
    Tally,
    payload_from_dict,
    payload_to_dict,
)

SAMPLES = [
    CheckIn("w01", "badge"),
    Tally("w01", "bead-stringing", 12, CountMethod.SCALE, 103.2, 8.6),
    Tally("w01", "seat-cushion", 2, CountMethod.TAP),
    Correction("e1", "w01", "p", 12, None, True, CorrectionReason.UNDO),
    ReceiptPrinted("e1", "job-1", reprint=True),
]


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: type(p).__name__)
def test_round_trip(payload) -> None:
    assert payload_from_dict(payload.kind.value, payload_to_dict(payload)) == payload


@pytest.mark.parametrize(
    ("kind", "data", "reason"),
    [
        ("holiday", {}, "unknown event kind"),
        ("tally", [], "must be an object"),
        ("tally", {"worker_id": "w", "product_id": "p", "count": 1}, "lacks 'method'"),
        ("tally", {"worker_id": "w", "product_id": "p", "count": "1", "method": "tap"}, "must be an integer"),
        ("tally", {"worker_id": "w", "product_id": "p", "count": 1, "method": "guess"}, "not allowed"),
        ("tally", {"worker_id": "w", "product_id": "p", "count": 1, "method": "tap", "bonus": 1}, "unknown fields"),
        ("check_in", {"worker_id": None}, "must not be null"),
        ("receipt_printed", {"target_event_id": "e", "job_id": "j", "reprint": "yes"}, "true or false"),
    ],
)
def test_malformed_payloads_are_refused_with_a_reason(kind, data, reason) -> None:
    with pytest.raises(InvalidPayload, match=reason):
        payload_from_dict(kind, data)


@given(
    kind=st.sampled_from([k.value for k in PAYLOAD_TYPES]),
    data=st.dictionaries(
        st.sampled_from(["worker_id", "product_id", "count", "method", "reason", "void", "x"]),
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=5)),
    ),
)
def test_arbitrary_dicts_either_parse_or_raise_invalid_payload(kind, data) -> None:
    try:
        payload = payload_from_dict(kind, data)
    except InvalidPayload:
        return
    assert payload_from_dict(kind, payload_to_dict(payload)) == payload
