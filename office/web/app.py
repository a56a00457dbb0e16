"""The office web application: `create_app(engine, ...)` wires pages, sessions and errors.

Pages are server-rendered (Jinja2); forms post back and redirect. Handlers stay thin: the
work is in office.payroll, exports, payslip and roster.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from office.i18n import STRINGS, translate
from office.payroll.errors import InputError, OfficeError
from office.photos import MAX_UPLOAD_BYTES, office_photos
from office.sessions import SessionPolicy
from office.web import (
    pages_dashboard,
    pages_lists,
    pages_office,
    pages_payroll,
    pages_period_steps,
    pages_reports,
    pages_roster,
)
from office.web.formatting import SiteZones
from office.web.guard import Limits, RequestGuard
from office.web.headers import SecurityHeaders
from office.web.security import Forbidden, LoginRequired, check_csrf
from office.web.sessions import ServerSessions, utc_now
from office.web.throttle import LoginThrottle
from office.web.typed_form import remember
from office.web.views import back, language, render
from sync.protocol.photos import PhotoStore

log = logging.getLogger(__name__)


# The forms that carry a photo (multipart): a picture plus the form's fields, never more.
PHOTO_FORMS = ("/workers", "/products")
UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024


def _no_publisher(site: str) -> None:
    log.info("catalog changed; no config publisher wired", extra={"site": site})


def create_app(
    engine: Engine,
    on_catalog_changed: Callable[[str], None] = _no_publisher,
    *,
    https_only: bool = False,
    trusted_proxies: Sequence[str] = (),
    sessions: SessionPolicy | None = None,
    limits: Limits | None = None,
    clock: Callable[[], datetime] = utc_now,
    photos: PhotoStore | None = None,
    zones: SiteZones | None = None,
) -> FastAPI:
    """The office app on `engine`; `on_catalog_changed(site)` publishes config to kiosks.

    `https_only` marks the session cookie Secure; behind a TLS proxy at one of `trusted_proxies`
    its X-Forwarded-Proto/-For are believed (so the cookie is Secure and throttling sees the
    real address). `clock` is the time sessions and login throttling go by. `photos` defaults to
    the store next to the database (office.photos). `zones` are the sites' clocks the pages
    show times in (Asia/Shanghai unless told otherwise).
    """
    app = FastAPI(
        title="Workshop central office",
        dependencies=[Depends(check_csrf)],
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.engine = engine
    app.state.on_catalog_changed = on_catalog_changed
    app.state.throttle = LoginThrottle(clock)
    app.state.photos = photos or office_photos(engine)
    app.state.zones, app.state.clock = zones or SiteZones(), clock
    # Added innermost first: headers see every answer, the guard runs before anything is parsed.
    app.add_middleware(
        ServerSessions, engine=engine, policy=sessions or SessionPolicy(), https_only=https_only, clock=clock
    )
    if trusted_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(trusted_proxies))
    uploads = dict.fromkeys(PHOTO_FORMS, UPLOAD_BODY_BYTES) | {"/roster/import": pages_roster.UPLOAD_BODY_BYTES}
    app.add_middleware(RequestGuard, limits=limits or Limits(uploads=uploads))
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(pages_office.router)
    app.include_router(pages_lists.router)
    app.include_router(pages_dashboard.router)
    app.include_router(pages_payroll.router)
    app.include_router(pages_period_steps.router)
    app.include_router(pages_reports.router)
    app.include_router(pages_roster.router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        log.warning("refused", extra={"path": request.url.path, "why": exc.message_key})
        return render(request, "error.html", status_code=403, message=translate(exc.message_key, language(request)))

    @app.exception_handler(OfficeError)
    async def _refused(request: Request, exc: OfficeError) -> Response:
        log.info("office refusal", extra={"path": request.url.path, "why": str(exc)})
        message = exc.message(language(request))
        if request.method == "POST":
            return await _back_as_typed(request, message, exc)
        return render(request, "error.html", status_code=400 if isinstance(exc, InputError) else 404, message=message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = sorted({str(error["loc"][-1])[:64] for error in exc.errors()})
        log.info("bad input", extra={"path": request.url.path, "fields": fields})
        lang = language(request)
        named = ", ".join(translate(f"field.{name}", lang) if f"field.{name}" in STRINGS else name for name in fields)
        message = translate("error.bad_value", lang, fields=named)
        if request.method == "POST":
            refusal = InputError("bad_value", fields=named, field=fields[0] if fields else "")
            return await _back_as_typed(request, message, refusal)
        return render(request, "error.html", status_code=400, message=message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        """Unknown pages and methods: a page in the visitor's language, never the framework's JSON."""
        key = "error.method_not_allowed" if exc.status_code == 405 else "error.not_found"
        return render(request, "error.html", status_code=exc.status_code, message=translate(key, language(request)))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("page failed", extra={"path": request.url.path})
        return render(request, "error.html", status_code=500, message=translate("error.server", language(request)))

    return app


async def _back_as_typed(request: Request, message: str, error: OfficeError) -> Response:
    """Back to the form with everything typed kept and the refusal beside its field."""
    form = await request.form()
    typed: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            typed.setdefault(name, []).append(value)
    remember(request, typed, error, message)
    return back(request, message, refused=True)
