"""Builds an app and a migrated database per backend; every test runs on SQLite and PostgreSQL.

Tests isolate themselves by creating their own tenants (random slugs), so the database is
migrated once per run and never truncated.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import event

from tenantry.app import create_app
from tenantry.config import Settings
from tenantry.core.context import TenantInfo
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine
from tenantry.models.tenant import ApiKeyKind, Plan, StaffRole
from tenantry.resolvers import tenants
from tenantry.serving.services import Services

PG_ADMIN_DSN = os.environ.get("TENANTRY_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TENANTRY_TEST_REDIS", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# CI draws the same examples every run: a red build is then the change's doing, never the dice's.
# Locally every run explores new ones.
hypothesis_settings.register_profile("ci", derandomize=True)
if IN_CI:
    hypothesis_settings.load_profile("ci")

# Fixtures a few domains share across test packages: Stripe's emulator and an app pointed at it,
# the fake Toss server.
pytest_plugins = [
    "tests.resolvers.payments.stripe_support",
    "tests.resolvers.payments.toss_support",
    "tests.resolvers.reservations.clock",
    "tests.resolvers.social.support",
]


async def _postgres_available() -> bool:
    try:
        conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=3)
    except (OSError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True


def require_service(name: str, available: bool) -> None:
    if available:
        return
    if IN_CI:
        pytest.fail(f"{name} is required in CI but is not reachable")
    pytest.skip(f"{name} is not running here; CI runs these tests")


@pytest.fixture(scope="session")
async def postgres_url() -> AsyncIterator[str]:
    require_service("PostgreSQL", await _postgres_available())
    name = f"tenantry_test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].split("://", 1)[1]
    yield f"postgresql+asyncpg://{base}/{name}"
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("db") / "tenantry.db"
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(backend: str, request: pytest.FixtureRequest) -> str:
    if backend == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(request.getfixturevalue("sqlite_url"))


def make_settings(database_url: str, tmp: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "broadcast_url": "memory://",
        "secret_key": "test-secret-key-0123456789abcdef0123456789",
        "tenant_cache_seconds": 0,
        "media_root": tmp / "media",
        "agent_allow_private_endpoints": True,  # the fake model servers listen on 127.0.0.1
        "webhook_allow_private_endpoints": True,  # and so do the webhook receivers
        "oauth_allow_private_endpoints": True,  # and the fake OAuth provider
        # Webhook tests run the worker themselves: a background one would add its statements to
        # the counts other tests assert.
        "webhook_worker_in_process": False,
        # Every test client is 127.0.0.1: the fan-out tests open hundreds of sockets from it.
        # tests/schema/test_sockets.py holds the per-client cap with a server of its own.
        "ws_max_per_client": 1000,
        **overrides,
    }
    return Settings(**values)


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(database_url, tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="session")
async def services(settings: Settings) -> AsyncIterator[Services]:
    db = Database.from_settings(settings)
    await upgrade_engine(db.engine)
    yield Services.from_settings(settings, db=db)
    await db.dispose()


@pytest.fixture(scope="session")
async def app(services: Services) -> AsyncIterator[Any]:
    application = create_app(services.settings, services=services)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@dataclass
class TenantFixture:
    info: TenantInfo
    publishable_key: str
    secret_key: str
    host: str

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def slug(self) -> str:
        return self.info.slug


class Factory:
    """Rows for tests, written through the same domain functions the app uses."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def tenant(
        self,
        *,
        currency: str = "USD",
        plan: Plan = Plan.STARTER,
        name: str | None = None,
    ) -> TenantFixture:
        slug = f"t-{secrets.token_hex(5)}"
        host = f"{slug}.shops.test"
        async with self.services.db.unit(None) as uow:
            tenant = await tenants.create_tenant(
                uow.session,
                data=tenants.TenantIn(
                    slug=slug,
                    name=name or f"Shop {slug}",
                    domains=(host,),
                    currency=currency,
                    plan=plan,
                ),
            )
            assert tenant.id is not None
            _, pk = await tenants.create_api_key(
                uow.session, tenant_id=tenant.id, kind=ApiKeyKind.PUBLISHABLE
            )
            _, sk = await tenants.create_api_key(
                uow.session, tenant_id=tenant.id, kind=ApiKeyKind.SECRET
            )
            info = TenantInfo.from_model(tenant)
            await uow.commit()
        return TenantFixture(info=info, publishable_key=pk, secret_key=sk, host=host)

    async def staff(
        self,
        tenant: TenantFixture,
        *,
        role: StaffRole = StaffRole.ADMIN,
        password: str = "staff-pass-123",
    ) -> tuple[int, str]:
        email = f"staff-{secrets.token_hex(4)}@example.com"
        async with self.services.db.unit(None) as uow:
            staff = await tenants.create_staff(
                uow.session, tenant_id=tenant.id, email=email, password=password, role=role
            )
            await uow.commit()
        assert staff.id is not None
        return staff.id, email


@pytest.fixture
def factory(services: Services) -> Factory:
    return Factory(services)


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()


@pytest.fixture
def count_queries(services: Services) -> Iterator[StatementCounter]:
    """Counts the SQL statements the app sends while the test runs."""
    counter = StatementCounter()
    engine = services.db.engine.sync_engine

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            counter.statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    yield counter
    event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
async def live_server(app: Any) -> AsyncIterator[Any]:
    """The test app served by a real uvicorn on 127.0.0.1 for the length of one test."""
    from tests.live import serve

    async with serve(app) as server:
        yield server
