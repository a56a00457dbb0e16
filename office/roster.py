"""The roster and catalog the office keeps and the kiosks receive: workers, products,
stations and supervisors. Bank account and ID numbers are stored here only.

Each save returns the sites whose kiosks need the new configuration; the caller publishes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from office import audit
from office.payroll.errors import RosterError
from office.pins import site_pepper
from office.tables import supervisors
from sync.central.tables import products, stations, workers
from sync.protocol.events import CountMethod
from sync.protocol.photos import PLACEHOLDER_PHOTO, is_picture
from sync.protocol.pins import hash_pin
from sync.protocol.roster import (
    LANGUAGES,
    SPEECH_RATE_MAX,
    SPEECH_RATE_MIN,
    Product,
    Supervisor,
    Worker,
    is_identifier,
    worker_to_document,
)

COUNT_MODES = ("scale", "tap")
DEFAULT_PHOTO = PLACEHOLDER_PHOTO  # until the worker's photo is uploaded
DEFAULT_PICTOGRAM = "pictograms/product_small_craft.png"  # until the product's photo is uploaded
# Product name columns, one per language of LANGUAGES.
_NAME_COLUMNS = {"zh-Hans": "name_zh_hans", "zh-Hant": "name_zh_hant", "en": "name_en"}

Saver = Callable[[Connection, Mapping[str, Any], str], set[str]]


INT_MAX = 2**31 - 1  # the largest value of an Integer column on PostgreSQL
TEXT_LIMIT = 200  # names, photo paths, bank details: longer is a paste gone wrong
_LIMITS = {"site": 64, "badge": 64, "language": 16, "count_mode": 8}  # their String(n) columns


def text_limit(field_name: str) -> int:
    """The most characters a roster field may hold, for the form and the XLSX import alike."""
    return _LIMITS.get(field_name, TEXT_LIMIT)


def _text(form: Mapping[str, Any], name: str, required: bool = True) -> str | None:
    value = str(form.get(name) or "").strip()
    if required and not value:
        raise RosterError("required", field=name)
    limit = text_limit(name)
    if len(value) > limit:
        raise RosterError("too_long", field=name, limit=limit)
    return value or None


def _identifier(form: Mapping[str, Any], name: str) -> str:
    value = str(_text(form, name))
    if not is_identifier(value):
        raise RosterError("bad_identifier", field=name, value=value[:64])
    return value


def _picture(conn: Connection, form: Mapping[str, Any], name: str, table: Table, key: str, default: str) -> str:
    """The picture reference: as given (an upload's hash, never a typed path), else the one saved
    before, else `default`."""
    value = str(form.get(name) or "").strip()
    if not value:
        column, key_column = table.c[name], next(iter(table.primary_key.columns))
        saved = conn.execute(select(column).where(key_column == form.get(key))).scalar()
        value = saved if is_picture(saved) else default
    if not is_picture(value):
        raise RosterError("photo_not_valid")
    return value


def _flag(form: Mapping[str, Any], name: str) -> bool:
    return str(form.get(name, "")).lower() in ("1", "on", "true", "yes")


def _upsert(conn: Connection, table: Table, key: str, values: dict[str, Any]) -> bool:
    """Insert or update by primary key; True when the row is new."""
    column = table.c[key]
    if conn.execute(select(column).where(column == values[key])).first() is None:
        conn.execute(insert(table).values(**values))
        return True
    conn.execute(update(table).where(column == values[key]).values(**values))
    return False


def all_rows(conn: Connection, table: Table) -> list[dict[str, Any]]:
    key = next(iter(table.primary_key.columns))
    return [dict(row) for row in conn.execute(select(table).order_by(key)).mappings()]


# --- rows of the office tables <-> the roster's domain objects ---------------------------
# The only place that knows the office's columns; documents for stations come from these
# objects through sync.protocol.roster, so the wire shape has one owner.


def worker_row(w: Worker, site: str) -> dict[str, Any]:
    """The `workers` columns a Worker fills (bank and ID columns are the caller's)."""
    return {**worker_to_document(w), "product_ids": json.dumps(list(w.product_ids)), "site": site}


def worker_from_row(r: Any) -> Worker:
    return Worker(
        worker_id=r.worker_id,
        name=r.name,
        photo=r.photo if is_picture(r.photo) else DEFAULT_PHOTO,  # rows from before photos were uploaded
        language=r.language,
        active=bool(r.active),
        badge=r.badge,
        product_ids=tuple(json.loads(r.product_ids or "[]")),
        daily_goal=r.daily_goal,
        speech_rate=r.speech_rate,
    )


def product_row(p: Product) -> dict[str, Any]:
    return {
        "product_id": p.product_id,
        **{column: p.names[language] for language, column in _NAME_COLUMNS.items()},
        "pictogram": p.pictogram,
        "count_mode": p.count_mode.value,
        "piece_weight_g": p.piece_weight_g,
        "active": p.active,
    }


def name_column(language: str) -> str:
    """The `products` column holding names in `language` (Simplified Chinese when unknown)."""
    return _NAME_COLUMNS.get(language, _NAME_COLUMNS["zh-Hans"])


def product_from_row(r: Any) -> Product:
    return Product(
        product_id=r.product_id,
        names={language: getattr(r, column) for language, column in _NAME_COLUMNS.items()},
        pictogram=r.pictogram if is_picture(r.pictogram) else DEFAULT_PICTOGRAM,
        count_mode=CountMethod(r.count_mode),
        piece_weight_g=r.piece_weight_g,
        active=bool(r.active),
    )


def supervisor_row(s: Supervisor, site: str) -> dict[str, Any]:
    return {"supervisor_id": s.supervisor_id, "name": s.name, "pin_hash": s.pin_hash, "site": site, "active": s.active}


def supervisor_from_row(r: Any) -> Supervisor:
    return Supervisor(supervisor_id=r.supervisor_id, name=r.name, pin_hash=r.pin_hash, active=bool(r.active))


# --- saving forms ----------------------------------------------------------------------


_WORKER_TEXT = (
    "name",
    "photo",
    "language",
    "site",
    "badge",
    "bank_account",
    "bank_name",
    "id_number",
    "daily_goal",
    "speech_rate",
)


def _values(form: Mapping[str, Any], name: str) -> list[str]:
    """Every value a form sent under `name` (checkboxes send one each; a text field may list several)."""
    getlist = getattr(form, "getlist", None)
    raw = getlist(name) if getlist else [form.get(name) or ""]
    return [part for value in raw for part in str(value).split()]


def _edited(conn: Connection, form: Mapping[str, Any]) -> dict[str, Any]:
    """An edit form over the stored worker: only the fields the form shows change.

    `checkboxes` names the checkbox fields the form showed, since an unticked box sends nothing.
    """
    worker_id = _identifier(form, "worker_id")
    row = conn.execute(select(workers).where(workers.c.worker_id == worker_id)).mappings().first()
    if row is None:
        raise RosterError("no_worker", worker_id=worker_id)
    # The photo comes from an upload or stays as saved (_picture), never from the stored row as typed text.
    merged: dict[str, Any] = {**row, "photo": "", "product_ids": " ".join(json.loads(row["product_ids"] or "[]"))}
    merged["active"] = "on" if row["active"] else ""
    merged.update({name: form[name] for name in _WORKER_TEXT if name in form})
    shown = set(_values(form, "checkboxes"))
    if "active" in shown:
        merged["active"] = form.get("active", "")
    if "product_ids" in shown:
        merged["product_ids"] = " ".join(_values(form, "product_ids"))
    return merged


def save_worker(conn: Connection, form: Mapping[str, Any], username: str) -> set[str]:
    """`mode=add` (the default) makes a new worker and refuses an ID in use; `mode=edit` changes one."""
    editing = form.get("mode") == "edit"
    if editing:
        form = _edited(conn, form)
    elif conn.execute(select(workers.c.worker_id).where(workers.c.worker_id == form.get("worker_id"))).first():
        raise RosterError("worker_exists", worker_id=form.get("worker_id"))
    language = _text(form, "language")
    if language not in LANGUAGES:
        raise RosterError("unknown_language", choices=", ".join(LANGUAGES))
    account = _text(form, "bank_account", required=False)
    if account and not account.replace(" ", "").isdigit():
        raise RosterError("bank_account_digits")
    product_ids = tuple(_values(form, "product_ids"))
    for value in product_ids:
        if not is_identifier(value):
            raise RosterError("bad_identifier", field="product_ids", value=value[:64])
    worker = Worker(
        worker_id=_identifier(form, "worker_id"),
        name=str(_text(form, "name")),
        photo=_picture(conn, form, "photo", workers, "worker_id", DEFAULT_PHOTO),
        language=language,
        active=_flag(form, "active"),
        badge=_text(form, "badge", required=False),
        product_ids=product_ids,
        daily_goal=_whole_number(form, "daily_goal", 1, INT_MAX, "daily_goal_not_valid"),
        speech_rate=_whole_number(form, "speech_rate", SPEECH_RATE_MIN, SPEECH_RATE_MAX, "speech_rate_not_valid"),
    )
    values = {
        **worker_row(worker, str(_text(form, "site"))),
        "bank_account": account.replace(" ", "") if account else None,
        "bank_name": _text(form, "bank_name", required=False),
        "id_number": _text(form, "id_number", required=False),
    }
    _upsert(conn, workers, "worker_id", values)
    # The audit names what changed, never the bank or ID numbers themselves.
    audit.record(
        conn,
        username,
        "worker.update" if editing else "worker.create",
        worker_id=values["worker_id"],
        site=values["site"],
        active=values["active"],
        has_bank_account=bool(account),
    )
    return {values["site"]}


def _whole_number(form: Mapping[str, Any], name: str, low: int, high: int, error: str) -> int | None:
    """An optional whole number from `low` to `high`; blank means none."""
    text = str(form.get(name) or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
        raise RosterError(error, value=text[:20], low=low, high=high)
    return int(text)


def save_product(conn: Connection, form: Mapping[str, Any], username: str) -> set[str]:
    mode = _text(form, "count_mode")
    if mode not in COUNT_MODES:
        raise RosterError("unknown_count_mode", choices=", ".join(COUNT_MODES))
    weight_text = _text(form, "piece_weight_g", required=False)
    try:
        weight = float(weight_text) if weight_text else None
    except ValueError as exc:
        raise RosterError("piece_weight_not_number", value=weight_text) from exc
    if weight is not None and not weight > 0:
        raise RosterError("piece_weight_positive")
    product = Product(
        product_id=_identifier(form, "product_id"),
        names={language: str(_text(form, column)) for language, column in _NAME_COLUMNS.items()},
        pictogram=_picture(conn, form, "pictogram", products, "product_id", DEFAULT_PICTOGRAM),
        count_mode=CountMethod(mode),
        piece_weight_g=weight,
        active=_flag(form, "active"),
    )
    values = product_row(product) | _limits(form)
    new = _upsert(conn, products, "product_id", values)
    audit.record(conn, username, "product.create" if new else "product.update", **values)
    return known_sites(conn)  # every site may make any product


LIMIT_FIELDS = ("max_per_tally", "max_per_day")


def _limits(form: Mapping[str, Any]) -> dict[str, int]:
    """The plausibility limits the form sets (office.payroll.holds); a blank one keeps its value."""
    limits = {name: _whole_number(form, name, 1, INT_MAX, "limit_not_valid") for name in LIMIT_FIELDS}
    return {name: value for name, value in limits.items() if value is not None}


def save_station(conn: Connection, form: Mapping[str, Any], username: str) -> set[str]:
    station_id, name = _text(form, "station_id"), _text(form, "name", required=False) or ""
    row = conn.execute(select(stations.c.site).where(stations.c.station_id == station_id)).first()
    if row is None:
        raise RosterError("unknown_station", station_id=station_id)
    conn.execute(update(stations).where(stations.c.station_id == station_id).values(name=name))
    audit.record(conn, username, "station.rename", station_id=station_id, name=name)
    return set()  # a station's display name stays at the office


def save_supervisor(conn: Connection, form: Mapping[str, Any], username: str) -> set[str]:
    pin = str(form.get("pin") or "")
    supervisor_id = _identifier(form, "supervisor_id")
    exists = conn.execute(
        select(supervisors.c.pin_hash).where(supervisors.c.supervisor_id == supervisor_id)
    ).first()
    if pin and not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise RosterError("pin_digits")
    if not pin and exists is None:
        raise RosterError("pin_needed")
    site = str(_text(form, "site"))
    supervisor = Supervisor(
        supervisor_id=str(supervisor_id),
        name=str(_text(form, "name")),
        pin_hash=hash_pin(pin, site_pepper(site)) if pin else exists[0],  # type: ignore[index]
        active=_flag(form, "active"),
    )
    values = supervisor_row(supervisor, site)
    new = _upsert(conn, supervisors, "supervisor_id", values)
    audit.record(
        conn,
        username,
        "supervisor.create" if new else "supervisor.update",
        supervisor_id=supervisor_id,
        site=values["site"],
        pin_changed=bool(pin),
    )
    return {values["site"]}


def known_sites(conn: Connection) -> set[str]:
    sites = set(conn.execute(select(workers.c.site).distinct()).scalars())
    sites |= set(conn.execute(select(stations.c.site).distinct()).scalars())
    return sites | set(conn.execute(select(supervisors.c.site).distinct()).scalars())
