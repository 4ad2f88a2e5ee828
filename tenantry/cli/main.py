"""The `tenantry` command: serve, migrate, manage tenants, keys and staff, seed the demo."""

from __future__ import annotations

import argparse
import ipaddress
import re
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn
from pydantic import ValidationError
from pydantic_settings import SettingsError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from tenantry import __version__
from tenantry.cli.demo import describe as describe_demo
from tenantry.cli.demo import seed_demo
from tenantry.cli.keys import add_key_commands
from tenantry.cli.runner import CommandFailed, describe, fail, first_line, redact, run_db
from tenantry.cli.tenants import add_staff_commands, add_tenant_commands
from tenantry.cli.worker import add_worker_command
from tenantry.config import DEV_SECRET_KEY, Settings
from tenantry.core.errors import DomainError
from tenantry.db.migrate import behind_head, make_migration, upgrade
from tenantry.rest.api_docs import openapi_text
from tenantry.schema import export_sdl
from tenantry.serving.logs import configure_logging

Handler = Callable[[argparse.Namespace, Settings], int]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        settings = Settings()
    except SettingsError as exc:  # a value that had to be JSON and is not
        found = re.search(r'field "(\w+)"', str(exc))
        name = f"TENANTRY_{found.group(1).upper()}" if found else "a TENANTRY_ variable"
        fail(f'invalid settings: {name} must be JSON, e.g. ["https://shop.example.com"]')
        return 1
    except ValidationError as exc:
        problems = "; ".join(
            f"TENANTRY_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        fail(f"invalid settings: {problems}")
        return 1
    try:
        if args.command != "serve":  # serve checks its secret first, then the database
            _refuse_missing_database(args.command, settings)
        return handler(args, settings)
    except DomainError as exc:
        fail(describe(exc))
    except CommandFailed as exc:
        fail(str(exc))
        return exc.exit_code
    except (SQLAlchemyError, ConnectionError, TimeoutError, socket.gaierror) as exc:
        fail(
            f"database error: {first_line(exc)} (is {redact(settings.database_url)} "
            "reachable, and has `tenantry migrate` run?)"
        )
    except KeyboardInterrupt:
        return 130
    return 1


class DefaultsFormatter(argparse.HelpFormatter):
    """Help that names an option's default when it has a meaningful one."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if action.required or default in (None, False, "", [], argparse.SUPPRESS):
            return text
        return f"{text} (default: {default})"


class HelpfulParser(argparse.ArgumentParser):
    """Every command's options are listed with their defaults; subcommands inherit the class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DefaultsFormatter)
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = HelpfulParser(
        prog="tenantry", description="Multi-tenant headless backend: GraphQL and REST."
    )
    parser.add_argument("--version", action="version", version=f"tenantry {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the HTTP and WebSocket server")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument("--reload", action="store_true", help="restart on code changes")
    serve.set_defaults(handler=cmd_serve)

    commands.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(
        handler=cmd_migrate
    )
    make = commands.add_parser("make-migration", help="autogenerate a migration from the models")
    make.add_argument("message", help="what the migration changes, for its file name")
    make.set_defaults(handler=cmd_make_migration)

    add_tenant_commands(commands)
    add_key_commands(commands)
    add_staff_commands(commands)
    add_worker_command(commands)

    commands.add_parser("seed-demo", help="create or refresh the demo tenant").set_defaults(
        handler=cmd_seed_demo
    )
    commands.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(
        handler=cmd_export_schema
    )
    commands.add_parser(
        "export-openapi", help="print the REST layer's OpenAPI 3.1 document"
    ).set_defaults(handler=cmd_export_openapi)
    return parser


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    if settings.secret_key == DEV_SECRET_KEY:
        if settings.environment == "production":
            raise CommandFailed(
                "production needs its own TENANTRY_SECRET_KEY, not the development one."
            )
        if not _loopback(args.host) and not settings.allow_dev_secret:
            raise CommandFailed(
                f"refusing to serve on {args.host} with the development TENANTRY_SECRET_KEY: "
                "anyone who knows it can sign tokens. Set your own key, or "
                "TENANTRY_ALLOW_DEV_SECRET=true to accept that."
            )
        print(
            "warning: the development TENANTRY_SECRET_KEY is in use; anyone who knows it can "
            "sign tokens. Set your own before anyone else can reach this server.",
            file=sys.stderr,
        )
    _refuse_missing_database(args.command, settings)
    problem = run_db(settings, lambda db: behind_head(db.engine))
    if problem is not None:
        raise CommandFailed(f"refusing to serve: {problem}.", exit_code=2)
    configure_logging(fmt=settings.log_format, level=settings.log_level)
    uvicorn.run(
        "tenantry.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        reload=args.reload,
        proxy_headers=True,
        log_config=None,  # the process's logging is configure_logging's
        access_log=False,  # the app writes its own access lines, with the request id
    )
    return 0


# The commands that may make a new SQLite file; every other one needs the database to exist.
CREATES_DATABASE = frozenset({"migrate", "make-migration", "export-schema", "export-openapi"})


def _refuse_missing_database(command: str, settings: Settings) -> None:
    """A mistyped path or another working directory must not create an empty database."""
    url = make_url(settings.database_url)
    if command in CREATES_DATABASE or not url.drivername.startswith("sqlite"):
        return
    path = url.database or ""
    if path and path != ":memory:" and not Path(path).exists():
        raise CommandFailed(
            f"no database at {Path(path).resolve()}: run `tenantry migrate` first (from the "
            "directory you mean), or set TENANTRY_DATABASE_URL.",
            exit_code=2,
        )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    upgrade(settings)
    print(f"Database is up to date ({redact(settings.database_url)}).")
    return 0


def cmd_make_migration(args: argparse.Namespace, settings: Settings) -> int:
    make_migration(settings, args.message)
    return 0


def cmd_seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    if settings.environment == "production":
        raise CommandFailed("seed-demo refuses to run with TENANTRY_ENVIRONMENT=production.")
    seeded = run_db(settings, lambda db: seed_demo(db, settings))
    print(describe_demo(seeded, settings))
    return 0


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    sys.stdout.write(export_sdl())
    return 0


def cmd_export_openapi(args: argparse.Namespace, settings: Settings) -> int:
    sys.stdout.write(openapi_text())
    return 0
