"""Who works here and what they make: the station's cached copy of the central roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

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
