"""Forgotten passwords: a single-use, short-lived reset token sent by mail.

Only the token's sha256 is stored. Asking for a reset answers the same whether or not the
address is registered, so the endpoint does not reveal who has an account.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote, urlencode

from pydantic import EmailStr, StringConstraints
from sqlalchemy import CursorResult, delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.passwords import hash_password
from tenantry.auth.secrets import new_token, sha256
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input
from tenantry.mail import Mailer
from tenantry.models.member import Member, PasswordReset
from tenantry.resolvers.account_throttles import AccountOperation, throttle_account
from tenantry.resolvers.members import (
    Password,
    normalize_email,
    password_errors,
    revoke_member_refresh_tokens,
)

RESET_LINK_SENT = "If that email address is registered, a password reset link has been sent."
PASSWORD_RESET = "Your password has been reset."
INVALID_TOKEN = "This password reset token is invalid."
RESET_URL_SETTING = "password_reset_url"


class ForgotPasswordIn(Input):
    email: EmailStr


class ResetPasswordIn(Input):
    token: Annotated[str, StringConstraints(max_length=200)]
    email: EmailStr
    password: Password
    password_confirmation: Password | None = None


async def request_password_reset(
    session: AsyncSession, *, ctx: Ctx, data: ForgotPasswordIn, mailer: Mailer
) -> None:
    """Mails a reset link to an active member with this address. Known and unknown addresses
    answer alike and, padded to the same floor, in the same time."""
    started = time.perf_counter()
    email = normalize_email(data.email)
    await throttle_account(ctx, AccountOperation.FORGOT_PASSWORD, email=email)
    try:
        await _mail_reset_link(session, ctx=ctx, email=email, mailer=mailer)
    finally:
        floor = ctx.settings.account_answer_floor_seconds
        await asyncio.sleep(max(0.0, floor - (time.perf_counter() - started)))


async def _mail_reset_link(session: AsyncSession, *, ctx: Ctx, email: str, mailer: Mailer) -> None:
    member = await session.scalar(
        select(Member).where(col(Member.email) == email, col(Member.is_active).is_(True))
    )
    if member is None:
        return
    assert member.id is not None
    now = ctx.now()
    # A new request replaces any earlier link that is still unused.
    await session.execute(
        delete(PasswordReset)
        .where(col(PasswordReset.member_id) == member.id, col(PasswordReset.used_at).is_(None))
        .execution_options(synchronize_session=False)
    )
    token = new_token()
    session.add(
        PasswordReset(
            member_id=member.id,
            token_hash=sha256(token),
            expires_at=now + timedelta(seconds=ctx.settings.reset_token_ttl),
            created_at=now,
        )
    )
    await mailer.queue(
        session,
        tenant_id=ctx.tenant.id,
        to=member.email,
        subject=f"Reset your {ctx.tenant.name} password",
        body=_reset_mail(ctx, member=member, link=reset_link(ctx, token=token, email=member.email)),
    )


def reset_link(ctx: Ctx, *, token: str, email: str) -> str:
    template = ctx.tenant.settings.get(RESET_URL_SETTING)
    if isinstance(template, str) and template:
        # Plain replacement, not str.format: the template is tenant-supplied text.
        return template.replace("{token}", quote(token, safe="")).replace(
            "{email}", quote(email, safe="")
        )
    query = urlencode({"token": token, "email": email})
    base = ctx.settings.public_url.rstrip("/")
    return f"{base}/api/{ctx.tenant.slug}/auth/reset-password?{query}"


def _reset_mail(ctx: Ctx, *, member: Member, link: str) -> str:
    minutes = ctx.settings.reset_token_ttl // 60
    greeting = f"Hello {member.name}," if member.name else "Hello,"
    return (
        f"{greeting}\n\n"
        "You are receiving this email because we received a password reset request for your "
        f"{ctx.tenant.name} account.\n\n"
        f"Reset your password: {link}\n\n"
        f"This password reset link will expire in {minutes} minutes.\n\n"
        "If you did not request a password reset, no further action is required.\n"
    )


async def reset_password(session: AsyncSession, *, ctx: Ctx, data: ResetPasswordIn) -> Member:
    await throttle_account(ctx, AccountOperation.RESET_PASSWORD)
    rules = password_errors(
        ctx, data.password, confirmation=data.password_confirmation, confirm=True
    )
    if rules:
        raise ValidationFailed({"password": rules})
    now = ctx.now()
    found = (
        await session.execute(
            select(PasswordReset.id, Member)
            .join(Member, col(Member.id) == col(PasswordReset.member_id))
            .where(
                col(PasswordReset.token_hash) == sha256(data.token),
                col(Member.email) == normalize_email(data.email),
                col(Member.is_active).is_(True),
            )
        )
    ).first()
    if found is None:
        raise ValidationFailed.single("token", INVALID_TOKEN)
    reset_id: int = found[0]
    member: Member = found[1]
    assert member.id is not None
    spent = await session.execute(
        update(PasswordReset)
        .where(
            col(PasswordReset.id) == reset_id,
            col(PasswordReset.used_at).is_(None),
            col(PasswordReset.expires_at) > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(spent, CursorResult)
    if spent.rowcount != 1:
        raise ValidationFailed.single("token", INVALID_TOKEN)
    member.password_hash = await hash_password(data.password)
    member.failed_logins = 0
    member.locked_until = None
    await revoke_member_refresh_tokens(session, ctx=ctx, member_id=member.id)
    await session.flush()
    return member
