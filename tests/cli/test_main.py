"""The `tenantry` command, run in-process against a fresh SQLite database per test."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import col, select

from tenantry import __version__, cli
from tenantry.cli import demo
from tenantry.cli.main import build_parser
from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.models.blog import BlogPost
from tenantry.models.tenant import ApiKeyKind, Staff, StaffRole, Tenant
from tenantry.serving.tenancy import KeyInfo, TenantDirectory
from tests.support import without_cost


@pytest.fixture(autouse=True)
def process_logging() -> Iterator[None]:
    """serve configures the process's logging; put back pytest's after each test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers, root.level = handlers, level


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TENANTRY_DATABASE_URL", url)
    monkeypatch.setenv("TENANTRY_ENVIRONMENT", "test")
    monkeypatch.setenv("TENANTRY_BROADCAST_URL", "memory://")
    return url


@pytest.fixture
def migrated(database_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["migrate"]) == 0
    capsys.readouterr()
    return database_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def create_tenant(capsys: pytest.CaptureFixture[str], slug: str = "acme") -> dict[str, Any]:
    code, out, err = run(capsys, "tenant", "create", slug, "--name", "Acme", "--json")
    assert code == 0, err
    created: dict[str, Any] = json.loads(out)
    return created


def lookup_key(url: str, key: str) -> KeyInfo | None:
    async def find() -> KeyInfo | None:
        db = Database.from_settings(Settings(database_url=url))
        try:
            found = await TenantDirectory(db, ttl=0).by_api_key(key)
        finally:
            await db.dispose()
        return found[1] if found else None

    return asyncio.run(find())


def scalar(url: str, statement: Any) -> Any:
    async def query() -> Any:
        db = Database.from_settings(Settings(database_url=url))
        try:
            async with db.unit(None) as uow:
                return await uow.session.scalar(statement)
        finally:
            await db.dispose()

    return asyncio.run(query())


