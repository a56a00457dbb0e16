"""The roster and catalog cache: replaced as one whole when new config arrives."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from station.store import tables
from station.store.database import Database
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

_PRODUCTS = tables.products
_SUPERVISORS = tables.supervisors
_VERSIONS = tables.config_versions
_WORKERS = tables.workers


class SqliteCatalog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def replace(self, catalog: Catalog) -> None:
        """Swap the whole roster, products, supervisors and versions in one transaction.

        Readers see either the old catalog or the new one, never a mix.
        """
        with self.db.write() as conn:
            for table in (_WORKERS, _PRODUCTS, _SUPERVISORS, _VERSIONS):
                conn.execute(delete(table))
            _insert(conn, _WORKERS, [_worker_row(w) for w in catalog.workers])
            _insert(conn, _PRODUCTS, [_product_row(p) for p in catalog.products])
            _insert(conn, _SUPERVISORS, [supervisor_to_document(s) for s in catalog.supervisors])
            _insert(conn, _VERSIONS, [{"document": d, "version": v} for d, v in catalog.versions.items()])

    def load(self) -> Catalog:
        with self.db.read() as conn:
            workers = tuple(
                _worker(r) for r in conn.execute(select(_WORKERS).order_by(_WORKERS.c.worker_id)).mappings()
            )
            products = tuple(
                _product(r) for r in conn.execute(select(_PRODUCTS).order_by(_PRODUCTS.c.product_id)).mappings()
            )
            supervisors = tuple(
                supervisor_from_document(r)
                for r in conn.execute(select(_SUPERVISORS).order_by(_SUPERVISORS.c.supervisor_id)).mappings()
            )
            versions = {r["document"]: r["version"] for r in conn.execute(select(_VERSIONS)).mappings()}
        return Catalog(workers, products, supervisors, versions)

    def worker(self, worker_id: str) -> Worker | None:
        return self._one(_WORKERS, _WORKERS.c.worker_id == worker_id, _worker)

    def worker_by_badge(self, badge: str) -> Worker | None:
        return self._one(_WORKERS, _WORKERS.c.badge == badge, _worker)

    def product(self, product_id: str) -> Product | None:
        return self._one(_PRODUCTS, _PRODUCTS.c.product_id == product_id, _product)

    def supervisor(self, supervisor_id: str) -> Supervisor | None:
        return self._one(_SUPERVISORS, _SUPERVISORS.c.supervisor_id == supervisor_id, supervisor_from_document)

    def _one(self, table, where, build):  # type: ignore[no-untyped-def]
        with self.db.read() as conn:
            row = conn.execute(select(table).where(where)).mappings().first()
        return build(row) if row else None


def _insert(conn: Connection, table: Table, rows: list[dict[str, object]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


# The station's rows are the wire documents with their lists and dicts kept as JSON text.


def _worker_row(w: Worker) -> dict[str, object]:
    return {**worker_to_document(w), "product_ids": json.dumps(list(w.product_ids))}


def _worker(r: Mapping[str, Any]) -> Worker:
    return worker_from_document({**r, "product_ids": json.loads(r["product_ids"])})


def _product_row(p: Product) -> dict[str, object]:
    return {**product_to_document(p), "names": json.dumps(p.names, ensure_ascii=False, sort_keys=True)}


def _product(r: Mapping[str, Any]) -> Product:
    return product_from_document({**r, "names": json.loads(r["names"])})
