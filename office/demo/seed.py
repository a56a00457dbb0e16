"""Loading the demo workshop into the central database, for the demo and the tests.

The demo roster is defined once, in sync.demo, and stored through office.roster's row
mappings. Bank account and ID numbers are invented placeholders that exist only centrally
(tests check they never reach a station).
"""

from __future__ import annotations

from sqlalchemy import Engine, delete

from office.roster import product_row, supervisor_row, worker_row
from office.tables import supervisors
from sync.central.ingest import dialect_insert
from sync.central.tables import products, workers
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
                    **worker_row(w, site),
                    "bank_account": f"6222 0000 0000 {i:04d}",
                    "bank_name": "Demo Bank",
                    "id_number": f"11010119900101{i:04d}",
                }
                for i, w in enumerate(catalog.workers, start=1)
            ],
        )
        for p in catalog.products:
            row = product_row(p)
            stmt = dialect_insert(conn, products).values(row)
            conn.execute(stmt.on_conflict_do_update(index_elements=["product_id"], set_=row))
        conn.execute(supervisors.insert(), [supervisor_row(s, site) for s in catalog.supervisors])
