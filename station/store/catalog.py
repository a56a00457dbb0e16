"""The roster and catalog cache: replaced as one whole when new config arrives."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, delete, insert, select
from sqlmodel import col

from station.store.database import Database
from station.store.tables import ConfigVersionRow, ProductRow, SupervisorRow, WorkerRow
from sync.protocol.roster import (
    Catalog,
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


class SqliteCatalog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def replace(self, catalog: Catalog) -> None:
        """Swap the whole roster, products, supervisors and versions in one transaction.

        Readers see either the old catalog or the new one, never a mix.
        """
        with self.db.write() as conn:
            for table in (WorkerRow, ProductRow, SupervisorRow, ConfigVersionRow):
                conn.execute(delete(table))
            _insert(conn, WorkerRow, [_worker_row(w) for w in catalog.workers])
            _insert(conn, ProductRow, [_product_row(p) for p in catalog.products])
            _insert(conn, SupervisorRow, [supervisor_to_document(s) for s in catalog.supervisors])
            _insert(conn, ConfigVersionRow, [{"document": d, "version": v} for d, v in catalog.versions.items()])

    def load(self) -> Catalog:
        with self.db.read() as conn:
            workers = tuple(
                _worker(r) for r in conn.execute(select(WorkerRow).order_by(col(WorkerRow.worker_id))).mappings()
            )
            products = tuple(
                _product(r) for r in conn.execute(select(ProductRow).order_by(col(ProductRow.product_id))).mappings()
            )
            supervisors = tuple(
                supervisor_from_document(r)
                for r in conn.execute(select(SupervisorRow).order_by(col(SupervisorRow.supervisor_id))).mappings()
            )
            versions = {r["document"]: r["version"] for r in conn.execute(select(ConfigVersionRow)).mappings()}
        return Catalog(workers, products, supervisors, versions)

    def worker(self, worker_id: str) -> Worker | None:
        return self._one(WorkerRow, col(WorkerRow.worker_id) == worker_id, _worker)

    def worker_by_badge(self, badge: str) -> Worker | None:
        return self._one(WorkerRow, col(WorkerRow.badge) == badge, _worker)

    def product(self, product_id: str) -> Product | None:
        return self._one(ProductRow, col(ProductRow.product_id) == product_id, _product)

    def supervisor(self, supervisor_id: str) -> Supervisor | None:
        return self._one(SupervisorRow, col(SupervisorRow.supervisor_id) == supervisor_id, supervisor_from_document)

    def _one(self, table, where, build):  # type: ignore[no-untyped-def]
        with self.db.read() as conn:
            row = conn.execute(select(table).where(where)).mappings().first()
        return build(row) if row else None


def _insert(conn: Connection, table: object, rows: list[dict[str, object]]) -> None:
    if rows:
        conn.execute(insert(table), rows)  # type: ignore[arg-type]


# The station's rows are the wire documents with their lists and dicts kept as JSON text.


def _worker_row(w: Worker) -> dict[str, object]:
    return {**worker_to_document(w), "product_ids": json.dumps(list(w.product_ids))}


def _worker(r: Mapping[str, Any]) -> Worker:
    return worker_from_document({**r, "product_ids": json.loads(r["product_ids"])})


def _product_row(p: Product) -> dict[str, object]:
    return {**product_to_document(p), "names": json.dumps(p.names, ensure_ascii=False, sort_keys=True)}


def _product(r: Mapping[str, Any]) -> Product:
    return product_from_document({**r, "names": json.loads(r["names"])})
