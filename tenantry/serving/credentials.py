"""Turning a request's credentials into the principal acting in one tenant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import false
from sqlmodel import col, select

from tenantry.auth.api_keys import looks_like_api_key
from tenantry.auth.principal import ANONYMOUS, Principal, PrincipalKind
from tenantry.auth.tokens import InvalidToken, TokenClaims, TokenType, decode_token
from tenantry.config import Settings
from tenantry.core.context import TenantInfo
from tenantry.core.errors import Unauthenticated
from tenantry.db.database import Database
from tenantry.models.member import RefreshToken, RevokedAccessToken
from tenantry.models.tenant import Staff, StaffRole
from tenantry.serving.dialects import Dialect
from tenantry.serving.hygiene import text_problem
from tenantry.serving.tenancy import TenantDirectory

SESSION_COOKIE = "_session_id"
VISITOR_COOKIE = "visitor_id"


def session_cookie_options(settings: Settings) -> dict[str, Any]:
    """How the session cookie is set and cleared. Strict: the browser sends it only with
    requests the shop's own site makes (see docs/decisions.md, 112)."""
    return {
        "path": "/",
        "httponly": True,
        "samesite": "strict",
        "secure": settings.public_url.startswith("https"),
    }


@dataclass(frozen=True)
class Credentials:
    bearer: str | None = None
    api_key: str | None = None
    session: str | None = None
    visitor_id: str | None = None

    @classmethod
    def from_http(cls, headers: Mapping[str, str], cookies: Mapping[str, str]) -> Credentials:
        authorization = headers.get("authorization", "")
        scheme, _, value = authorization.partition(" ")
        return cls(
            bearer=value.strip() or None if scheme.lower() == "bearer" else None,
            api_key=headers.get("x-api-key") or None,
            session=cookies.get(SESSION_COOKIE) or None,
            visitor_id=_storable(cookies.get(VISITOR_COOKIE)),
        )

    @property
    def any_key(self) -> str | None:
        """An API key given either way, for finding the tenant from the key."""
        if self.bearer and looks_like_api_key(self.bearer):
            return self.bearer
        return self.api_key


# Each API accepts its own token types: dialect C's shop tokens and session cookie stay in
# dialect C, dialect A's member tokens in dialect A; GraphQL, the API every frontend may use,
# takes the bearer tokens of both. The session cookie is read only by dialect C.
ACCEPTED_TOKENS: dict[Dialect, frozenset[TokenType]] = {
    Dialect.PLATFORM: frozenset({TokenType.ACCESS, TokenType.STAFF_ACCESS}),
    Dialect.SHOP: frozenset({TokenType.SHOP_ACCESS, TokenType.SHOP_SESSION}),
    Dialect.GRAPHQL: frozenset({TokenType.ACCESS, TokenType.SHOP_ACCESS, TokenType.STAFF_ACCESS}),
    Dialect.COMMERCE: frozenset(),
    Dialect.NONE: frozenset(),
}


class PrincipalResolver:
    def __init__(self, db: Database, directory: TenantDirectory, *, secret: str) -> None:
        self._db = db
        self._directory = directory
        self._secret = secret

    async def resolve(
        self, tenant: TenantInfo, creds: Credentials, *, now: datetime, dialect: Dialect
    ) -> Principal:
        accepted = ACCEPTED_TOKENS[dialect]
        principal = ANONYMOUS
        if creds.bearer:
            principal = await self._from_bearer(tenant, creds.bearer, now=now, accepted=accepted)
        elif creds.session and TokenType.SHOP_SESSION in accepted:
            principal = await self._from_jwt(
                tenant, creds.session, now=now, accepted=accepted, cookie=True
            )
        if creds.api_key and principal.kind is PrincipalKind.ANONYMOUS:
            principal = await self._from_key(tenant, creds.api_key)
        if creds.visitor_id:
            principal = _with_visitor(principal, creds.visitor_id)
        return principal

    async def _from_bearer(
        self, tenant: TenantInfo, token: str, *, now: datetime, accepted: frozenset[TokenType]
    ) -> Principal:
        if looks_like_api_key(token):
            return await self._from_key(tenant, token)
        return await self._from_jwt(tenant, token, now=now, accepted=accepted)

    async def _from_key(self, tenant: TenantInfo, key: str) -> Principal:
        found = await self._directory.by_api_key(key)
        if found is None or found[0].id != tenant.id:
            raise Unauthenticated("Invalid API key.", code="invalid_api_key")
        info = found[1]
        return Principal(
            kind=PrincipalKind.API_KEY, key_kind=info.kind, key_id=info.id, plan=info.plan
        )

    async def _from_jwt(
        self,
        tenant: TenantInfo,
        token: str,
        *,
        now: datetime,
        accepted: frozenset[TokenType],
        cookie: bool = False,
    ) -> Principal:
        try:
            claims = decode_token(token, secret=self._secret, now=now)
        except InvalidToken:
            raise Unauthenticated("Invalid or expired token.", code="invalid_token") from None
        if claims.tenant_id != tenant.id or claims.type not in accepted:
            raise Unauthenticated("Invalid or expired token.", code="invalid_token")
        if cookie != (claims.type is TokenType.SHOP_SESSION):
            raise Unauthenticated("Invalid or expired token.", code="invalid_token")
        if await self._is_revoked(tenant.id, claims):
            raise Unauthenticated("Token has been revoked.", code="token_revoked")
        if claims.type is TokenType.STAFF_ACCESS:
            role = await self._staff_role(tenant.id, claims.subject_id)
            return Principal(
                kind=PrincipalKind.STAFF, staff_id=claims.subject_id, staff_role=role, token=claims
            )
        return Principal(
            kind=PrincipalKind.MEMBER,
            member_id=claims.subject_id,
            token=claims,
            via_session_cookie=cookie,
        )

    async def _is_revoked(self, tenant_id: int, claims: TokenClaims) -> bool:
        """Revoked by logout (its jti), or with its session: a refresh token of its family was
        revoked (logout, reuse detected, password changed or reset). One statement."""
        revoked = select(RevokedAccessToken.id).where(col(RevokedAccessToken.jti) == claims.jti)
        family = select(RefreshToken.id).where(
            col(RefreshToken.family) == claims.family,
            col(RefreshToken.revoked_at).is_not(None),
        )
        found = select(revoked.exists() | (family.exists() if claims.family else false()))
        async with self._db.unit(tenant_id) as uow:
            hit = await uow.session.scalar(found)
        return bool(hit)

    async def _staff_role(self, tenant_id: int, staff_id: int) -> StaffRole:
        async with self._db.unit(tenant_id) as uow:
            row = await uow.session.execute(
                select(Staff.role, Staff.is_active).where(col(Staff.id) == staff_id)
            )
            found = row.first()
        if found is None or not found.is_active:
            raise Unauthenticated("Invalid or expired token.", code="invalid_token")
        return StaffRole(found.role)


def _storable(value: str | None) -> str | None:
    """A visitor id is stored as text: one no column could hold (a cookie may carry a NUL as
    the octal escape \\000) names no visitor."""
    return value if value and text_problem(value) is None else None


def _with_visitor(principal: Principal, visitor_id: str) -> Principal:
    from dataclasses import replace

    return replace(principal, visitor_id=visitor_id[:64])
