"""Office users: a clerk runs payroll, an admin also changes rates, roster and users."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from office import audit, sessions
from office.payroll.errors import OfficeError
from office.tables import users

ROLES = ("clerk", "admin")
MAX_USERNAME = 64  # the users.username column
MAX_PASSWORD = 256  # argon2 hashes anything, but a login form needs no megabyte
_HASHER = PasswordHasher()


@dataclass(frozen=True, slots=True)
class User:
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def add_user(conn: Connection, username: str, role: str, password: str, by: str = "cli") -> None:
    """Create or replace a user's role and password (argon2id hash; the password is not kept)."""
    if role not in ROLES:
        raise OfficeError("unknown_role", choices=", ".join(ROLES))
    if not username.strip() or len(password) < 8:
        raise OfficeError("user_incomplete")
    if len(username) > MAX_USERNAME or not username.isprintable() or len(password) > MAX_PASSWORD:
        raise OfficeError("user_too_long", limit=MAX_USERNAME, password_limit=MAX_PASSWORD)
    values = {"role": role, "password_hash": _HASHER.hash(password), "created_at": audit.now_utc(), "active": True}
    exists = conn.execute(select(users.c.username).where(users.c.username == username)).first()
    if exists:
        conn.execute(update(users).where(users.c.username == username).values(**values))
        sessions.end_all(conn, username)  # a new password or role: whoever was signed in signs in again
    else:
        conn.execute(insert(users).values(username=username, **values))
    audit.record(conn, by, "user.set", username=username, role=role)


def set_active(conn: Connection, username: str, active: bool, by: str = "cli") -> None:
    """Switch a user on or off; switching off ends their sessions at once."""
    done = conn.execute(update(users).where(users.c.username == username).values(active=active))
    if done.rowcount != 1:
        raise OfficeError("unknown_user", username=username[:MAX_USERNAME])
    if not active:
        sessions.end_all(conn, username)
    audit.record(conn, by, "user.active" if active else "user.inactive", username=username)


def user_named(conn: Connection, username: str) -> User | None:
    """The active user called `username` now (the role is read on every request, never cached)."""
    row = conn.execute(select(users.c.role).where(users.c.username == username, users.c.active)).first()
    return None if row is None else User(username, row.role)


def authenticate(conn: Connection, username: str, password: str) -> User | None:
    row = conn.execute(select(users).where(users.c.username == username, users.c.active)).mappings().first()
    if row is None:
        _HASHER.hash(password)  # the same work either way, so timing does not tell who exists
        return None
    try:
        _HASHER.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return User(row["username"], row["role"])
