"""The `tenantry` command: serve, migrate, manage tenants, keys and staff, seed the demo."""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from tenantry.cli_keys import add_key_commands
from tenantry.cli_settings import add_settings_command
from tenantry.config import DEV_SECRET_KEY, Settings
from tenantry.core.errors import DomainError, ValidationFailed
from tenantry.db.database import Database
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.models.tenant import ApiKeyKind, Plan, StaffRole, Tenant, TenantStatus
from tenantry.realtime.table_changes import announce_changes, collect_changes

T = TypeVar("T")
Handler = Callable[[argparse.Namespace, Settings], int]
UnitJob = Callable[[UnitOfWork], Awaitable[Any]]


class CommandFailed(Exception):
    """A failure to report on stderr without a traceback."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"TENANTRY_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        _fail(f"invalid settings: {problems}")
        return 1
    try:
        return handler(args, settings)
    except DomainError as exc:
        _fail(_describe(exc))
    except CommandFailed as exc:
        _fail(str(exc))
    except (SQLAlchemyError, ConnectionError, TimeoutError, socket.gaierror) as exc:
        _fail(
            f"database error: {_first_line(exc)} (is {_redact(settings.database_url)} "
            "reachable, and has `tenantry migrate` run?)"
        )
    except KeyboardInterrupt:
        return 130
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenantry", description="Multi-tenant headless backend: GraphQL and REST."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the HTTP and WebSocket server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--reload", action="store_true", help="restart on code changes")
    serve.set_defaults(handler=cmd_serve)

    commands.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(
        handler=cmd_migrate
    )
    make = commands.add_parser("make-migration", help="autogenerate a migration from the models")
    make.add_argument("message")
    make.set_defaults(handler=cmd_make_migration)

    _tenant_commands(commands)
    add_key_commands(commands)
    _staff_commands(commands)

    commands.add_parser("seed-demo", help="create or refresh the demo tenant").set_defaults(
        handler=cmd_seed_demo
    )
    commands.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(
        handler=cmd_export_schema
    )
    return parser


def _tenant_commands(commands: Any) -> None:
    tenant = commands.add_parser("tenant", help="create, suspend or activate tenants")
    actions = tenant.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a tenant with a publishable and secret key")
    create.add_argument("slug")
    create.add_argument("--name", required=True)
    create.add_argument("--domain", action="append", default=[], metavar="HOST")
    create.add_argument("--plan", choices=[p.value for p in Plan], default=Plan.STARTER.value)
    create.add_argument("--currency", default="USD")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=cmd_tenant_create)
    for action, status in (("suspend", TenantStatus.SUSPENDED), ("activate", TenantStatus.ACTIVE)):
        parser = actions.add_parser(action, help=f"{action} a tenant")
        parser.add_argument("slug")
        parser.set_defaults(handler=cmd_tenant_status, status=status)
    add_settings_command(actions)


def _staff_commands(commands: Any) -> None:
    staff = commands.add_parser("staff", help="create staff accounts")
    actions = staff.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a staff account")
    create.add_argument("--tenant", required=True, metavar="SLUG")
    create.add_argument("--email", required=True)
    create.add_argument("--password", required=True)
    create.add_argument("--role", required=True, choices=[r.value for r in StaffRole])
    create.add_argument("--name", default="")
    create.set_defaults(handler=cmd_staff_create)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    if settings.environment == "production" and settings.secret_key == DEV_SECRET_KEY:
        raise CommandFailed(
            "production needs its own TENANTRY_SECRET_KEY, not the development one."
        )
    uvicorn.run(
        "tenantry.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        reload=args.reload,
        proxy_headers=True,
    )
    return 0


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from tenantry.db.migrate import upgrade

    upgrade(settings)
    print(f"Database is up to date ({_redact(settings.database_url)}).")
    return 0


def cmd_make_migration(args: argparse.Namespace, settings: Settings) -> int:
    from tenantry.db.migrate import make_migration

    make_migration(settings, args.message)
    return 0


def cmd_tenant_create(args: argparse.Namespace, settings: Settings) -> int:
    from tenantry.resolvers import tenants

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
        tenant_id = _pk(tenant.id)
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
    from tenantry.resolvers import tenants

    status: TenantStatus = args.status

    async def job(uow: UnitOfWork) -> None:
        await tenants.set_tenant_status(uow.session, slug=args.slug, status=status)

    run_unit(settings, job)
    print(f"Tenant {args.slug} is {status.value}.")
    if settings.tenant_cache_seconds > 0:
        print(f"Running servers apply it within {settings.tenant_cache_seconds:g} s.")
    return 0


def cmd_staff_create(args: argparse.Namespace, settings: Settings) -> int:
    from tenantry.resolvers import tenants

    async def job(uow: UnitOfWork) -> int:
        tenant = await tenants.get_tenant_by_slug(uow.session, slug=args.tenant)
        staff = await tenants.create_staff(
            uow.session,
            tenant_id=_pk(tenant.id),
            email=args.email,
            password=args.password,
            name=args.name,
            role=StaffRole(args.role),
        )
        return _pk(staff.id)

    staff_id = run_unit(settings, job)
    print(f"Created {args.role} {args.email.strip().lower()} (id {staff_id}) in {args.tenant}.")
    return 0


def cmd_seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from tenantry.demo import describe, seed_demo

    if settings.environment == "production":
        raise CommandFailed("seed-demo refuses to run with TENANTRY_ENVIRONMENT=production.")
    seeded = run_db(settings, lambda db: seed_demo(db, settings))
    print(describe(seeded, settings))
    return 0


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from tenantry.schema import export_sdl

    sys.stdout.write(export_sdl())
    return 0


def run_unit(settings: Settings, job: UnitJob) -> Any:
    """Runs job in one system unit of work and commits it; anything raised rolls it back."""

    async def in_unit(db: Database) -> Any:
        async with db.unit(None) as uow:
            result = await job(uow)
            await uow.commit()
        return result

    return run_db(settings, in_unit)


def run_db(settings: Settings, job: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        db = Database.from_settings(settings)
        changed = collect_changes(db.stamps)
        try:
            result = await job(db)
        finally:
            await db.dispose()
        await announce_changes(settings.resolved_broadcast_url, changed)
        return result

    return asyncio.run(run())


def _tenant_json(tenant: Tenant, domains: list[str]) -> dict[str, Any]:
    return {
        "id": _pk(tenant.id),
        "slug": tenant.slug,
        "name": tenant.name,
        "plan": Plan(tenant.plan).value,
        "status": TenantStatus(tenant.status).value,
        "currency": tenant.currency,
        "domains": domains,
    }


def _pk(value: int | None) -> int:
    assert value is not None
    return value


def _describe(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed) and exc.fields:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.fields.items()
        )
        return f"{exc.message} {details}"
    return exc.message


def _redact(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _fail(message: str) -> None:
    print(f"tenantry: error: {message}", file=sys.stderr)
