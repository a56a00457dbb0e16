"""`python -m sync central web`: the office web page (binds 127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from sync.central.cli_payroll import DEFAULT_DB
from sync.central.db import open_central

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("web", help="serve the office web page")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"central database URL (default {DEFAULT_DB})")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--secret-file",
        type=Path,
        help="file holding the session signing key (else $OFFICE_SECRET_KEY, else random)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.central.web.app import create_app

    secret = args.secret_file.read_text().strip() if args.secret_file else os.environ.get("OFFICE_SECRET_KEY")
    if not secret:
        log.warning("no session key given: sessions end when the server restarts")
    app = create_app(open_central(args.db), secret_key=secret)
    log.info("office web page", extra={"url": f"http://{args.host}:{args.port}/"})
    uvicorn.run(app, host=args.host, port=args.port, log_config=None)
    return 0
