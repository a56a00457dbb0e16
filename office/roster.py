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
from office.tables import products, supervisors, workers
from sync.central.tables import stations
from sync.protocol.pins import hash_pin
from sync.protocol.roster import LANGUAGES

COUNT_MODES = ("scale", "tap")

Saver = Callable[[Connection, Mapping[str, Any], str], set[str]]


def _text(form: Mapping[str, Any], name: str, required: bool = True) -> str | None:
    value = str(form.get(name) or "").strip()
    if required and not value:
        raise RosterError(f"{name} is required")
    return value or None


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


def save_worker(conn: Connection, form: Mapping[str, Any], username: str) -> set[str]:
    language = _text(form, "language")
    if language not in LANGUAGES:
        raise RosterError(f"language must be one of {', '.join(LANGUAGES)}")
    account = _text(form, "bank_account", required=False)
    if account and not account.replace(" ", "").isdigit():
        raise RosterError("a bank account number is digits only")
    values = {
        "worker_id": _text(form, "worker_id"),
        "name": _text(form, "name"),
        "photo": _text(form, "photo"),
        "language": language,
        "active": _flag(form, "active"),
        "badge": _text(form, "badge", required=False),
        "product_ids": json.dumps([p for p in str(form.get("product_ids") or "").split() if p]),
        "site": _text(form, "site"),
        "bank_account": account.replace(" ", "") if account else None,
        "bank_name": _text(form, "bank_name", required=False),
        "id_number": _text(form, "id_number", required=False),
    }
    new = _upsert(conn, workers, "worker_id", values)
    # The audit names what changed, never the bank or ID numbers themselves.
    audit.record(
        conn,
        username,
        "worker.create" if new else "worker.update",
        worker_id=values["worker_id"],
        site=values["site"],
        active=values["active"],
        has_bank_account=bool(account),
    )
    return {values["site"]}


def save_product(conn: Connection, form: Mapping[str, Any], username: str) -> set[str]:
    mode = _text(form, "count_mode")
    if mode not in COUNT_MODES:
        raise RosterError(f"count mode must be one of {', '.join(COUNT_MODES)}")
    weight_text = _text(form, "piece_weight_g", required=False)
    try:
        weight = float(weight_text) if weight_text else None
    except ValueError as exc:
        raise RosterError(f"piece weight {weight_text!r} is not a number of grams") from exc
    if weight is not None and not weight > 0:
        raise RosterError("a piece weighs more than 0 g")
    values = {
        "product_id": _text(form, "product_id"),
        "name_zh_hans": _text(form, "name_zh_hans"),
        "name_zh_hant": _text(form, "name_zh_hant"),
        "name_en": _text(form, "name_en"),
        "pictogram": _text(form, "pictogram"),
        "count_mode": mode,
        "piece_weight_g": weight,
        "active": _flag(form, "active"),
    }
    new = _upsert(conn, products, "product_id", values)
    audit.record(conn, username, "product.create" if new else "product.update", **values)
    return known_sites(conn)  # every site may make any product


def save_station(conn: Connection, form: Mapping[str, Any], username: str) -> set[str]:
    station_id, name = _text(form, "station_id"), str(form.get("name") or "").strip()
    row = conn.execute(select(stations.c.site).where(stations.c.station_id == station_id)).first()
    if row is None:
        raise RosterError(f"no station {station_id!r} has been seen yet")
    conn.execute(update(stations).where(stations.c.station_id == station_id).values(name=name))
    audit.record(conn, username, "station.rename", station_id=station_id, name=name)
    return set()  # a station's display name stays at the office


def save_supervisor(conn: Connection, form: Mapping[str, Any], username: str) -> set[str]:
    pin = str(form.get("pin") or "")
    supervisor_id = _text(form, "supervisor_id")
    exists = conn.execute(
        select(supervisors.c.pin_hash).where(supervisors.c.supervisor_id == supervisor_id)
    ).first()
    if pin and not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise RosterError("a PIN is 4 to 8 digits")
    if not pin and exists is None:
        raise RosterError("a new supervisor needs a PIN")
    values = {
        "supervisor_id": supervisor_id,
        "name": _text(form, "name"),
        "site": _text(form, "site"),
        "active": _flag(form, "active"),
        "pin_hash": hash_pin(pin) if pin else exists[0],  # type: ignore[index]
    }
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
