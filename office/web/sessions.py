"""The ASGI middleware that gives each request its server-side session (office/sessions.py).

It puts a plain dict at `scope["session"]` (so `request.session` works as with Starlette's
cookie sessions) with `user` filled from the users table on every request: a demoted or
switched-off user loses the role or the session on their next click. When the signed-in user
changes (login, logout) the session gets a new id, so an id seen before login is worthless.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from http.cookies import CookieError, SimpleCookie
from typing import Any

from anyio import to_thread
from sqlalchemy import Engine
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from office import sessions
from office.sessions import SessionPolicy, Stored
from office.users import user_named

COOKIE = "office_session"


def utc_now() -> datetime:
    return datetime.now(UTC)


class ServerSessions:
    def __init__(
        self,
        app: ASGIApp,
        engine: Engine,
        policy: SessionPolicy,
        https_only: bool = False,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.app, self.engine, self.policy, self.https_only, self.clock = app, engine, policy, https_only, clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session_id = _cookie(scope)
        stored = await to_thread.run_sync(self._load, session_id) if session_id else None
        data = dict(stored.data) if stored else {}
        if stored and stored.username:
            user = await to_thread.run_sync(self._user, stored.username)
            if user is None:  # deleted or switched off since: signed out
                data = {}
            else:
                data["user"] = user
        before = json.dumps(data, sort_keys=True)
        scope["session"] = data

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await to_thread.run_sync(self._save, session_id, stored, before, data)
                if cookie is not None:
                    MutableHeaders(scope=message).append("set-cookie", self._cookie_header(scope, cookie))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, session_id: str) -> Stored | None:
        with self.engine.begin() as conn:
            return sessions.load(conn, session_id, self.clock(), self.policy)

    def _user(self, username: str) -> dict[str, str] | None:
        with self.engine.begin() as conn:
            user = user_named(conn, username)
        return None if user is None else {"username": user.username, "role": user.role}

    def _save(self, session_id: str | None, stored: Stored | None, before: str, data: dict[str, Any]) -> str | None:
        """Write the session back; the cookie value to send ("" clears it), None for no cookie."""
        now = self.clock()
        username = (data.get("user") or {}).get("username")
        kept = {key: value for key, value in data.items() if key != "user"}
        with self.engine.begin() as conn:
            if stored is not None and username == stored.username:
                changed = json.dumps(data, sort_keys=True) != before
                if not changed and now - stored.seen_at < self.policy.touch_every:
                    return None
                return None if sessions.store(conn, str(session_id), kept, now) else ""
            if stored is not None:
                sessions.end(conn, str(session_id))  # signed in or out: the old id dies
            if not kept and username is None:
                return "" if session_id else None
            return sessions.create(conn, username, kept, now, self.policy)

    def _cookie_header(self, scope: Scope, value: str) -> str:
        secure = "; Secure" if self.https_only or scope.get("scheme") == "https" else ""
        expires = "; Max-Age=0" if not value else ""
        return f"{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax{expires}{secure}"


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except CookieError:  # a malformed cookie header is no session
                return None
            if COOKIE in cookie:
                return cookie[COOKIE].value[:100]
    return None
