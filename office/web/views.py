"""Rendering helpers shared by every page: templates, language, flash messages, the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Path as PathParam
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Connection

from office import roster
from office.i18n import translate
from office.payroll.errors import InputError
from office.payroll.money import money
from office.web.formatting import TimeFormat
from office.web.security import csrf_token
from office.web.typed_form import recall
from sync.central.tables import products
from sync.protocol.roster import LANGUAGES

log = logging.getLogger(__name__)

# The days the office deals in: anything else is a typo (and 9999-12-31 has no next day).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
# Path parameters parsed at the edge: a row id (period, quarantine) fits the INTEGER column, an id its String(64).
RowId = Annotated[int, PathParam(ge=1, le=2**31 - 1)]
PeriodId = RowId
Identifier = Annotated[str, PathParam(max_length=64)]

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals["money"] = money


def language(request: Request) -> str:
    """The page language: `?lang=` switches it for the session; Simplified Chinese by default."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        request.session["lang"] = chosen
    return request.session.get("lang", "zh-Hans")


def office_today(request: Request) -> date:
    """Today on the office's calendar (its default time zone, at its clock): the day pages open on."""
    return request.app.state.zones.today(request.app.state.clock())


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the session's language, with the CSRF token every form needs."""
    lang = language(request)
    return TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "t": lambda key, **values: translate(key, lang, **values),
            "lang": lang,
            "in_language": lambda code: _with_language(request, code),
            "when": TimeFormat(request.app.state.zones, lang, request.app.state.clock()),
            "csrf": csrf_token(request),
            "user": request.session.get("user"),
            "flash": request.session.pop("flash", None),
            "alert": request.session.pop("alert", None),
            "typed": recall(request),
            **context,
        },
        status_code=status_code,
    )


def _with_language(request: Request, code: str) -> str:
    """This page's own query with `lang` set: switching language keeps the day or month shown."""
    kept = [(name, value) for name, value in request.query_params.multi_items() if name != "lang"]
    return "?" + urlencode([*kept, ("lang", code)])


def back(request: Request, message: str, fallback: str = "/", *, refused: bool = False) -> RedirectResponse:
    """Redirect to the page the form came from (a path on this site only) with a one-line message:
    a confirmation, or (`refused`) why nothing was saved."""
    request.session["alert" if refused else "flash"] = message[:500]
    target = same_site_path(request.headers.get("referer", ""), request.headers.get("host", "")) or fallback
    return RedirectResponse(target, status_code=303)


def same_site_path(referer: str, host: str) -> str | None:
    """The path and query of `referer` when it points at this site, else None (no `//evil`)."""
    try:
        parts = urlsplit(referer)
    except ValueError:
        return None
    if parts.netloc and parts.netloc != host:
        return None
    if not parts.path.startswith("/") or parts.path.startswith("//") or "\\" in parts.path:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@contextmanager
def transaction(request: Request) -> Iterator[Connection]:
    """One database transaction for the request (committed when the block ends cleanly)."""
    with request.app.state.engine.begin() as conn:
        yield conn


def publish(request: Request, sites: set[str]) -> str:
    """Tell the kiosks of `sites` that their configuration changed (after the commit); the
    message for the admin says whether they were told."""
    failed = []
    for site in sorted(sites):
        try:
            request.app.state.on_catalog_changed(site)
        except Exception as exc:  # the change is saved either way; the push can be repeated
            log.warning("config push failed", extra={"site": site, "error": str(exc)})
            failed.append(site)
    if failed:
        return translate("saved_not_pushed", language(request), sites="、".join(failed))
    return "saved"


def parse_day(text: str | None, default: date) -> date:
    """A day between FIRST_DAY and LAST_DAY typed as YYYY-MM-DD; `default` when nothing was typed."""
    try:
        day = date.fromisoformat(text) if text else default
    except ValueError as exc:
        raise InputError("not_a_date", value=str(text)[:40]) from exc
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError("day_out_of_range", value=day.isoformat(), first=FIRST_DAY, last=LAST_DAY)
    return day


def site_options(conn: Connection) -> list[tuple[str, str]]:
    """The known sites as (value, label) pairs for a dropdown: a site is chosen, never typed."""
    return [(site, site) for site in sorted(roster.known_sites(conn))]


def product_names(conn: Connection, request: Request) -> dict[str, str]:
    column = roster.name_column(language(request))
    return {p["product_id"]: p[column] for p in roster.all_rows(conn, products)}
