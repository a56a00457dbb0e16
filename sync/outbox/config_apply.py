"""Applying a config document from the central office to the station's catalog, all or nothing."""

from __future__ import annotations

import dataclasses
from typing import Any

from sync.protocol import ProtocolError, canonical_sha256
from sync.protocol.events import CountMethod
from sync.protocol.roster import Catalog, Product, Supervisor, Worker


def merged_catalog(current: Catalog, message: dict[str, Any]) -> Catalog | None:
    """`current` with the document of `message` replaced; None unless the version is newer.

    A retained message may be older than what the station runs (a broker restored from an old
    snapshot): it is ignored, never applied over newer config. `message` is a validated
    config message; its sha256 is checked here.
    """
    document, version, data = message["document"], message["version"], message["data"]
    if canonical_sha256(data) != message["sha256"]:
        raise ProtocolError(f"config {document} v{version}: sha256 does not match its data")
    if version <= current.versions.get(document, 0):
        return None
    versions = {**current.versions, document: version}
    if document == "roster":
        return dataclasses.replace(current, workers=tuple(_worker(d) for d in data), versions=versions)
    if document == "products":
        return dataclasses.replace(current, products=tuple(_product(d) for d in data), versions=versions)
    return dataclasses.replace(current, supervisors=tuple(Supervisor(**d) for d in data), versions=versions)


def _worker(d: dict[str, Any]) -> Worker:
    return Worker(**{**d, "product_ids": tuple(d["product_ids"])})


def _product(d: dict[str, Any]) -> Product:
    weight = d["piece_weight_g"]
    return Product(
        **{
            **d,
            "count_mode": CountMethod(d["count_mode"]),
            "piece_weight_g": None if weight is None else float(weight),
        }
    )
