"""Password sign-in with lockout, shared by member and staff accounts.

Wrong passwords are counted by the database; enough of them lock the account for a while.
An unknown email still costs one password check, so timing does not tell which emails exist.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.passwords import verify_password
from tenantry.core.context import Ctx
from tenantry.core.errors import RateLimited, Unauthenticated
from tenantry.models.member import Member
from tenantry.models.tenant import Staff

BAD_CREDENTIALS = "These credentials do not match our records."

# The accounts that sign in with a password: each has email, password_hash, is_active,
# failed_logins, locked_until and last_login_at.
Account = TypeVar("Account", Member, Staff)


async def sign_in(
    session: AsyncSession, *, ctx: Ctx, model: type[Account], email: str, password: str
) -> Account:
    """The active account with this (normalized) email and password, its failures reset."""
    now = ctx.now()
    account = await session.scalar(select(model).where(col(model.email) == email))
    if account is None:
        await verify_password(password, None)
        raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials")
    assert account.id is not None
    if account.locked_until is not None:
        if account.locked_until > now:
            seconds = _seconds_until(account.locked_until, now)
            raise RateLimited(
                seconds, f"Too many login attempts. Please try again in {seconds} seconds."
            )
        account.failed_logins = 0  # the lockout has run out: a fresh set of attempts
        account.locked_until = None
    if not await verify_password(password, account.password_hash):
        await _record_failed_login(session, ctx=ctx, model=model, account_id=account.id)
        raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials", keep_changes=True)
    if not account.is_active:
        raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials")
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    await session.flush()
    return account


async def _record_failed_login(
    session: AsyncSession, *, ctx: Ctx, model: type[Account], account_id: int
) -> None:
    # Counted by the database, so that concurrent wrong guesses are all counted.
    await session.flush()
    failures = await session.scalar(
        update(model)
        .where(col(model.id) == account_id)
        .values(failed_logins=col(model.failed_logins) + 1)
        .returning(col(model.failed_logins))
        .execution_options(synchronize_session=False)
    )
    if (failures or 0) >= ctx.settings.login_max_failures:
        lockout = timedelta(seconds=ctx.settings.login_lockout_seconds)
        await session.execute(
            update(model)
            .where(col(model.id) == account_id)
            .values(locked_until=ctx.now() + lockout)
            .execution_options(synchronize_session=False)
        )


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))
