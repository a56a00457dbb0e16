"""Server-side sessions of the office page: a row per signed-in browser, so they can be ended.

The cookie holds only a random id; the table keeps its sha256 (a copy of the database does
not sign anyone in), who signed in, and the little the page remembers (CSRF token, language,
flash message). Ending a user's sessions is one DELETE: logout, a new password, a new role
and switching the user off all do it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select, update

from office.tables import web_sessions


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    """How long a session lives: `idle` since its last request, `absolute` since sign-in."""

    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    touch_every: timedelta = field(default=timedelta(minutes=1))  # seen_at is not written on every click


@dataclass(slots=True)
class Stored:
    username: str | None
    data: dict[str, Any]
    created_at: datetime
    seen_at: datetime


def new_id() -> str:
    return secrets.token_urlsafe(32)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every moment here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def load(conn: Connection, session_id: str, now: datetime, policy: SessionPolicy) -> Stored | None:
    """The live session behind a cookie's id, or None (unknown, ended or timed out: then deleted)."""
    row = conn.execute(select(web_sessions).where(web_sessions.c.id_hash == _hash(session_id))).mappings().first()
    if row is None:
        return None
    created, seen = _utc(row["created_at"]), _utc(row["seen_at"])
    if now - seen > policy.idle or now - created > policy.absolute:
        conn.execute(delete(web_sessions).where(web_sessions.c.id_hash == row["id_hash"]))
        return None
    return Stored(row["username"], json.loads(row["data"]), created, seen)


def create(conn: Connection, username: str | None, data: dict[str, Any], now: datetime, policy: SessionPolicy) -> str:
    """A new session (and the timed-out ones gone); returns the id for the cookie."""
    conn.execute(
        delete(web_sessions).where(
            or_(web_sessions.c.seen_at < now - policy.idle, web_sessions.c.created_at < now - policy.absolute)
        )
    )
    session_id = new_id()
    conn.execute(
        insert(web_sessions).values(
            id_hash=_hash(session_id), username=username, data=json.dumps(data), created_at=now, seen_at=now
        )
    )
    return session_id


def store(conn: Connection, session_id: str, data: dict[str, Any], now: datetime) -> bool:
    """Save an existing session; False when it was ended meanwhile (it is not brought back)."""
    done = conn.execute(
        update(web_sessions)
        .where(web_sessions.c.id_hash == _hash(session_id))
        .values(data=json.dumps(data), seen_at=now)
    )
    return done.rowcount == 1


def end(conn: Connection, session_id: str) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.id_hash == _hash(session_id)))


def end_all(conn: Connection, username: str) -> int:
    """End every session of `username` (logout, new password, new role, switched off)."""
    return conn.execute(delete(web_sessions).where(web_sessions.c.username == username)).rowcount
