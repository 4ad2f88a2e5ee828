"""`tenantry key create|revoke|list`: a tenant's API keys, whose plaintext is shown once."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select

from tenantry.cli.runner import pk, run_unit
from tenantry.config import Settings
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.models.tenant import ApiKey, ApiKeyKind, Plan
from tenantry.resolvers import tenants


def add_key_commands(commands: Any) -> None:
    key = commands.add_parser("key", help="create, revoke or list a tenant's API keys")
    actions = key.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create an API key (shown once)")
    create.add_argument("--tenant", required=True, metavar="SLUG", help="the tenant's slug")
    create.add_argument(
        "--kind",
        required=True,
        choices=[k.value for k in ApiKeyKind],
        help="publishable (pk_, safe in browsers) or secret (sk_, full access)",
    )
    create.add_argument("--name", default="", help="a label to tell keys apart")
    create.add_argument("--json", action="store_true", help="print the key as JSON")
    create.set_defaults(handler=cmd_key_create)
    revoke = actions.add_parser("revoke", help="revoke an API key by id")
    revoke.add_argument("--tenant", required=True, metavar="SLUG", help="the tenant's slug")
    revoke.add_argument("key_id", type=int, metavar="KEY_ID", help="as `key list` shows it")
    revoke.set_defaults(handler=cmd_key_revoke)
    listing = actions.add_parser("list", help="list a tenant's API keys (never the keys)")
    listing.add_argument("--tenant", required=True, metavar="SLUG", help="the tenant's slug")
    listing.set_defaults(handler=cmd_key_list)


def cmd_key_create(args: argparse.Namespace, settings: Settings) -> int:
    async def job(uow: UnitOfWork) -> dict[str, Any]:
        tenant = await tenants.get_tenant_by_slug(uow.session, slug=args.tenant)
        key, plaintext = await tenants.create_api_key(
            uow.session, tenant_id=pk(tenant.id), kind=ApiKeyKind(args.kind), name=args.name
        )
        return {**_key_json(key), "key": plaintext}

    result = run_unit(settings, job)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Created {result['kind']} key {result['id']} for {args.tenant}: {result['key']}")
    print("The key is shown only this once; store it now.")
    return 0


def cmd_key_revoke(args: argparse.Namespace, settings: Settings) -> int:
    async def job(uow: UnitOfWork) -> None:
        tenant = await tenants.get_tenant_by_slug(uow.session, slug=args.tenant)
        await tenants.revoke_api_key(uow.session, tenant_id=pk(tenant.id), key_id=args.key_id)

    run_unit(settings, job)
    print(f"Revoked key {args.key_id} of {args.tenant}.")
    return 0


def cmd_key_list(args: argparse.Namespace, settings: Settings) -> int:
    async def job(uow: UnitOfWork) -> list[dict[str, Any]]:
        tenant = await tenants.get_tenant_by_slug(uow.session, slug=args.tenant)
        keys = await uow.session.scalars(
            select(ApiKey).where(col(ApiKey.tenant_id) == tenant.id).order_by(col(ApiKey.id))
        )
        return [_key_json(key) for key in keys]

    rows = run_unit(settings, job)
    header = ("ID", "PREFIX", "KIND", "NAME", "CREATED", "REVOKED")
    table = [
        (str(r["id"]), r["prefix"] + "…", r["kind"], r["name"], r["created_at"], r["revoked_at"])
        for r in rows
    ]
    _print_table(header, [tuple(cell or "-" for cell in row) for row in table])
    return 0


def _key_json(key: ApiKey) -> dict[str, Any]:
    return {
        "id": pk(key.id),
        "kind": ApiKeyKind(key.kind).value,
        "name": key.name,
        "prefix": key.prefix,
        "plan": Plan(key.plan).value,
        "created_at": key.created_at.isoformat(timespec="seconds"),
        "revoked_at": key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else None,
    }


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
