"""Helpers for the shop auth tests: sign-ups, logins and hand-made tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from tenantry.auth.tokens import TokenType, encode_token
from tenantry.core.context import Ctx
from tenantry.resolvers import members
from tenantry.resolvers.sessions import IssuedTokens, SessionKind, issue_tokens
from tenantry.serving.services import Services
from tests.conftest import TenantFixture

PASSWORD = "correct-horse-9"
AUTH = "/api/shop_auth"


class IsA:
    """Equal to any value of the given type, for exact envelopes with generated values."""

    def __init__(self, kind: type) -> None:
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.kind) and not isinstance(other, bool)

    def __repr__(self) -> str:
        return f"IsA({self.kind.__name__})"


TOKENS = {
    "access_token": IsA(str),
    "refresh_token": IsA(str),
    "token_type": "Bearer",
    "expires_in": 3600,
}


@dataclass
class ShopUser:
    id: int
    email: str
    access_token: str
    refresh_token: str


def new_email() -> str:
    return f"user-{secrets.token_hex(4)}@example.com"


def host(tenant: TenantFixture) -> dict[str, str]:
    return {"Host": tenant.host}


def bearer(tenant: TenantFixture, token: str) -> dict[str, str]:
    return {"Host": tenant.host, "Authorization": f"Bearer {token}"}


def session_cookie(tenant: TenantFixture, value: str) -> dict[str, str]:
    return {"Host": tenant.host, "Cookie": f"_session_id={value}"}


async def register(
    client: httpx.AsyncClient, tenant: TenantFixture, *, email: str | None = None, name: str = ""
) -> ShopUser:
    email = email or new_email()
    response = await client.post(
        f"{AUTH}/register",
        json={"email": email, "password": PASSWORD, "name": name},
        headers=host(tenant),
    )
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return ShopUser(
        id=data["user"]["id"],
        email=email,
        access_token=data["tokens"]["access_token"],
        refresh_token=data["tokens"]["refresh_token"],
    )


async def login(
    client: httpx.AsyncClient, tenant: TenantFixture, email: str, password: str = PASSWORD
) -> httpx.Response:
    """Logs in and leaves the client's cookie jar empty, so each test sends cookies by hand."""
    response = await client.post(
        f"{AUTH}/login", json={"email": email, "password": password}, headers=host(tenant)
    )
    client.cookies.clear()
    return response


def ctx_for(services: Services, tenant: TenantFixture) -> Ctx:
    return Ctx(tenant=tenant.info, settings=services.settings, clock=services.clock)


async def member_tokens(
    services: Services, tenant: TenantFixture, *, kind: SessionKind = SessionKind.MEMBER
) -> tuple[int, IssuedTokens]:
    """A member with a token pair of the given kind, made without going through HTTP."""
    ctx = ctx_for(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        member = await members.register_member(
            uow.session,
            ctx=ctx,
            data=members.RegisterIn(email=new_email(), password=PASSWORD),
        )
        assert member.id is not None
        tokens = await issue_tokens(uow.session, ctx=ctx, kind=kind, subject_id=member.id)
        await uow.commit()
    return member.id, tokens


def forge(
    services: Services,
    tenant: TenantFixture,
    *,
    subject_id: int,
    type_: TokenType = TokenType.SHOP_ACCESS,
    now: datetime | None = None,
    ttl: int = 3600,
    secret: str | None = None,
) -> str:
    token, _ = encode_token(
        secret=secret or services.settings.secret_key,
        type_=type_,
        subject_id=subject_id,
        tenant_id=tenant.id,
        family=secrets.token_hex(8),
        now=now or services.clock.now(),
        ttl=ttl,
    )
    return token