def test_tenant_create_prints_the_tenant_and_working_keys(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # when
    code, out, _ = run(
        capsys,
        *("tenant", "create", "acme", "--name", "Acme Inc", "--domain", "Shop.Acme.test"),
        *("--domain", "acme.test", "--plan", "professional", "--currency", "krw", "--json"),
    )

    # then
    assert code == 0
    printed = json.loads(out)
    assert set(printed) == {"tenant", "publishable_key", "secret_key"}
    tenant = printed["tenant"]
    assert isinstance(tenant.pop("id"), int)
    assert tenant == {
        "slug": "acme",
        "name": "Acme Inc",
        "plan": "professional",
        "status": "active",
        "currency": "KRW",
        "domains": ["shop.acme.test", "acme.test"],
    }
    publishable = lookup_key(migrated, printed["publishable_key"])
    secret = lookup_key(migrated, printed["secret_key"])
    assert publishable is not None
    assert publishable.kind is ApiKeyKind.PUBLISHABLE
    assert secret is not None
    assert secret.kind is ApiKeyKind.SECRET


def test_tenant_create_rejects_a_duplicate_slug(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    create_tenant(capsys)

    code, out, err = run(capsys, "tenant", "create", "acme", "--name", "Other")

    assert code == 1
    assert out == ""
    assert "already exists" in err
    assert "Traceback" not in err


def test_tenant_create_rejects_an_invalid_slug(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "tenant", "create", "Not A Slug!", "--name", "X")

    assert code == 1
    assert "slug" in err
    assert scalar(migrated, select(func.count()).select_from(Tenant)) == 0


def test_suspend_and_activate(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    create_tenant(capsys)

    assert run(capsys, "tenant", "suspend", "acme")[0] == 0
    assert scalar(migrated, select(Tenant.status).where(col(Tenant.slug) == "acme")) == "suspended"
    assert run(capsys, "tenant", "activate", "acme")[0] == 0
    assert scalar(migrated, select(Tenant.status).where(col(Tenant.slug) == "acme")) == "active"


def test_suspend_of_an_unknown_tenant_fails(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "tenant", "suspend", "nobody")

    assert code == 1
    assert "not found" in err.lower()


def test_staff_create(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    create_tenant(capsys)

    code, out, _ = run(
        capsys,
        *("staff", "create", "--tenant", "acme", "--email", "Owner@Acme.example.com"),
        *("--password", "correct-horse", "--role", "owner", "--name", "Ada"),
    )

    assert code == 0
    assert "owner@acme.example.com" in out
    email = "owner@acme.example.com"
    role = scalar(migrated, select(Staff.role).where(col(Staff.email) == email))
    assert role == StaffRole.OWNER


def test_staff_create_refuses_an_address_staff_login_would_refuse(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    create_tenant(capsys)

    code, _, err = run(
        capsys,
        *("staff", "create", "--tenant", "acme", "--email", "owner@acme.test"),
        *("--password", "correct-horse", "--role", "owner"),
    )

    assert code == 1
    assert "email: The email field must be a valid email address." in err


def test_staff_create_with_a_short_password_fails(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    create_tenant(capsys)

    code, _, err = run(
        capsys,
        *("staff", "create", "--tenant", "acme", "--email", "a@acme.example.com"),
        *("--password", "short", "--role", "agent"),
    )

    assert code == 1
    assert "password" in err


def test_seed_demo_is_idempotent_and_rotates_its_keys(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    first = run(capsys, "seed-demo")
    posts_after_first = scalar(migrated, select(func.count()).select_from(BlogPost))
    assert posts_after_first == len(demo.POSTS)

    # when
    second = run(capsys, "seed-demo")

    # then
    assert first[0] == second[0] == 0
    assert scalar(migrated, select(func.count()).select_from(Tenant)) == 1
    assert scalar(migrated, select(func.count()).select_from(Staff)) == 1
    assert scalar(migrated, select(func.count()).select_from(BlogPost)) == posts_after_first
    first_keys, second_keys = _printed_keys(first[1]), _printed_keys(second[1])
    assert all(lookup_key(migrated, key) is None for key in first_keys)
    assert all(lookup_key(migrated, key) is not None for key in second_keys)
    assert "http://127.0.0.1:8000/graphql" in second[1]
    assert "http://127.0.0.1:8000/api/demo" in second[1]
    assert "demo@example.com" in second[1]


def test_seed_demo_prints_credentials_that_work(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    code, out, _ = run(capsys, "seed-demo")
    assert code == 0
    publishable = next(k for k in _printed_keys(out) if k.startswith("pk_"))

    # when
    answers = asyncio.run(_call_demo(migrated, publishable))

    # then
    viewer, posts, login = answers
    assert viewer == {"data": {"viewer": {"kind": "api_key", "tenantSlug": "demo"}}}
    assert posts["meta"]["total"] == sum(post.published for post in demo.POSTS)
    assert login["data"]["staffLogin"]["staff"] == {"email": demo.DEMO_EMAIL, "role": "OWNER"}


async def _call_demo(url: str, publishable: str) -> list[Any]:
    from tenantry.app import create_app

    app = create_app(Settings(database_url=url, broadcast_url="memory://"))
    staff_login = (
        "mutation($email: String!, $password: String!) {"
        " staffLogin(input: {email: $email, password: $password}) { staff { email role } } }"
    )
    credentials = {"email": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://localhost") as c,
    ):
        viewer = await c.post(
            "/graphql",
            json={"query": "{ viewer { kind tenantSlug } }"},
            headers={"X-API-Key": publishable},
        )
        posts = await c.get("/api/demo/blog")
        login = await c.post("/graphql", json={"query": staff_login, "variables": credentials})
    return [without_cost(viewer.json()), posts.json(), without_cost(login.json())]


def _printed_keys(output: str) -> list[str]:
    words = output.replace("'", " ").split()
    keys = [w for w in words if w.startswith(("pk_", "sk_")) and len(w) > 20]
    assert len(set(keys)) == 2, output
    return sorted(set(keys))


def test_seed_demo_refuses_production(
    migrated: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENANTRY_ENVIRONMENT", "production")

    code, _, err = run(capsys, "seed-demo")

    assert code == 1
    assert "production" in err


def test_export_schema_prints_the_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export-schema")

    assert code == 0
    assert "type Query" in out


def test_commands_before_migrate_fail_without_a_traceback(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "key", "list", "--tenant", "acme")

    assert code == 2
    assert "no database at" in err
    assert "tenantry migrate" in err
    assert "Traceback" not in err
    assert not Path(database_url.split(":///", 1)[1]).exists()


def test_serve_hands_the_app_factory_to_uvicorn(
    migrated: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setenv("TENANTRY_SECRET_KEY", "a-key-of-this-deployment-0123456789abcdef")

    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "9001", "--reload"]) == 0

    [(args, kwargs)] = calls
    assert args == ("tenantry.app:create_app",)
    assert kwargs["factory"] is True
    assert (kwargs["host"], kwargs["port"], kwargs["reload"]) == ("0.0.0.0", 9001, True)


def test_serve_refuses_production_with_the_development_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: pytest.fail("server started"))
    monkeypatch.setenv("TENANTRY_ENVIRONMENT", "production")
    monkeypatch.delenv("TENANTRY_SECRET_KEY", raising=False)

    code, _, err = run(capsys, "serve")

    assert code == 1
    assert "TENANTRY_SECRET_KEY" in err


@pytest.mark.parametrize("allowed", [False, True])
def test_serve_beyond_loopback_with_the_development_secret_needs_consent(
    migrated: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    allowed: bool,
) -> None:
    import uvicorn

    calls: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw["host"]))
    monkeypatch.delenv("TENANTRY_SECRET_KEY", raising=False)
    if allowed:
        monkeypatch.setenv("TENANTRY_ALLOW_DEV_SECRET", "true")

    code, _, err = run(capsys, "serve", "--host", "0.0.0.0")

    assert (code, calls) == ((0, ["0.0.0.0"]) if allowed else (1, []))
    assert ("warning:" in err) is allowed
    assert ("refusing to serve on 0.0.0.0" in err) is not allowed


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_serve_on_loopback_with_the_development_secret_warns(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    import uvicorn

    calls: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw["host"]))
    monkeypatch.delenv("TENANTRY_SECRET_KEY", raising=False)

    code, _, err = run(capsys, "serve", "--host", host)

    assert (code, calls) == (0, [host])
    assert "warning: the development TENANTRY_SECRET_KEY is in use" in err


def test_serve_refuses_a_database_behind_the_head_migration(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: pytest.fail("server started"))
    monkeypatch.setenv("TENANTRY_SECRET_KEY", "a-key-of-this-deployment-0123456789abcdef")
    Path(database_url.split(":///", 1)[1]).touch()  # a database file, never migrated

    code, _, err = run(capsys, "serve")

    assert code == 2
    assert err.strip().splitlines() == [
        "tenantry: error: refusing to serve: the database has never been migrated: "
        "run `tenantry migrate`."
    ]


def test_serve_answers_health_checks(migrated: str) -> None:
    port = _free_port()
    env = {**os.environ, "TENANTRY_DATABASE_URL": migrated}
    server = subprocess.Popen(
        [sys.executable, "-m", "tenantry", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        response = _poll(f"http://127.0.0.1:{port}/readyz", server, deadline=time.monotonic() + 30)
        assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "media": "ok"}
    finally:
        server.terminate()
        server.communicate(timeout=15)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _poll(url: str, server: subprocess.Popen[bytes], *, deadline: float) -> httpx.Response:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"server exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail("server did not answer in time")


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"tenantry {__version__}"


def _parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_every_option_of_every_command_is_described() -> None:
    undescribed = [
        f"{prog} {action.dest}"
        for prog, parser in _parsers(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction | argparse._HelpAction)
        and action.dest != "version"
        and not action.help
    ]

    assert undescribed == []
    serve = dict(_parsers(build_parser()))["tenantry serve"]
    assert "port to listen on (default: 8000)" in " ".join(serve.format_help().split())


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("sqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
        ("sqlite+aiosqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
    ],
)
def test_database_urls_other_tools_print_get_the_async_driver(given: str, used: str) -> None:
    assert Settings(database_url=given).database_url == used


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("TENANTRY_CORS_ORIGINS", "https://shop.example", "TENANTRY_CORS_ORIGINS must be JSON"),
        ("TENANTRY_DATABASE_URL", "mysql://x/y", "TENANTRY_DATABASE_URL: Value error, the "),
    ],
)
def test_a_configuration_mistake_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    said: str,
) -> None:
    monkeypatch.setenv(variable, value)

    code, _, err = run(capsys, "export-schema")

    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert said in err
