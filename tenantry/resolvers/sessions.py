"""Login sessions: access/refresh token pairs, rotation with reuse detection, revocation.

Every refresh token is recorded by its jti; tokens rotated from one login share a family.
Using a refresh token marks it used with a conditional UPDATE, so of two racing uses exactly
one wins; presenting a used or revoked token again revokes its whole family.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.secrets import new_token
from tenantry.auth.tokens import (
    InvalidToken,
    TokenClaims,
    TokenType,
    decode_token,
    encode_token,
)
from tenantry.core.context import Ctx
from tenantry.core.errors import Unauthenticated
from tenantry.models.member import RefreshToken, RevokedAccessToken, TokenAudience


class SessionKind(StrEnum):
    MEMBER = "member"  # dialect A and GraphQL members
    SHOP = "shop"  # dialect C shop users (the same member accounts, other token types)
    STAFF = "staff"


_TYPES = {
    SessionKind.MEMBER: (TokenType.ACCESS, TokenType.REFRESH),
    SessionKind.SHOP: (TokenType.SHOP_ACCESS, TokenType.SHOP_REFRESH),
    SessionKind.STAFF: (TokenType.STAFF_ACCESS, TokenType.STAFF_REFRESH),
}
_AUDIENCE = {
    SessionKind.MEMBER: TokenAudience.MEMBER,
    SessionKind.SHOP: TokenAudience.MEMBER,
    SessionKind.STAFF: TokenAudience.STAFF,
}

INVALID_REFRESH = "Invalid or expired refresh token."


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    family: str
    token_type: str = "Bearer"


async def issue_tokens(
    session: AsyncSession,
    *,
    ctx: Ctx,
    kind: SessionKind,
    subject_id: int,
    family: str | None = None,
) -> IssuedTokens:
    access_type, refresh_type = _TYPES[kind]
    family = family or new_token(16)
    now = ctx.now()
    settings = ctx.settings
    access, _ = encode_token(
        secret=settings.secret_key,
        type_=access_type,
        subject_id=subject_id,
        tenant_id=ctx.tenant.id,
        family=family,
        now=now,
        ttl=settings.access_token_ttl,
    )
    refresh, claims = encode_token(
        secret=settings.secret_key,
        type_=refresh_type,
        subject_id=subject_id,
        tenant_id=ctx.tenant.id,
        family=family,
        now=now,
        ttl=settings.refresh_token_ttl,
    )
    session.add(
        RefreshToken(
            jti=claims.jti,
            family=family,
            audience=_AUDIENCE[kind],
            subject_id=subject_id,
            expires_at=claims.expires_at,
        )
    )
    await session.flush()
    return IssuedTokens(
        access_token=access,
        refresh_token=refresh,
        expires_in=settings.access_token_ttl,
        refresh_expires_in=settings.refresh_token_ttl,
        family=family,
    )


def issue_session_cookie(ctx: Ctx, *, subject_id: int, family: str) -> str:
    """A shop session cookie value: a revocable token living as long as a refresh token."""
    token, _ = encode_token(
        secret=ctx.settings.secret_key,
        type_=TokenType.SHOP_SESSION,
        subject_id=subject_id,
        tenant_id=ctx.tenant.id,
        family=family,
        now=ctx.now(),
        ttl=ctx.settings.refresh_token_ttl,
    )
    return token


async def rotate_refresh_token(
    session: AsyncSession, *, ctx: Ctx, kind: SessionKind, refresh_token: str
) -> tuple[int, IssuedTokens]:
    """Spends refresh_token and returns (subject id, a new pair in the same family)."""
    now = ctx.now()
    try:
        claims = decode_token(refresh_token, secret=ctx.settings.secret_key, now=now)
    except InvalidToken:
        raise Unauthenticated(INVALID_REFRESH, code="invalid_refresh_token") from None
    if claims.type is not _TYPES[kind][1] or claims.tenant_id != ctx.tenant.id:
        raise Unauthenticated(INVALID_REFRESH, code="invalid_refresh_token")
    spent = await session.execute(
        update(RefreshToken)
        .where(
            col(RefreshToken.jti) == claims.jti,
            col(RefreshToken.used_at).is_(None),
            col(RefreshToken.revoked_at).is_(None),
            col(RefreshToken.expires_at) > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(spent, CursorResult)
    if spent.rowcount != 1:
        known = await session.scalar(
            select(RefreshToken.family).where(col(RefreshToken.jti) == claims.jti)
        )
        if known is None:
            raise Unauthenticated(INVALID_REFRESH, code="invalid_refresh_token")
        await revoke_family(session, ctx=ctx, family=known)
        raise Unauthenticated(
            "Refresh token reuse detected; the session has been revoked.",
            code="refresh_token_reused",
            keep_changes=True,
        )
    tokens = await issue_tokens(
        session, ctx=ctx, kind=kind, subject_id=claims.subject_id, family=claims.family
    )
    return claims.subject_id, tokens


async def revoke_family(session: AsyncSession, *, ctx: Ctx, family: str) -> None:
    await session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.family) == family, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=ctx.now())
        .execution_options(synchronize_session=False)
    )


async def revoke_access_token(session: AsyncSession, *, ctx: Ctx, claims: TokenClaims) -> None:
    """Logout: the access token stops working at once, and its refresh family with it."""
    exists = await session.scalar(
        select(RevokedAccessToken.id).where(col(RevokedAccessToken.jti) == claims.jti)
    )
    if exists is None:
        session.add(RevokedAccessToken(jti=claims.jti, expires_at=claims.expires_at))
    if claims.family:
        await revoke_family(session, ctx=ctx, family=claims.family)
    await session.flush()
