"""The config documents' item shape has one owner: domain -> document -> domain is identity,
and every document is what schemas/config.json accepts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.protocol import VERSION, ProtocolError, canonical_sha256
from sync.protocol.events import CountMethod
from sync.protocol.messages import validator
from sync.protocol.photos import PICTURE_PATTERN
from sync.protocol.roster import (
    LANGUAGES,
    SPEECH_RATE_MAX,
    SPEECH_RATE_MIN,
    Product,
    Supervisor,
    Worker,
    product_from_document,
    product_to_document,
    supervisor_from_document,
    supervisor_to_document,
    worker_from_document,
    worker_to_document,
)

text = st.text(max_size=12)
identifier = st.from_regex(r"[A-Za-z0-9._-]{1,64}", fullmatch=True)
pictures = st.from_regex(PICTURE_PATTERN, fullmatch=True)
workers = st.builds(
    Worker,
    worker_id=identifier,
    name=text,
    photo=pictures,
    language=st.sampled_from(LANGUAGES),
    active=st.booleans(),
    badge=st.none() | text,
    product_ids=st.lists(identifier, max_size=4).map(tuple),
    daily_goal=st.none() | st.integers(min_value=1, max_value=2**31 - 1),
    speech_rate=st.none() | st.integers(min_value=SPEECH_RATE_MIN, max_value=SPEECH_RATE_MAX),
)
products = st.builds(
    Product,
    product_id=identifier,
    names=st.fixed_dictionaries({language: text for language in LANGUAGES}),
    pictogram=pictures,
    count_mode=st.sampled_from(CountMethod),
    piece_weight_g=st.none() | st.floats(min_value=0.01, max_value=1e5, allow_nan=False),
    active=st.booleans(),
)
supervisors = st.builds(Supervisor, supervisor_id=identifier, name=text, pin_hash=text, active=st.booleans())


def _schema_errors(document: str, item: dict[str, Any]) -> list[str]:
    data = [item]
    message = {
        "v": VERSION,
        "type": "config",
        "site": "site-1",
        "document": document,
        "version": 1,
        "sha256": canonical_sha256(data),
        "data": data,
    }
    return [error.message for error in validator("config").iter_errors(message)]


def _round_trip(document: str, obj: Any, to_doc: Callable[[Any], dict[str, Any]], from_doc: Callable[..., Any]) -> None:
    item = to_doc(obj)
    assert from_doc(item) == obj
    assert _schema_errors(document, item) == []


@given(workers)
def test_worker_round_trip(worker: Worker) -> None:
    _round_trip("roster", worker, worker_to_document, worker_from_document)


@given(products)
def test_product_round_trip(product: Product) -> None:
    _round_trip("products", product, product_to_document, product_from_document)


@given(supervisors)
def test_supervisor_round_trip(supervisor: Supervisor) -> None:
    _round_trip("supervisors", supervisor, supervisor_to_document, supervisor_from_document)


def test_a_document_missing_a_field_is_refused() -> None:
    item = worker_to_document(Worker("w1", "Ann", "photos/w1.png"))
    del item["badge"]
    assert _schema_errors("roster", item)


BAD_ITEMS = [
    (
        "roster",
        {
            "worker_id": "w1",
            "name": "A",
            "photo": "photos/p.png",
            "language": "en",
            "active": True,
            "badge": None,
            "product_ids": [],
            "daily_goal": 0,
        },
        "daily_goal",
    ),
    (
        "roster",
        {
            "worker_id": "../../etc",
            "name": "A",
            "photo": "photos/p.png",
            "language": "zh-Hans",
            "active": True,
            "badge": None,
            "product_ids": [],
        },
        "worker_id",
    ),
    (
        "roster",
        {
            "worker_id": "w1",
            "name": "A",
            "photo": "photos/p.png",
            "language": "fr",
            "active": True,
            "badge": None,
            "product_ids": [],
        },
        "language",
    ),
    (
        "roster",
        {
            "worker_id": "w1",
            "name": "A",
            "photo": "photos/p.png",
            "language": "en",
            "active": "yes",
            "badge": None,
            "product_ids": [],
        },
        "active",
    ),
    (
        "products",
        {
            "product_id": "p1",
            "names": {"en": "P"},
            "pictogram": "pictograms/x.png",
            "count_mode": "scale",
            "piece_weight_g": -1,
            "active": True,
        },
        "piece_weight_g",
    ),
    (
        "products",
        {
            "product_id": "p1",
            "names": {"en": "P"},
            "pictogram": "pictograms/x.png",
            "count_mode": "weigh",
            "piece_weight_g": None,
            "active": True,
        },
        "count_mode",
    ),
    *(
        (
            "roster",
            {
                "worker_id": "w1",
                "name": "A",
                "photo": path,
                "language": "en",
                "active": True,
                "badge": None,
                "product_ids": [],
            },
            "photo",
        )
        for path in ("../../../etc/x.png", "/etc/x.png", "photos/../x.png", "sha256:ABC", "w1.png")
    ),
    (
        "products",
        {
            "product_id": "p1",
            "names": {"en": "P"},
            "pictogram": "/usr/share/x.png",
            "count_mode": "tap",
            "piece_weight_g": None,
            "active": True,
        },
        "pictogram",
    ),
    ("supervisors", {"supervisor_id": "s1", "name": "S", "pin_hash": "h", "active": True, "pin": "1234"}, "pin"),
]
PARSERS = {"roster": worker_from_document, "products": product_from_document, "supervisors": supervisor_from_document}


@pytest.mark.parametrize(("document", "item", "field"), BAD_ITEMS)
def test_a_bad_item_is_refused_by_schema_and_model_in_one_sentence(
    document: str, item: dict, field: str
) -> None:
    assert _schema_errors(document, item)
    with pytest.raises(ProtocolError) as refused:
        PARSERS[document](item)
    message = str(refused.value)
    assert message.startswith(f"config {document}: ") and field in message and "\n" not in message
