"""The office web application: `create_app(engine, ...)` wires pages, sessions and errors.

Pages are server-rendered (Jinja2); forms post back and redirect. Handlers stay thin: the
work is in office.payroll, exports, payslip and roster.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from starlette.middleware.sessions import SessionMiddleware

from office.payroll.errors import OfficeError
from office.web import pages_office, pages_payroll, pages_period_steps, pages_reports
from office.web.security import Forbidden, LoginRequired, check_csrf
from office.web.views import back, language, render

log = logging.getLogger(__name__)


def _no_publisher(site: str) -> None:
    log.info("catalog changed; no config publisher wired", extra={"site": site})


def create_app(
    engine: Engine,
    secret_key: str | None = None,
    on_catalog_changed: Callable[[str], None] = _no_publisher,
    https_only: bool = False,
) -> FastAPI:
    """The office app on `engine`; `on_catalog_changed(site)` publishes config to kiosks."""
    app = FastAPI(
        title="Workshop central office", dependencies=[Depends(check_csrf)], docs_url=None, redoc_url=None
    )
    app.state.engine = engine
    app.state.on_catalog_changed = on_catalog_changed
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or secrets.token_urlsafe(32),
        session_cookie="office_session",
        same_site="strict",
        https_only=https_only,
        max_age=8 * 3600,
    )
    app.include_router(pages_office.router)
    app.include_router(pages_payroll.router)
    app.include_router(pages_period_steps.router)
    app.include_router(pages_reports.router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        log.warning("refused", extra={"path": request.url.path, "why": exc.message_key})
        return render(request, "error.html", status_code=403, message_key=exc.message_key)

    @app.exception_handler(OfficeError)
    async def _refused(request: Request, exc: OfficeError) -> Response:
        log.info("office refusal", extra={"path": request.url.path, "why": str(exc)})
        message = exc.message(language(request))
        if request.method == "POST":
            return back(request, message)
        return render(request, "error.html", status_code=404, message=message)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("page failed", extra={"path": request.url.path})
        return render(request, "error.html", status_code=500, message=type(exc).__name__)

    return app
