"""Loading the demo workshop into the central database, for the demo and the tests.

The one place central code imports station code: the demo roster is defined once, in
station.demo, and copied here field by field. Bank account and ID numbers are invented
placeholders that exist only centrally (tests check they never reach a station).
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, delete

from office.tables import products, supervisors, workers
from sync.central.ingest import dialect_insert
from sync.demo import demo_catalog


def seed_demo(engine: Engine, site: str) -> None:
    """Put the demo workers, products and supervisors of `site` in place (replacing older demo rows)."""
    catalog = demo_catalog()
    with engine.begin() as conn:
        conn.execute(delete(workers).where(workers.c.worker_id.in_([w.worker_id for w in catalog.workers])))
        conn.execute(
            delete(supervisors).where(
                supervisors.c.supervisor_id.in_([s.supervisor_id for s in catalog.supervisors])
            )
        )
        conn.execute(
            workers.insert(),
            [
                {
                    "worker_id": w.worker_id,
                    "name": w.name,
                    "photo": w.photo,
                    "language": w.language,
                    "active": w.active,
                    "badge": w.badge,
                    "product_ids": json.dumps(list(w.product_ids)),
                    "site": site,
                    "bank_account": f"6222 0000 0000 {i:04d}",
                    "bank_name": "Demo Bank",
                    "id_number": f"11010119900101{i:04d}",
                }
                for i, w in enumerate(catalog.workers, start=1)
            ],
        )
        for p in catalog.products:
            row = {
                "product_id": p.product_id,
                "name_zh_hans": p.names["zh-Hans"],
                "name_zh_hant": p.names["zh-Hant"],
                "name_en": p.names["en"],
                "pictogram": p.pictogram,
                "count_mode": p.count_mode.value,
                "piece_weight_g": p.piece_weight_g,
                "active": p.active,
            }
            stmt = dialect_insert(conn, products).values(row)
            conn.execute(stmt.on_conflict_do_update(index_elements=["product_id"], set_=row))
        conn.execute(
            supervisors.insert(),
            [
                {
                    "supervisor_id": s.supervisor_id,
                    "name": s.name,
                    "pin_hash": s.pin_hash,
                    "site": site,
                    "active": True,
                }
                for s in catalog.supervisors
            ],
        )
