"""Every HTML page of the office, and the words on it a person reads (issue #14.1).

`office_urls` lists every GET route (path parameters filled from the seeded office) plus the
pages only a query or a mistake reaches; `untranslated` finds the words a page shows that are
not in its language: ASCII words on a Chinese page that are not ids or units, CJK on an English
page. Names and ids the database knows, and elements marked translate="no" or in another
`lang` (the language switcher, a product's name in each script) are data, not words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import Engine, select

from office.tables import supervisors, users
from sync.central.tables import products, stations, workers

# Ids and units a Chinese page may write in Latin letters.
ALLOWED_LATIN = frozenset(
    {"ID", "PIN", "XLSX", "GBK", "UTF", "BOM", "PDF", "ZIP", "CSV", "PNG", "JPEG", "KB", "MB", "YYYY", "MM", "DD"}
)
PATH_VALUES = {"period_id": ("1", "2"), "worker_id": ("w01",)}
SKIPPED_ROUTES = ("/photos/{ref}",)  # pictures, not pages
EXTRA_URLS = (
    "/workers?edit=w01",
    "/products?edit=bead-stringing",
    "/tallies?day=2026-01-12",
    "/corrections?start=2026-01-01&end=2026-01-31",
    "/reports/federation?month=2026-01",
    "/no-such-page",
    "/periods/abc",
    "/periods/999",
    "/tallies?day=2026-13-45",
    "/tallies/check?day=2026-01-13",
    "/workers?q=w0&sort=name&desc=1&active=1&size=25",
    "/workers/w01?end=2026-01-31",
    "/stations?online=0",
    "/quarantine?state=all",
    "/audit?action=login.failed",
)
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
LATIN_WORD = re.compile(r"[A-Za-z]+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def office_urls(app: FastAPI) -> list[str]:
    urls = []
    for route in app.routes:
        if not isinstance(route, APIRoute) or "GET" not in route.methods or route.path in SKIPPED_ROUTES:
            continue
        paths = [route.path]
        for name, values in PATH_VALUES.items():
            if f"{{{name}}}" in route.path:
                paths = [p.replace(f"{{{name}}}", v) for p in paths for v in values]
        urls += paths
    return urls + list(EXTRA_URLS)


def known_data(engine: Engine) -> list[str]:
    """Every name and id the office holds, longest first (so 'demo-station-1' goes before 'demo')."""
    with engine.connect() as conn:
        found = set(conn.execute(select(users.c.username)).scalars())
        for table, columns in (
            (workers, ("worker_id", "name", "site", "bank_name")),
            (products, ("product_id", "name_zh_hans", "name_zh_hant")),
            (stations, ("station_id", "site", "name")),
            (supervisors, ("supervisor_id", "name", "site")),
        ):
            for row in conn.execute(select(*(table.c[c] for c in columns))):
                found |= {value for value in row if value}
    return sorted(found, key=len, reverse=True)


class _Shown(HTMLParser):
    """The text and shown attributes of a page outside translate="no", other-language elements,
    scripts and styles."""

    VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language, self.stack, self.shown = language, [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = (
            values.get("translate") == "no"
            or (tag != "html" and values.get("lang") not in (None, self.language))
            or tag in ("script", "style")
        )
        if not (skip or any(self.stack)):
            self.shown += [values[a] or "" for a in SHOWN_ATTRIBUTES if a in values]
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.shown.append(data)


def untranslated(page: str, language: str, data: Iterable[str]) -> list[str]:
    """The words of `page` that are not in `language` (names and ids in `data` left out)."""
    parser = _Shown(language)
    parser.feed(page)
    text = UUID.sub(" ", "\n".join(parser.shown))
    for value in data:
        text = text.replace(value, " ")
    if language == "en":
        return sorted({line.strip() for line in text.splitlines() if CJK.search(line)})
    return sorted({word for word in LATIN_WORD.findall(text) if word not in ALLOWED_LATIN})
