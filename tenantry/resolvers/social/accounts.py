"""Signing in with a provider account, and linking and unlinking one.

A provider account (provider, subject) belongs to at most one member. The first sign-in creates
a member without a password; an existing member is linked by e-mail only when the provider says
the address is verified. A member keeps at least one way to sign in.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from pydantic import Field
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import BadRequest, Conflict, NotFound, Unauthenticated
from tenantry.core.inputs import Input
from tenantry.models.member import Member
from tenantry.models.social import SocialIdentity
from tenantry.resolvers import sessions
from tenantry.resolvers.account_throttles import AccountOperation, throttle_account
from tenantry.resolvers.lockout import BAD_CREDENTIALS
from tenantry.resolvers.members import MemberSession, current_member, normalize_email
from tenantry.resolvers.sessions import SessionKind
from tenantry.resolvers.social.presets import Profile
from tenantry.resolvers.social.profiles import (
    SocialCredentialIn,
    state_stays_spent,
    verified_profile,
)
from tenantry.resolvers.social.providers import get_provider
from tenantry.resolvers.social.state import open_state

EMAIL_IN_USE = (
    "An account with this e-mail already exists and the provider does not confirm the address "
    "is yours: sign in to that account and connect the provider instead."
)


class AuthorizationIn(Input):
    redirect_uri: str | None = Field(default=None, max_length=2048)


class DisconnectIn(Input):
    provider: str = Field(min_length=1, max_length=40)


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str


async def start_authorization(
    session: AsyncSession, *, ctx: Ctx, provider: str, data: AuthorizationIn
) -> Authorization:
    """The provider's authorization URL (code flow, PKCE S256) and its signed state. A member
    who starts it may use the answer to connect the account to themselves."""
    config = await get_provider(session, ctx=ctx, key=provider)
    allowed = list(config.row.redirect_uris or [])
    redirect_uri = data.redirect_uri or (allowed[0] if len(allowed) == 1 else None)
    if redirect_uri is None or redirect_uri not in allowed:
        raise BadRequest(
            "The redirect URI is not one configured for this provider.",
            code="redirect_uri_not_allowed",
            param="redirect_uri",
        )
    principal = ctx.principal
    started = await open_state(
        session,
        ctx=ctx,
        provider=config.key,
        redirect_uri=redirect_uri,
        member_id=principal.member_id if principal.is_member else None,
    )
    params = {
        "response_type": "code",
        "client_id": config.row.client_id,
        "redirect_uri": redirect_uri,
        "state": started.state,
        "code_challenge": started.code_challenge,
        "code_challenge_method": "S256",
    }
    if config.scopes:
        params["scope"] = config.scopes
    if config.oidc:
        params["nonce"] = started.nonce
    url = str(httpx.URL(config.endpoints.authorization).copy_merge_params(params))
    return Authorization(url=url, state=started.state)


async def social_sign_in(
    session: AsyncSession, *, ctx: Ctx, provider: str, data: SocialCredentialIn
) -> MemberSession:
    await throttle_account(ctx, AccountOperation.LOGIN)
    config = await get_provider(session, ctx=ctx, key=provider)
    profile = await verified_profile(session, ctx=ctx, config=config, data=data)
    with state_stays_spent(data):
        identity = await _identity(session, provider=config.key, subject=profile.subject)
        if identity is None:
            identity = await _link_or_create(session, ctx=ctx, provider=config.key, profile=profile)
        member = await session.get(Member, identity.member_id)
        if member is None or not member.is_active:
            raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials")
    now = ctx.now()
    identity.email, identity.email_verified = profile.email, profile.email_verified
    identity.last_used_at = now
    member.last_login_at = now
    await session.flush()
    assert member.id is not None
    tokens = await sessions.issue_tokens(
        session, ctx=ctx, kind=SessionKind.MEMBER, subject_id=member.id
    )
    return MemberSession(member, tokens)


async def _identity(session: AsyncSession, *, provider: str, subject: str) -> SocialIdentity | None:
    found: SocialIdentity | None = await session.scalar(
        select(SocialIdentity).where(
            col(SocialIdentity.provider) == provider, col(SocialIdentity.subject) == subject
        )
    )
    return found


async def _link_or_create(
    session: AsyncSession, *, ctx: Ctx, provider: str, profile: Profile
) -> SocialIdentity:
    if not profile.email:
        raise BadRequest(
            "The provider shared no e-mail address; allow access to it and try again.",
            code="email_required",
        )
    email = normalize_email(profile.email)
    member = await session.scalar(select(Member).where(col(Member.email) == email))
    if member is not None and not profile.email_verified:
        raise Conflict(EMAIL_IN_USE, code="email_in_use")
    if member is not None and not member.is_active:
        raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials")
    try:
        async with session.begin_nested():
            if member is None:
                member = Member(
                    email=email,
                    name=profile.name,
                    avatar_url=profile.avatar_url,
                    password_hash="",  # no password: social sign-in only
                )
                session.add(member)
                await session.flush()
            assert member.id is not None
            identity = SocialIdentity(
                member_id=member.id, provider=provider, subject=profile.subject
            )
            session.add(identity)
            await session.flush()
    except IntegrityError:
        # A concurrent first sign-in of the same account (or address) won the race.
        found = await _identity(session, provider=provider, subject=profile.subject)
        if found is None:
            raise Conflict(EMAIL_IN_USE, code="email_in_use") from None
        return found
    return identity


async def connect_social_account(
    session: AsyncSession, *, ctx: Ctx, provider: str, data: SocialCredentialIn
) -> SocialIdentity:
    member_id = require_member(ctx)
    await current_member(session, ctx=ctx)
    config = await get_provider(session, ctx=ctx, key=provider)
    profile = await verified_profile(
        session, ctx=ctx, config=config, data=data, member_id=member_id
    )
    with state_stays_spent(data):
        identity = await _link_to_member(
            session, provider=config.key, profile=profile, member_id=member_id
        )
    identity.email, identity.email_verified = profile.email, profile.email_verified
    identity.last_used_at = ctx.now()
    await session.flush()
    return identity


async def _link_to_member(
    session: AsyncSession, *, provider: str, profile: Profile, member_id: int
) -> SocialIdentity:
    identity = await _identity(session, provider=provider, subject=profile.subject)
    if identity is not None and identity.member_id != member_id:
        raise Conflict(
            "This provider account is already connected to another member.",
            code="identity_in_use",
        )
    if identity is None:
        taken = await session.scalar(
            select(SocialIdentity.id).where(
                col(SocialIdentity.member_id) == member_id,
                col(SocialIdentity.provider) == provider,
            )
        )
        if taken is not None:
            raise Conflict(
                "Another account of this provider is connected; disconnect it first.",
                code="provider_already_connected",
            )
        identity = SocialIdentity(member_id=member_id, provider=provider, subject=profile.subject)
        try:
            async with session.begin_nested():
                session.add(identity)
                await session.flush()
        except IntegrityError:
            raise Conflict(
                "This provider account is already connected to another member.",
                code="identity_in_use",
            ) from None
    return identity


async def list_social_accounts(session: AsyncSession, *, ctx: Ctx) -> list[SocialIdentity]:
    member_id = require_member(ctx)
    rows = await session.scalars(
        select(SocialIdentity)
        .where(col(SocialIdentity.member_id) == member_id)
        .order_by(col(SocialIdentity.provider))
    )
    return list(rows)


async def disconnect_social_account(session: AsyncSession, *, ctx: Ctx, data: DisconnectIn) -> None:
    """Refused when it would leave the member no way to sign in: no password, no other provider.
    The member's row is locked first, so two disconnects at once cannot both pass that check."""
    member_id = require_member(ctx)
    member = await session.scalar(
        select(Member).where(col(Member.id) == member_id).with_for_update()
    )
    if member is None or not member.is_active:
        raise Unauthenticated()
    provider = data.provider.lower()
    identity = await session.scalar(
        select(SocialIdentity).where(
            col(SocialIdentity.member_id) == member_id, col(SocialIdentity.provider) == provider
        )
    )
    if identity is None:
        raise NotFound("social account", code="social_account_not_found", param="provider")
    others = await session.scalar(
        select(func.count())
        .select_from(SocialIdentity)
        .where(col(SocialIdentity.member_id) == member_id, col(SocialIdentity.id) != identity.id)
    )
    if not member.password_hash and not others:
        raise Conflict(
            "This is the account's only way to sign in: set a password (forgot password) or "
            "connect another provider first.",
            code="last_sign_in_method",
        )
    await session.delete(identity)
    await session.flush()
