"""Who works here and what they make: the station's cached copy of the central roster.

The `*_to_document` / `*_from_document` pairs are the one owner of the config documents' item
shape (schemas/config.json): the office writes documents with them, stations read them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from sync.protocol.events import CountMethod

Language = Literal["zh-Hans", "zh-Hant", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)


@dataclass(frozen=True, slots=True)
class Worker:
    worker_id: str
    name: str
    photo: str  # asset path relative to the assets folder, or an absolute path to an on-site photo
    language: str = "zh-Hans"
    active: bool = True
    badge: str | None = None  # card number typed by a USB badge reader
    product_ids: tuple[str, ...] = ()  # products assigned to this worker; empty = all of the station's


@dataclass(frozen=True, slots=True)
class Product:
    product_id: str
    names: dict[str, str]  # language -> name, one per LANGUAGES
    pictogram: str
    count_mode: CountMethod
    piece_weight_g: float | None = None  # average weight of one piece, for counting on the scale
    active: bool = True

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("zh-Hans") or self.product_id


@dataclass(frozen=True, slots=True)
class Supervisor:
    supervisor_id: str
    name: str
    pin_hash: str  # see sync.protocol.pins; the PIN itself never reaches a station
    active: bool = True


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything the central office sends down, replaced on a station as one whole."""

    workers: tuple[Worker, ...] = ()
    products: tuple[Product, ...] = ()
    supervisors: tuple[Supervisor, ...] = ()
    versions: dict[str, int] = field(default_factory=dict)  # config document -> applied version


def worker_to_document(w: Worker) -> dict[str, Any]:
    return {
        "worker_id": w.worker_id,
        "name": w.name,
        "photo": w.photo,
        "language": w.language,
        "active": w.active,
        "badge": w.badge,
        "product_ids": list(w.product_ids),
    }


def worker_from_document(d: Mapping[str, Any]) -> Worker:
    return Worker(
        worker_id=d["worker_id"],
        name=d["name"],
        photo=d["photo"],
        language=d["language"],
        active=bool(d["active"]),
        badge=d["badge"],
        product_ids=tuple(d["product_ids"]),
    )


def product_to_document(p: Product) -> dict[str, Any]:
    return {
        "product_id": p.product_id,
        "names": dict(p.names),
        "pictogram": p.pictogram,
        "count_mode": p.count_mode.value,
        "piece_weight_g": p.piece_weight_g,
        "active": p.active,
    }


def product_from_document(d: Mapping[str, Any]) -> Product:
    weight = d["piece_weight_g"]
    return Product(
        product_id=d["product_id"],
        names=dict(d["names"]),
        pictogram=d["pictogram"],
        count_mode=CountMethod(d["count_mode"]),
        piece_weight_g=None if weight is None else float(weight),  # JSON may carry 12 for 12.0
        active=bool(d["active"]),
    )


def supervisor_to_document(s: Supervisor) -> dict[str, Any]:
    return {"supervisor_id": s.supervisor_id, "name": s.name, "pin_hash": s.pin_hash, "active": s.active}


def supervisor_from_document(d: Mapping[str, Any]) -> Supervisor:
    return Supervisor(
        supervisor_id=d["supervisor_id"], name=d["name"], pin_hash=d["pin_hash"], active=bool(d["active"])
    )
