"""`tenantry tenant settings SLUG [--set KEY=JSON] [--unset KEY]`: show or change them."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tenantry.cli.runner import CommandFailed, run_unit
from tenantry.config import Settings
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.resolvers.tenant_settings import change_tenant_settings


def add_settings_command(actions: Any) -> None:
    parser = actions.add_parser(
        "settings", help="show a tenant's settings, or set and unset keys (values are JSON)"
    )
    parser.add_argument("slug", help="the tenant's slug")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=JSON",
        dest="values",
        help="set one setting (repeatable); its value is JSON, checked against its shape",
    )
    parser.add_argument(
        "--unset",
        action="append",
        default=[],
        metavar="KEY",
        dest="remove",
        help="remove one setting (repeatable), back to its default",
    )
    parser.set_defaults(handler=cmd_tenant_settings)


def parse_assignment(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--set takes KEY=JSON, not {text!r}")
    try:
        return key, json.loads(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"the value of {key} is not JSON: {raw!r}") from None


def cmd_tenant_settings(args: argparse.Namespace, settings: Settings) -> int:
    try:
        values = dict(parse_assignment(text) for text in args.values)
    except argparse.ArgumentTypeError as exc:
        raise CommandFailed(str(exc)) from None

    async def job(uow: UnitOfWork) -> dict[str, Any]:
        return await change_tenant_settings(
            uow.session, slug=args.slug, values=values, remove=args.remove
        )

    print(json.dumps(run_unit(settings, job), indent=2, sort_keys=True))
    if (values or args.remove) and settings.tenant_cache_seconds > 0:
        print(f"Running servers apply it within {settings.tenant_cache_seconds:g} s.")
    return 0
