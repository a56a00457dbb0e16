"""Who works here and what they make: the station's cached copy of the central roster.

The `*_to_document` functions and the `*Document` models are the one owner of the config
documents' item shape (schemas/config.json): the office writes documents with the functions,
stations parse what arrives with the models (strict, unknown keys refused) and only then build
the domain objects, so a bad value is refused in one sentence and never half-applied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

from sync.protocol.errors import ProtocolError
from sync.protocol.events import CountMethod
from sync.protocol.photos import PictureRef

Language = Literal["zh-Hans", "zh-Hant", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)
# A worker's speech rate in words per minute (espeak-ng -s): slow enough to follow, fast enough to bear.
SPEECH_RATE_MIN, SPEECH_RATE_MAX = 80, 220


@dataclass(frozen=True, slots=True)
class Worker:
    worker_id: str
    name: str
    photo: str  # a PictureRef (sync.protocol.photos): "sha256:<hex>", an asset name, or ""
    language: str = "zh-Hans"
    active: bool = True
    badge: str | None = None  # card number typed by a USB badge reader
    product_ids: tuple[str, ...] = ()  # products assigned to this worker; empty = all of the station's
    daily_goal: int | None = None
    speech_rate: int | None = None  # words per minute for this worker's speech; None = the station's


@dataclass(frozen=True, slots=True)
class Product:
    product_id: str
    names: dict[str, str]  # language -> name, one per LANGUAGES
    pictogram: str  # a PictureRef, as a worker's photo
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
        "daily_goal": w.daily_goal,
        "speech_rate": w.speech_rate,
    }


def product_to_document(p: Product) -> dict[str, Any]:
    return {
        "product_id": p.product_id,
        "names": dict(p.names),
        "pictogram": p.pictogram,
        "count_mode": p.count_mode.value,
        "piece_weight_g": p.piece_weight_g,
        "active": p.active,
    }


def supervisor_to_document(s: Supervisor) -> dict[str, Any]:
    return {"supervisor_id": s.supervisor_id, "name": s.name, "pin_hash": s.pin_hash, "active": s.active}


IDENTIFIER_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"  # ids end up in topics, file and ZIP entry names
Identifier = Annotated[str, Field(strict=True, pattern=IDENTIFIER_PATTERN)]


def is_identifier(value: str) -> bool:
    """Whether `value` may be a worker, product or supervisor id (schemas/config.json `id`)."""
    return re.fullmatch(IDENTIFIER_PATTERN, value) is not None


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


_M = TypeVar("_M", bound=_Document)


class WorkerDocument(_Document):
    worker_id: Identifier
    name: StrictStr
    photo: PictureRef
    language: Language
    active: StrictBool
    badge: StrictStr | None
    product_ids: list[Identifier]
    daily_goal: Annotated[int, Field(ge=1)] | None = None  # pieces per day, all products together
    speech_rate: Annotated[int, Field(ge=SPEECH_RATE_MIN, le=SPEECH_RATE_MAX)] | None = None

    def to_domain(self) -> Worker:
        return Worker(
            self.worker_id,
            self.name,
            self.photo,
            self.language,
            self.active,
            self.badge,
            tuple(self.product_ids),
            self.daily_goal,
            self.speech_rate,
        )


class ProductDocument(_Document):
    product_id: Identifier
    names: dict[Language, StrictStr]
    pictogram: PictureRef
    count_mode: Literal["scale", "tap"]
    piece_weight_g: Annotated[float, Field(gt=0)] | None
    active: StrictBool

    def to_domain(self) -> Product:
        weight = None if self.piece_weight_g is None else float(self.piece_weight_g)
        return Product(
            self.product_id, dict(self.names), self.pictogram, CountMethod(self.count_mode), weight, self.active
        )


class SupervisorDocument(_Document):
    supervisor_id: Identifier
    name: StrictStr
    pin_hash: StrictStr
    active: StrictBool

    def to_domain(self) -> Supervisor:
        return Supervisor(self.supervisor_id, self.name, self.pin_hash, self.active)


def worker_from_document(d: Mapping[str, Any]) -> Worker:
    return _parse(WorkerDocument, "roster", d).to_domain()


def product_from_document(d: Mapping[str, Any]) -> Product:
    return _parse(ProductDocument, "products", d).to_domain()


def supervisor_from_document(d: Mapping[str, Any]) -> Supervisor:
    return _parse(SupervisorDocument, "supervisors", d).to_domain()


def _parse(model: type[_M], document: str, item: Mapping[str, Any]) -> _M:
    """The item as `model`, or a ProtocolError naming the document, the field and what is allowed."""
    try:
        return model.model_validate(dict(item))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "item"
        raise ProtocolError(f"config {document}: {where}: {first['msg']}") from None
