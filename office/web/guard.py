"""The first thing every request meets: bounds on what a stranger can make the server hold.

A pure ASGI middleware, outside sessions and routing, so nothing is parsed or looked up before
it: a body longer than its limit is refused with 413 while it streams (the bytes are counted,
never trusted from Content-Length alone), and query strings and form bodies with too many or
too long fields, or control characters (NUL breaks PostgreSQL), get 400 - a short page in the
visitor's language either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from office.i18n import translate
from sync.protocol.roster import LANGUAGES

MiB = 1024 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True, slots=True)
class Limits:
    """`uploads` maps a path to a larger body limit (a photo upload, should one be added)."""

    body_bytes: int = MiB
    fields: int = 100
    field_chars: int = 2000
    uploads: dict[str, int] = field(default_factory=dict)


class Refused(Exception):
    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


class RequestGuard:
    def __init__(self, app: ASGIApp, limits: Limits | None = None) -> None:
        self.app, self.limits = app, limits or Limits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            if len(scope["path"]) > self.limits.field_chars or not _printable(scope["path"]):
                raise Refused(400, "bad_characters")
            self._check_fields(scope.get("query_string", b""))
            body = await self._read(scope, receive)
            if body and _content_type(scope) == FORM_TYPE:
                self._check_fields(body)
            elif body and scope["path"] not in self.limits.uploads:
                raise Refused(415, "form_expected")
        except Refused as refused:
            await _refuse(scope, send, refused)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes:
        limit = self.limits.uploads.get(scope["path"], self.limits.body_bytes)
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > limit:
            raise Refused(413, "body_too_large", limit=limit // 1024)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            size += len(message.get("body", b""))
            if size > limit:
                raise Refused(413, "body_too_large", limit=limit // 1024)
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _check_fields(self, raw: bytes) -> None:
        try:
            pairs = parse_qsl(
                raw.decode("utf-8"), keep_blank_values=True, max_num_fields=self.limits.fields, errors="strict"
            )
        except UnicodeDecodeError as exc:
            raise Refused(400, "bad_characters") from exc
        except ValueError as exc:  # parse_qsl's only other refusal: more than max_num_fields
            raise Refused(400, "too_many_fields", limit=self.limits.fields) from exc
        for name, value in pairs:
            if len(name) > 64 or len(value) > self.limits.field_chars:
                raise Refused(400, "field_too_long", field=name[:64], limit=self.limits.field_chars)
            if not (_printable(name) and _printable(value)):
                raise Refused(400, "bad_characters")


def _printable(text: str) -> bool:
    """No control characters but tab and line breaks (a textarea may send them)."""
    return all(ch in "\t\r\n" or (ord(ch) >= 32 and ord(ch) != 127) for ch in text)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1").strip()
    return ""


def _content_type(scope: Scope) -> str:
    return _header(scope, b"content-type").split(";")[0].strip().lower()


def _replay(body: bytes, downstream: Receive) -> Receive:
    """The body already read, then the client's own messages (a response may wait for disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await downstream()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def visitor_language(scope: Scope) -> str:
    """`?lang=` if given, else the first of Accept-Language we speak, else Simplified Chinese."""
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")[:200]))
    if query.get("lang") in LANGUAGES:
        return query["lang"]
    for part in _header(scope, b"accept-language").lower().split(",")[:10]:
        tag = part.split(";")[0].strip()
        if tag in ("zh-hant", "zh-tw", "zh-hk", "zh-mo"):
            return "zh-Hant"
        if tag.startswith("zh"):
            return "zh-Hans"
        if tag.startswith("en"):
            return "en"
    return "zh-Hans"


async def _refuse(scope: Scope, send: Send, refused: Refused) -> None:
    language = visitor_language(scope)
    sentence = escape(translate(f"error.{refused.key}", language, **refused.values))
    page = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="/static/office.css"><title>{refused.status}</title></head>'
        f'<body><main><p class="bad" role="alert">{sentence}</p><p><a href="/">⌂</a></p></main></body></html>'
    ).encode()
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(page)).encode())]
    if refused.status == 413:
        headers.append((b"connection", b"close"))  # the rest of the body is not read
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": page})
