"""What the tests of every domain share: principals and contexts, time, committed units of work,
members and tokens, tenant settings, and a GraphQL client. A domain's own rows are written by
that domain's support module (tests/resolvers/<domain>/support.py)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, func, select

from tenantry.auth.passwords import hash_password
from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.clock import Clock
from tenantry.core.context import Ctx
from tenantry.models.event import DomainEvent
from tenantry.models.member import Member
from tenantry.models.tenant import ApiKeyKind, StaffRole, Tenant
from tenantry.resolvers import members as member_accounts
from tenantry.resolvers.sessions import SessionKind, issue_tokens
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture

T = TypeVar("T")

# Principals and contexts

SECRET_KEY_PRINCIPAL = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET)


def staff_principal(staff_id: int, role: StaffRole = StaffRole.ADMIN) -> Principal:
    return Principal(kind=PrincipalKind.STAFF, staff_id=staff_id, staff_role=role)


def member_principal(member_id: int | None) -> Principal:
    return Principal(kind=PrincipalKind.MEMBER, member_id=member_id)


def make_ctx(
    services: Services,
    tenant: TenantFixture,
    principal: Principal | None = None,
    clock: Clock | None = None,
) -> Ctx:
    return Ctx(
        tenant=tenant.info,
        settings=services.settings,
        principal=principal or Principal(),
        clock=clock or services.clock,
    )


def member_ctx(services: Services, tenant: TenantFixture, member_id: int | None) -> Ctx:
    return make_ctx(services, tenant, member_principal(member_id))


def guest_ctx(services: Services, tenant: TenantFixture) -> Ctx:
    return make_ctx(services, tenant)


# Time


@dataclass
class FixedClock:
    moment: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@contextmanager
def frozen_clock(services: Services) -> Iterator[FixedClock]:
    """Makes the app read the time from a FixedClock for the duration of the block."""
    clock = FixedClock()
    original = services.clock
    services.clock = clock
    try:
        yield clock
    finally:
        services.clock = original


def iso(value: datetime | None) -> str | None:
    """A time as the API writes it: UTC, with a Z."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


# Units of work, each committed


async def run(
    services: Services, tenant: TenantFixture, call: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    async with services.db.unit(tenant.id) as uow:
        result = await call(uow.session)
        await uow.commit()
    return result


async def add(services: Services, tenant: TenantFixture, *rows: Any) -> None:
    async with services.db.unit(tenant.id) as uow:
        uow.session.add_all(rows)
        await uow.commit()


async def count(services: Services, tenant: TenantFixture, model: Any) -> int:
    async with services.db.unit(tenant.id) as uow:
        total = await uow.session.scalar(select(func.count()).select_from(model))
    return int(total or 0)


async def events_of(
    services: Services, tenant: TenantFixture, object_type: str, object_id: int | None
) -> list[DomainEvent]:
    async with services.db.unit(tenant.id) as uow:
        return list(
            await uow.session.scalars(
                select(DomainEvent)
                .where(
                    col(DomainEvent.object_type) == object_type,
                    col(DomainEvent.object_id) == object_id,
                )
                .order_by(col(DomainEvent.id))
            )
        )


async def set_tenant_settings(services: Services, tenant: TenantFixture, **values: Any) -> None:
    async with services.db.unit(None) as uow:
        row = await uow.session.scalar(select(Tenant).where(col(Tenant.id) == tenant.id))
        assert row is not None
        row.settings = dict(values)
        await uow.commit()
    services.directory.invalidate()


# Members

PASSWORD = "correct-horse-42"
_HASH: dict[str, str] = {}


def new_email(prefix: str = "member") -> str:
    return f"{prefix}-{secrets.token_hex(4)}@example.com"


async def members(services: Services, tenant: TenantFixture, count: int = 1) -> list[int]:
    """Members inserted with one precomputed hash: Argon2 per member would take seconds."""
    if "hash" not in _HASH:
        _HASH["hash"] = await hash_password(PASSWORD)
    rows = [
        Member(email=f"m-{secrets.token_hex(5)}@example.com", password_hash=_HASH["hash"])
        for _ in range(count)
    ]
    await add(services, tenant, *rows)
    return [row.id for row in rows if row.id is not None]


async def create_member(
    services: Services,
    tenant: TenantFixture,
    *,
    email: str | None = None,
    password: str = PASSWORD,
    name: str = "",
    phone: str | None = None,
) -> Member:
    """A member signed up through the members resolver, as registration does."""
    data = member_accounts.RegisterIn(
        email=email or new_email(), password=password, name=name, phone=phone
    )
    async with services.db.unit(tenant.id) as uow:
        member = await member_accounts.register_member(
            uow.session, ctx=make_ctx(services, tenant), data=data
        )
        await uow.commit()
    return member


async def load_member(services: Services, tenant: TenantFixture, member_id: int) -> Member:
    async with services.db.unit(tenant.id) as uow:
        member = await uow.session.get(Member, member_id)
    assert member is not None
    return member


# Tokens and headers


async def member_token(services: Services, tenant: TenantFixture, member_id: int) -> str:
    return await _access_token(services, tenant, SessionKind.MEMBER, member_id)


async def staff_token(services: Services, tenant: TenantFixture, staff_id: int) -> str:
    """A staff access token, minted the way a staff login does."""
    return await _access_token(services, tenant, SessionKind.STAFF, staff_id)


async def _access_token(
    services: Services, tenant: TenantFixture, kind: SessionKind, subject_id: int
) -> str:
    async with services.db.unit(tenant.id) as uow:
        tokens = await issue_tokens(
            uow.session, ctx=make_ctx(services, tenant), kind=kind, subject_id=subject_id
        )
        await uow.commit()
    return tokens.access_token


def bearer(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


async def member_headers(services: Services, tenant: TenantFixture) -> tuple[int, dict[str, str]]:
    """A new member and the headers that authenticate it."""
    [member_id] = await members(services, tenant)
    return member_id, bearer(await member_token(services, tenant, member_id))


async def staff_headers(
    services: Services, factory: Factory, tenant: TenantFixture, role: StaffRole = StaffRole.AGENT
) -> tuple[int, dict[str, str]]:
    """A new staff member and the headers that authenticate them."""
    staff_id, _ = await factory.staff(tenant, role=role)
    return staff_id, bearer(await staff_token(services, tenant, staff_id))


# GraphQL


async def graphql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    tenant: str | None = None,
    bearer: str | None = None,
    api_key: str | None = None,
) -> dict[str, Any]:
    """Posts an operation to /graphql; tenant is a slug, sent as X-Tenant."""
    headers = {}
    if tenant:
        headers["X-Tenant"] = tenant
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    if api_key:
        headers["X-API-Key"] = api_key
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    return without_cost(response.json())


def without_cost(body: dict[str, Any]) -> dict[str, Any]:
    """The answer without extensions.cost, which every operation that ran must report (its
    own tests are in tests/schema/test_limits.py)."""
    reported = body.pop("extensions", None)
    if body.get("data") is not None:
        assert reported is not None, body
    if reported is not None:
        assert set(reported) == {"cost"}, reported
        assert 0 < reported["cost"]["requested"] <= reported["cost"]["budget"], reported
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors") or []]


def error_of(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The message and extensions of the only error in a GraphQL answer."""
    [error] = body["errors"]
    return error["message"], error["extensions"]
