"""The stations as the dashboard and the stations list show them: state, when they were last heard
(the page writes it with office.web.formatting), backlog, configuration against what the office
published, and the missing seq ranges (what is missing, not a bare "48 / 60")."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from office.tables import config_documents
from sync.central.views import seq_gaps

Published = dict[str, dict[str, int]]  # site -> document -> version


def published(conn: Connection) -> Published:
    """The configuration versions the office published last, per site and document."""
    rows = conn.execute(select(config_documents.c.site, config_documents.c.document, config_documents.c.version))
    found: Published = {}
    for site, document, version in rows:
        found.setdefault(site, {})[document] = version
    return found


def board_row(conn: Connection, row: Mapping[str, Any], current: Published) -> dict[str, Any]:
    """One `stations` row as the board shows it."""
    status = json.loads(row["status"]) if row["status"] else {}
    reported: dict[str, int] = status.get("config_versions", {})
    office = current.get(row["site"], {})
    configs = [
        {"document": doc, "station": reported.get(doc), "office": version, "behind": reported.get(doc) != version}
        for doc, version in sorted(office.items())
    ]
    missing = []
    if row["max_seq"] > row["contiguous_seq"]:  # what the station counts as missing, if no event shows the gaps
        missing = seq_gaps(conn, row["station_id"]) or [(row["contiguous_seq"] + 1, row["max_seq"] - 1)]
    state = "unregistered" if not row["registered"] else "online" if row["online"] else "offline"
    return {
        "station_id": row["station_id"],
        "name": row["name"],
        "site": row["site"],
        "registered": bool(row["registered"]),
        "state": state,
        "last_seen": row["last_seen"],
        "backlog": status.get("backlog"),
        "configs": configs,
        "config_behind": any(c["behind"] for c in configs),
        "missing": missing,
        "last_seq": row["max_seq"],
        "rejected": status.get("rejected"),
    }
