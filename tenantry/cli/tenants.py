"""`tenantry tenant create|suspend|activate|settings` and `tenantry staff create`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tenantry.cli.payments import add_payments_command
from tenantry.cli.runner import pk, run_unit
from tenantry.cli.social import add_social_command
from tenantry.cli.tenant_settings import add_settings_command
from tenantry.config import Settings
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.models.tenant import ApiKeyKind, Plan, StaffRole, Tenant, TenantStatus
from tenantry.resolvers import tenants


def add_tenant_commands(commands: Any) -> None:
    tenant = commands.add_parser("tenant", help="create, suspend or activate tenants")
    actions = tenant.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a tenant with a publishable and secret key")
    create.add_argument("slug", help="lowercase letters, digits and dashes; in every URL")
    create.add_argument("--name", required=True, help="the shop's display name")
    create.add_argument(
        "--domain",
        action="append",
        default=[],
        metavar="HOST",
        help="a host name that serves this tenant (repeatable)",
    )
    create.add_argument(
        "--plan",
        choices=[p.value for p in Plan],
        default=Plan.STARTER.value,
        help="sets the commerce API's hourly limits",
    )
    create.add_argument("--currency", default="USD", help="ISO 4217 code of the shop's prices")
    create.add_argument("--json", action="store_true", help="print the tenant and its keys as JSON")
    create.set_defaults(handler=cmd_tenant_create)
    for action, status in (("suspend", TenantStatus.SUSPENDED), ("activate", TenantStatus.ACTIVE)):
        parser = actions.add_parser(action, help=f"{action} a tenant")
        parser.add_argument("slug", help="the tenant's slug")
        parser.set_defaults(handler=cmd_tenant_status, status=status)
    add_settings_command(actions)
    add_payments_command(actions)
    add_social_command(actions)


def add_staff_commands(commands: Any) -> None:
    staff = commands.add_parser("staff", help="create staff accounts")
    actions = staff.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a staff account")
    create.add_argument("--tenant", required=True, metavar="SLUG", help="the tenant's slug")
    create.add_argument("--email", required=True, help="the sign-in address")
    create.add_argument("--password", required=True, help="at least 8 characters")
    create.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in StaffRole],
        help="owner and admin manage the shop; agents answer chats",
    )
    create.add_argument("--name", default="", help="shown to customers in chat")
    create.set_defaults(handler=cmd_staff_create)


def cmd_tenant_create(args: argparse.Namespace, settings: Settings) -> int:
    async def job(uow: UnitOfWork) -> dict[str, Any]:
        tenant = await tenants.create_tenant(
            uow.session,
            data=tenants.TenantIn(
                slug=args.slug,
                name=args.name,
                domains=tuple(args.domain),
                plan=Plan(args.plan),
                currency=args.currency.upper(),
            ),
        )
        tenant_id = pk(tenant.id)
        _, publishable = await tenants.create_api_key(
            uow.session, tenant_id=tenant_id, kind=ApiKeyKind.PUBLISHABLE, name="default"
        )
        _, secret = await tenants.create_api_key(
            uow.session, tenant_id=tenant_id, kind=ApiKeyKind.SECRET, name="default"
        )
        return {
            "tenant": _tenant_json(tenant, [tenants.normalize_host(h) for h in args.domain]),
            "publishable_key": publishable,
            "secret_key": secret,
        }

    result = run_unit(settings, job)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    tenant = result["tenant"]
    print(f"Created tenant {tenant['slug']} (id {tenant['id']}, plan {tenant['plan']}).")
    print(f"  publishable key: {result['publishable_key']}")
    print(f"  secret key:      {result['secret_key']}")
    print("The keys are shown only this once; store them now.")
    return 0


def cmd_tenant_status(args: argparse.Namespace, settings: Settings) -> int:
    status: TenantStatus = args.status

    async def job(uow: UnitOfWork) -> None:
        await tenants.set_tenant_status(uow.session, slug=args.slug, status=status)

    run_unit(settings, job)
    print(f"Tenant {args.slug} is {status.value}.")
    if settings.tenant_cache_seconds > 0:
        print(f"Running servers apply it within {settings.tenant_cache_seconds:g} s.")
    return 0


def cmd_staff_create(args: argparse.Namespace, settings: Settings) -> int:
    async def job(uow: UnitOfWork) -> int:
        tenant = await tenants.get_tenant_by_slug(uow.session, slug=args.tenant)
        staff = await tenants.create_staff(
            uow.session,
            tenant_id=pk(tenant.id),
            email=args.email,
            password=args.password,
            name=args.name,
            role=StaffRole(args.role),
        )
        return pk(staff.id)

    staff_id = run_unit(settings, job)
    print(f"Created {args.role} {args.email.strip().lower()} (id {staff_id}) in {args.tenant}.")
    return 0


def _tenant_json(tenant: Tenant, domains: list[str]) -> dict[str, Any]:
    return {
        "id": pk(tenant.id),
        "slug": tenant.slug,
        "name": tenant.name,
        "plan": Plan(tenant.plan).value,
        "status": TenantStatus(tenant.status).value,
        "currency": tenant.currency,
        "domains": domains,
    }
