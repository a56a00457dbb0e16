"""`python -m office web`: the office web page (binds 127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from office.config_push import publish_config
from office.db import DEFAULT_URL, open_office
from sync.broker_args import add_broker_arguments, read_password

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("web", help="serve the office web page")
    parser.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--secret-file",
        type=Path,
        help="file holding the session signing key (else $OFFICE_SECRET_KEY, else random)",
    )
    add_broker_arguments(parser, required=False)  # config push to the kiosks after roster changes
    parser.set_defaults(handler=run)


def config_publisher(
    engine: Engine,
    broker: str,
    *,
    username: str | None = None,
    password: str | None = None,
    ca_file: str | None = None,
) -> Callable[[str], None]:
    """`on_catalog_changed` for the web app: publish the site's config (office.config_push)."""

    def publish(site: str) -> None:
        publish_config(engine, broker, site, username=username, password=password, ca_file=ca_file)

    return publish


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from office.web.app import create_app

    secret = args.secret_file.read_text().strip() if args.secret_file else os.environ.get("OFFICE_SECRET_KEY")
    if not secret:
        log.warning("no session key given: sessions end when the server restarts")
    engine = open_office(args.db)
    if args.broker:
        publisher = config_publisher(
            engine, args.broker, username=args.username, password=read_password(args), ca_file=args.ca_file
        )
        app = create_app(engine, secret_key=secret, on_catalog_changed=publisher)
    else:
        log.warning("no --broker: roster changes reach the kiosks only via `publish-config`")
        app = create_app(engine, secret_key=secret)
    log.info("office web page", extra={"url": f"http://{args.host}:{args.port}/"})
    uvicorn.run(app, host=args.host, port=args.port, log_config=None)
    return 0
