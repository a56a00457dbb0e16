"""The wire contract: schemas agree with the station's typed events; decoding refuses clearly."""

from __future__ import annotations

import pytest

from sync.mqtt import BrokerUrl
from sync.protocol import ProtocolError, decode, encode
from sync.protocol.events import (
    PAYLOAD_TYPES,
    CheckIn,
    CheckOut,
    Correction,
    CorrectionReason,
    CountMethod,
    ReceiptPrinted,
    Tally,
    payload_to_dict,
)
from sync.protocol.messages import validator

EXAMPLES = [
    CheckIn("w01"),
    CheckOut("w01", "supervisor", "s01"),
    Tally("w01", "bead-stringing", 12, CountMethod.SCALE, 103.2, 8.6),
    Correction(
        "0f0e0d0c-0b0a-4908-8706-050403020100", "w01", "p", 12, None, True, CorrectionReason.DEFECTIVE, "s01"
    ),
    ReceiptPrinted("0f0e0d0c-0b0a-4908-8706-050403020100", "job-1", True),
]


@pytest.mark.parametrize("payload", EXAMPLES, ids=lambda p: p.kind.value)
def test_schema_accepts_every_station_payload(payload) -> None:  # type: ignore[no-untyped-def]
    defs = validator("events").schema["$defs"]
    schema = defs[payload.kind.value]
    assert set(schema["properties"]) == set(payload_to_dict(payload))
    assert not list(
        validator("events").evolve(schema={**schema, "$defs": defs}).iter_errors(payload_to_dict(payload))
    )


def test_every_kind_has_a_schema() -> None:
    kinds = validator("events").schema["$defs"]["event"]["properties"]["kind"]["enum"]
    assert sorted(kinds) == sorted(k.value for k in PAYLOAD_TYPES)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"\xff", "UTF-8"),
        (b"[1]", "object"),
        (b'{"v": 2, "type": "ack"}', "version"),
        (b'{"v": 1, "type": "status"}', "expected"),
        (b'{"v": 1, "type": "ack", "x": NaN}', "not UTF-8 JSON"),  # NaN and Infinity are not JSON numbers
        (b'{"v": 1, "type": "ack", "x": "\\ud800"}', "surrogate"),
        (b'{"v": 1, "type": "ack"}', "schema"),
    ],
)
def test_decode_says_what_is_wrong(raw: bytes, words: str) -> None:
    with pytest.raises(ProtocolError, match=words):
        decode(raw, "ack")


def test_encode_keeps_chinese_readable() -> None:
    assert "张伟".encode() in encode({"name": "张伟"})


@pytest.mark.parametrize(
    ("url", "expected"),
    [("mqtt://h:1884", BrokerUrl("h", 1884, False)), ("mqtts://h", BrokerUrl("h", 8883, True))],
)
def test_broker_urls(url: str, expected: BrokerUrl) -> None:
    assert BrokerUrl.parse(url) == expected


def test_bad_broker_url() -> None:
    with pytest.raises(ProtocolError, match="mqtt://"):
        BrokerUrl.parse("http://h")


def test_an_ack_must_say_how_many_were_duplicates() -> None:
    ack = {"v": 1, "type": "ack", "batch_id": None, "station": "st-1", "result": "stored", "stored": [],
           "duplicates": 0, "reason": None, "contiguous_seq": 0, "server_recv_ns": 1, "server_send_ns": 2,
           "echo_mono_ns": None}
    assert validator("ack").is_valid(ack)
    del ack["duplicates"]
    assert not validator("ack").is_valid(ack)
