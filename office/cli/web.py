"""`python -m office web`: the office web page (binds 127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine

from office.config_push import publish_config
from office.db import DEFAULT_URL, open_office
from office.web.formatting import DEFAULT_ZONE, SiteZones, UnknownTimeZone
from sync.broker_args import add_broker_arguments, read_password

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("web", help="serve the office web page")
    parser.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--https", action="store_true", help="the page is reached over TLS: session cookie Secure")
    parser.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="a TLS proxy whose X-Forwarded-Proto/-For are believed (repeatable; none by default)",
    )
    parser.add_argument("--idle-minutes", type=int, default=30, help="a session ends after this long unused")
    parser.add_argument("--session-hours", type=int, default=12, help="a session ends this long after login")
    parser.add_argument(
        "--time-zone", default=DEFAULT_ZONE, help=f"the clock pages show times on (default {DEFAULT_ZONE})"
    )
    parser.add_argument(
        "--site-time-zone",
        action="append",
        default=[],
        type=_site_zone,
        metavar="SITE=ZONE",
        help="a site on another clock, e.g. site-b=Asia/Urumqi (repeatable)",
    )
    add_broker_arguments(parser, required=False)  # config push to the kiosks after roster changes
    parser.set_defaults(handler=run)


def _site_zone(text: str) -> tuple[str, str]:
    site, separator, zone = text.partition("=")
    if not (separator and site.strip() and zone.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not SITE=ZONE")
    return site.strip(), zone.strip()


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

    from office.sessions import SessionPolicy
    from office.web.app import create_app

    try:
        zones = SiteZones.parse(args.time_zone, dict(args.site_time_zone))
    except UnknownTimeZone as exc:
        log.error("bad time zone", extra={"error": str(exc)})
        return 2
    engine = open_office(args.db)
    options = {
        "zones": zones,
        "https_only": args.https,
        "trusted_proxies": args.trusted_proxy,
        "sessions": SessionPolicy(
            idle=timedelta(minutes=args.idle_minutes), absolute=timedelta(hours=args.session_hours)
        ),
    }
    if args.broker:
        publisher = config_publisher(
            engine, args.broker, username=args.username, password=read_password(args), ca_file=args.ca_file
        )
        app = create_app(engine, publisher, **options)  # type: ignore[arg-type]
    else:
        log.warning("no --broker: roster changes reach the kiosks only via `publish-config`")
        app = create_app(engine, **options)  # type: ignore[arg-type]
    scheme = "https" if args.https else "http"
    log.info("office web page", extra={"url": f"{scheme}://{args.host}:{args.port}/"})
    # Forwarded headers are the app's business (--trusted-proxy), not uvicorn's default trust of 127.0.0.1.
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, proxy_headers=False, server_header=False)
    return 0
