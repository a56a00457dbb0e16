"""The station's facts: an append-only log of typed events.

An event is never changed once written; a correction or a void is a new event that names
its target. Payloads are small frozen dataclasses so the store, the sync wire format and the
screens all agree on one shape, and `payload_from_dict` refuses anything else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
from dataclasses import dataclass
from typing import Any, ClassVar

from sync.protocol.errors import InvalidPayload


class EventKind(enum.StrEnum):
    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"
    TALLY = "tally"
    CORRECTION = "correction"
    RECEIPT_PRINTED = "receipt_printed"


class ClockState(enum.StrEnum):
    """How far the wall clock of the event can be trusted (a Pi has no battery clock)."""

    NTP_SYNCED = "ntp_synced"
    SERVER_OFFSET = "server_offset"
    UNSYNCED = "unsynced"


class CountMethod(enum.StrEnum):
    SCALE = "scale"
    TAP = "tap"


class CorrectionReason(enum.StrEnum):
    """Why a count was changed. Pictures on the supervisor screen map onto these codes."""

    MISCOUNT = "miscount"
    DEFECTIVE = "defective"
    WRONG_PRODUCT = "wrong_product"
    WRONG_WORKER = "wrong_worker"
    DUPLICATE = "duplicate"
    TEST = "test"
    UNDO = "undo"  # the worker's own undo within the undo window


@dataclass(frozen=True, slots=True)
class CheckIn:
    kind: ClassVar[EventKind] = EventKind.CHECK_IN
    worker_id: str
    method: str = "photo"  # photo | badge | auto | supervisor


@dataclass(frozen=True, slots=True)
class CheckOut:
    kind: ClassVar[EventKind] = EventKind.CHECK_OUT
    worker_id: str
    method: str = "self"  # self | supervisor
    supervisor_id: str | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    kind: ClassVar[EventKind] = EventKind.TALLY
    worker_id: str
    product_id: str
    count: int
    method: CountMethod
    gross_weight_g: float | None = None
    piece_weight_g: float | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """Sets the effective count of `target_event_id` (a tally); `void` sets it to nothing.

    `supervisor_id` is None only for a worker's own undo (reason `undo`).
    """

    kind: ClassVar[EventKind] = EventKind.CORRECTION
    target_event_id: str
    worker_id: str
    product_id: str
    old_count: int
    new_count: int | None
    void: bool
    reason: CorrectionReason
    supervisor_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReceiptPrinted:
    kind: ClassVar[EventKind] = EventKind.RECEIPT_PRINTED
    target_event_id: str
    job_id: str
    reprint: bool = False


Payload = CheckIn | CheckOut | Tally | Correction | ReceiptPrinted

PAYLOAD_TYPES: dict[EventKind, type[Payload]] = {
    EventKind.CHECK_IN: CheckIn,
    EventKind.CHECK_OUT: CheckOut,
    EventKind.TALLY: Tally,
    EventKind.CORRECTION: Correction,
    EventKind.RECEIPT_PRINTED: ReceiptPrinted,
}

_ENUMS: dict[str, type[enum.StrEnum]] = {"CountMethod": CountMethod, "CorrectionReason": CorrectionReason}
_EXACT: dict[str, type] = {"int": int, "float": float, "bool": bool, "str": str}
_SCALARS: dict[str, tuple[str, Any]] = {
    "int": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "float": ("a number", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    "bool": ("true or false", lambda v: isinstance(v, bool)),
    "str": ("a string", lambda v: isinstance(v, str)),
}


def payload_to_dict(payload: Payload) -> dict[str, Any]:
    """A JSON-ready dict of the payload (enums as their string values)."""
    return {rule.name: _plain(getattr(payload, rule.name)) for rule in _rules(type(payload))[0]}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def payload_from_dict(kind: str, data: dict[str, Any]) -> Payload:
    """Build the typed payload of `kind` from a dict, refusing unknown kinds, fields and types."""
    try:
        cls = PAYLOAD_TYPES[EventKind(kind)]
    except ValueError as exc:
        raise InvalidPayload(f"unknown event kind {kind!r}") from exc
    if not isinstance(data, dict):
        raise InvalidPayload(f"{kind} payload must be an object")
    rules, names = _rules(cls)
    extra = data.keys() - names
    if extra:
        raise InvalidPayload(f"{kind} payload has unknown fields {sorted(extra)}")
    values: dict[str, Any] = {}
    for rule in rules:
        if rule.name not in data:
            if rule.required:
                raise InvalidPayload(f"{kind} payload lacks {rule.name!r}")
            continue
        value = data[rule.name]
        # The usual case, a value of exactly the annotated type, needs no further look (bool is
        # not `int` here: type(True) is bool).
        values[rule.name] = value if type(value) is rule.exact else _coerce(kind, rule, value)
    return cls(**values)


@dataclass(frozen=True, slots=True)
class _FieldRule:
    name: str
    base: str  # the annotation's first type ("int", "CountMethod", ...)
    nullable: bool
    required: bool
    exact: type | None  # a value of exactly this type is taken as it is (None: enums are converted)


@functools.cache
def _rules(cls: type[Payload]) -> tuple[tuple[_FieldRule, ...], frozenset[str]]:
    """Each field's annotation (kept as a string by `from __future__`) read once per payload type:
    the ingest and payroll parse a million payloads a month."""
    rules = []
    for f in dataclasses.fields(cls):
        base, _, rest = str(f.type).partition(" | ")
        exact = _EXACT.get(base)
        rules.append(_FieldRule(f.name, base, rest == "None", f.default is dataclasses.MISSING, exact))
    return tuple(rules), frozenset(r.name for r in rules)


def _coerce(kind: str, rule: _FieldRule, value: Any) -> Any:
    """Check one field against its annotation."""
    if value is None:
        if rule.nullable:
            return None
        raise InvalidPayload(f"{kind}.{rule.name} must not be null")
    if rule.base in _ENUMS:
        try:
            return _ENUMS[rule.base](value)
        except ValueError as exc:
            raise InvalidPayload(f"{kind}.{rule.name}: {value!r} is not allowed") from exc
    what, ok = _SCALARS[rule.base]
    if not ok(value):
        raise InvalidPayload(f"{kind}.{rule.name} must be {what}")
    return float(value) if rule.base == "float" else value


@dataclass(frozen=True, slots=True)
class Event:
    """One stored fact with its envelope: identity, order and the three clocks."""

    event_id: str
    station_id: str
    seq: int
    boot_id: str
    wall_ns: int
    utc_offset_s: int
    mono_ns: int
    clock_state: ClockState
    payload: Payload

    @property
    def kind(self) -> EventKind:
        return self.payload.kind

    @property
    def local_date(self) -> dt.date:
        return local_date(self.wall_ns, self.utc_offset_s)


NS_PER_S = 1_000_000_000
_EPOCH = dt.datetime(1970, 1, 1)


def local_datetime(wall_ns: int, utc_offset_s: int) -> dt.datetime:
    """The station's own wall time of an instant, naive because it is shown as the station saw it.

    Integer arithmetic, floored to the microsecond: a float of nanoseconds since 1970 rounds
    23:59:59.9999999 up into the next day, and the payroll SQL (office.payroll.local_day) floors.
    """
    seconds, ns = divmod(wall_ns, NS_PER_S)
    return _EPOCH + dt.timedelta(seconds=seconds + utc_offset_s, microseconds=ns // 1000)


def local_date(wall_ns: int, utc_offset_s: int) -> dt.date:
    """The station's calendar day of an instant: the day its tallies count towards."""
    return local_datetime(wall_ns, utc_offset_s).date()


def event_to_dict(event: Event) -> dict[str, Any]:
    """The event as plain JSON-ready data: envelope fields plus the payload dict.

    One shape for the store's rows and the wire's events, so the two never drift apart.
    """
    return {
        "event_id": event.event_id,
        "station_id": event.station_id,
        "seq": event.seq,
        "boot_id": event.boot_id,
        "wall_ns": event.wall_ns,
        "utc_offset_s": event.utc_offset_s,
        "mono_ns": event.mono_ns,
        "clock_state": event.clock_state.value,
        "kind": event.kind.value,
        "payload": payload_to_dict(event.payload),
    }
