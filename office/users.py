"""Office users: a clerk runs payroll, an admin also changes rates, roster and users."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from office import audit
from office.payroll.errors import OfficeError
from office.tables import users

ROLES = ("clerk", "admin")
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
    values = {"role": role, "password_hash": _HASHER.hash(password), "created_at": audit.now_utc()}
    exists = conn.execute(select(users.c.username).where(users.c.username == username)).first()
    if exists:
        conn.execute(update(users).where(users.c.username == username).values(**values))
    else:
        conn.execute(insert(users).values(username=username, **values))
    audit.record(conn, by, "user.set", username=username, role=role)


def authenticate(conn: Connection, username: str, password: str) -> User | None:
    row = conn.execute(select(users).where(users.c.username == username)).mappings().first()
    if row is None:
        _HASHER.hash(password)  # the same work either way, so timing does not tell who exists
        return None
    try:
        _HASHER.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return User(row["username"], row["role"])
