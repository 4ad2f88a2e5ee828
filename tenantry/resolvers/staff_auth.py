"""Staff sign-in: password check with lockout, the current staff account, token refresh, logout.

Staff accounts are created by the CLI (see resolvers/tenants.py); they sign in through GraphQL.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from pydantic import EmailStr
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.passwords import verify_password
from tenantry.auth.tokens import TokenType
from tenantry.models.tenant import Staff
from tenantry.resolvers.context import Ctx
from tenantry.resolvers.errors import RateLimited, Unauthenticated
from tenantry.resolvers.members import Password, RefreshIn, normalize_email
from tenantry.resolvers.sessions import (
    INVALID_REFRESH,
    IssuedTokens,
    SessionKind,
    revoke_access_token,
    rotate_refresh_token,
)
from tenantry.resolvers.validation import Input

BAD_CREDENTIALS = "These credentials do not match our records."


class StaffLoginIn(Input):
    email: EmailStr
    password: Password


async def authenticate_staff(session: AsyncSession, *, ctx: Ctx, data: StaffLoginIn) -> Staff:
    now = ctx.now()
    staff = await session.scalar(
        select(Staff).where(col(Staff.email) == normalize_email(data.email))
    )
    if staff is None:
        await verify_password(data.password, None)
        raise Unauthenticated(BAD_CREDENTIALS)
    assert staff.id is not None
    if staff.locked_until is not None:
        if staff.locked_until > now:
            seconds = _seconds_until(staff.locked_until, now)
            raise RateLimited(
                seconds, f"Too many login attempts. Please try again in {seconds} seconds."
            )
        staff.failed_logins = 0  # the lockout has run out: a fresh set of attempts
        staff.locked_until = None
    if not await verify_password(data.password, staff.password_hash):
        await _record_failed_login(session, ctx=ctx, staff_id=staff.id)
        raise Unauthenticated(BAD_CREDENTIALS, keep_changes=True)
    if not staff.is_active:
        raise Unauthenticated(BAD_CREDENTIALS)
    staff.failed_logins = 0
    staff.locked_until = None
    staff.last_login_at = now
    await session.flush()
    return staff


async def _record_failed_login(session: AsyncSession, *, ctx: Ctx, staff_id: int) -> None:
    # Counted by the database, so that concurrent wrong guesses are all counted.
    await session.flush()
    failures = await session.scalar(
        update(Staff)
        .where(col(Staff.id) == staff_id)
        .values(failed_logins=col(Staff.failed_logins) + 1)
        .returning(col(Staff.failed_logins))
        .execution_options(synchronize_session=False)
    )
    if (failures or 0) >= ctx.settings.login_max_failures:
        lockout = timedelta(seconds=ctx.settings.login_lockout_seconds)
        await session.execute(
            update(Staff)
            .where(col(Staff.id) == staff_id)
            .values(locked_until=ctx.now() + lockout)
            .execution_options(synchronize_session=False)
        )


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


async def current_staff(session: AsyncSession, *, ctx: Ctx) -> Staff:
    principal = ctx.principal
    if not principal.is_staff or principal.staff_id is None:
        raise Unauthenticated()
    staff = await session.get(Staff, principal.staff_id)
    if staff is None or not staff.is_active:
        raise Unauthenticated()
    return staff


async def refresh_staff_tokens(
    session: AsyncSession, *, ctx: Ctx, data: RefreshIn
) -> tuple[Staff, IssuedTokens]:
    staff_id, tokens = await rotate_refresh_token(
        session, ctx=ctx, kind=SessionKind.STAFF, refresh_token=data.refresh_token
    )
    staff = await session.get(Staff, staff_id)
    if staff is None or not staff.is_active:
        raise Unauthenticated(INVALID_REFRESH)
    return staff, tokens


async def logout_staff(session: AsyncSession, *, ctx: Ctx) -> None:
    claims = ctx.principal.token
    if not ctx.principal.is_staff or claims is None or claims.type is not TokenType.STAFF_ACCESS:
        raise Unauthenticated()
    await revoke_access_token(session, ctx=ctx, claims=claims)
