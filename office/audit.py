"""Who changed rates, roster or pay periods, and when: one row per change, never edited."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert

from office.tables import audit_log


def now_utc() -> datetime:
    return datetime.now(UTC)


def record(conn: Connection, actor: str, action: str, **detail: Any) -> None:
    conn.execute(
        insert(audit_log).values(
            at=now_utc(),
            username=actor,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        )
    )
