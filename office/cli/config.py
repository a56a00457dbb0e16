"""`python -m office publish-config`: send a site's roster, products and supervisors to its stations."""

from __future__ import annotations

import argparse

from office.cli.language import add_language
from office.config_push import publish_config
from office.db import DEFAULT_URL, open_office
from office.i18n import translate
from sync.broker_args import add_broker_arguments, read_password


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    push = subparsers.add_parser("publish-config", help="publish the site's config to its stations")
    push.add_argument("--db", default=DEFAULT_URL, help=f"office database URL (default {DEFAULT_URL})")
    push.add_argument("--site", required=True, help="the site whose stations get the config")
    add_broker_arguments(push)
    add_language(push)
    push.set_defaults(handler=publish)


def publish(args: argparse.Namespace) -> int:
    versions = publish_config(
        open_office(args.db),
        args.broker,
        args.site,
        username=args.username,
        password=read_password(args),
        ca_file=args.ca_file,
    )
    print(translate("cli.config_published", args.lang, site=args.site, versions=versions))
    return 0
