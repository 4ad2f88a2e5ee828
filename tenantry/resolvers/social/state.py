"""The `state` of an authorization request: `<key>.<signature>`, the signature an HMAC (app
secret) over the tenant, the provider and the key, so a state made up or carried to another
tenant or provider is refused before the database is asked. The row behind the key holds the
redirect URI, the PKCE verifier and the nonce; it is spent once, by a conditional UPDATE, and
lapses after ten minutes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import CursorResult, delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import BadRequest
from tenantry.models.social import SocialState

STATE_TTL = timedelta(minutes=10)
# Spent and lapsed rows are deleted this long after they lapse.
KEEP_SPENT = timedelta(days=1)


@dataclass(frozen=True)
class Started:
    state: str
    code_challenge: str
    nonce: str


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _signature(ctx: Ctx, provider: str, key: str) -> str:
    message = f"social-state\x00{ctx.tenant.id}\x00{provider}\x00{key}".encode()
    return _b64(hmac.new(ctx.settings.secret_key.encode(), message, hashlib.sha256).digest())


def code_challenge(verifier: str) -> str:
    return _b64(hashlib.sha256(verifier.encode("ascii")).digest())


def state_error(message: str, *, code: str) -> BadRequest:
    return BadRequest(message, code=code, param="state")


async def open_state(
    session: AsyncSession, *, ctx: Ctx, provider: str, redirect_uri: str, member_id: int | None
) -> Started:
    now = ctx.now()
    await session.execute(
        delete(SocialState)
        .where(col(SocialState.expires_at) < now - KEEP_SPENT)
        .execution_options(synchronize_session=False)
    )
    key, verifier, nonce = (
        secrets.token_urlsafe(24),
        secrets.token_urlsafe(48),
        secrets.token_urlsafe(16),
    )
    session.add(
        SocialState(
            key=key,
            provider=provider,
            redirect_uri=redirect_uri,
            code_verifier=verifier,
            nonce=nonce,
            member_id=member_id,
            expires_at=now + STATE_TTL,
        )
    )
    await session.flush()
    return Started(f"{key}.{_signature(ctx, provider, key)}", code_challenge(verifier), nonce)


async def spend_state(session: AsyncSession, *, ctx: Ctx, provider: str, state: str) -> SocialState:
    """The state's row, now spent; of any number of concurrent spends exactly one gets it."""
    key, _, signature = state.partition(".")
    expected = _signature(ctx, provider, key).encode()
    # Bytes: compare_digest refuses str with non-ASCII characters, which a client may send.
    if not key or not hmac.compare_digest(signature.encode(), expected):
        raise state_error("The state is invalid.", code="invalid_state")
    now = ctx.now()
    spent = await session.execute(
        update(SocialState)
        .where(
            col(SocialState.key) == key,
            col(SocialState.provider) == provider,
            col(SocialState.used_at).is_(None),
            col(SocialState.expires_at) > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(spent, CursorResult)
    row = await session.scalar(
        select(SocialState)
        .where(col(SocialState.key) == key)
        .execution_options(populate_existing=True)
    )
    if spent.rowcount == 1 and row is not None:
        return row
    if row is None or row.provider != provider:
        raise state_error("The state is invalid.", code="invalid_state")
    if row.used_at is not None:
        raise state_error("The state has already been used.", code="state_used")
    raise state_error("The state has expired; start the sign-in again.", code="state_expired")
