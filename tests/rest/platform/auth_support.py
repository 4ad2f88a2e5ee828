"""Helpers shared by the member-auth tests: a settable clock, contexts, members, tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tenantry.auth.principal import ANONYMOUS, Principal
from tenantry.clock import Clock
from tenantry.core.context import Ctx
from tenantry.models.member import Member
from tenantry.resolvers import members
from tenantry.serving.services import Services
from tests.conftest import TenantFixture

PASSWORD = "correct-horse-42"


@dataclass
class FixedClock:
    moment: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


def new_email(prefix: str = "member") -> str:
    return f"{prefix}-{secrets.token_hex(4)}@example.com"


def ctx_for(
    services: Services,
    tenant: TenantFixture,
    *,
    clock: Clock | None = None,
    principal: Principal = ANONYMOUS,
) -> Ctx:
    return Ctx(
        tenant=tenant.info,
        settings=services.settings,
        principal=principal,
        clock=clock or services.clock,
    )


async def create_member(
    services: Services,
    tenant: TenantFixture,
    *,
    email: str | None = None,
    password: str = PASSWORD,
    name: str = "",
    phone: str | None = None,
) -> Member:
    data = members.RegisterIn(email=email or new_email(), password=password, name=name, phone=phone)
    async with services.db.unit(tenant.id) as uow:
        member = await members.register_member(
            uow.session, ctx=ctx_for(services, tenant), data=data
        )
        await uow.commit()
    return member


async def load_member(services: Services, tenant: TenantFixture, member_id: int) -> Member:
    async with services.db.unit(tenant.id) as uow:
        member = await uow.session.get(Member, member_id)
    assert member is not None
    return member


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def register(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    *,
    email: str | None = None,
    password: str = PASSWORD,
    **extra: Any,
) -> dict[str, Any]:
    """Signs a member up through dialect A and returns the response's data."""
    response = await client.post(
        f"/api/{tenant.slug}/auth/register",
        json={"email": email or new_email(), "password": password, **extra},
    )
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


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


async def graphql(
    client: httpx.AsyncClient,
    tenant: TenantFixture | None,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
) -> dict[str, Any]:
    """Posts an operation to /graphql, naming the tenant by X-Tenant when one is given."""
    headers = bearer(token) if token else {}
    if tenant is not None:
        headers["X-Tenant"] = tenant.slug
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_of(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The message and extensions of the only error in a GraphQL answer."""
    [error] = body["errors"]
    return error["message"], error["extensions"]
