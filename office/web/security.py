"""Roles and CSRF for the office page.

The session is server-side (office/web/sessions.py): `request.session["user"]` was read from
the users table for this very request. Every POST must carry the session's CSRF token;
admin-only actions refuse clerks.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from office.users import User


class LoginRequired(Exception):
    """No user in the session: the page sends the browser to the login form."""


class Forbidden(Exception):
    """Logged in, but not allowed (a clerk asking for an admin action, a bad CSRF token)."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request) -> None:
    """Applied to the whole app: every POST must echo the session's token in its form."""
    if request.method != "POST":
        return
    form = await request.form()
    sent, expected = str(form.get("csrf") or ""), request.session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden("csrf_failed")


def current_user(request: Request) -> User:
    data = request.session.get("user")
    if not data:
        raise LoginRequired()
    return User(data["username"], data["role"])


def admin_user(request: Request) -> User:
    user = current_user(request)
    if not user.is_admin:
        raise Forbidden("forbidden")
    return user
