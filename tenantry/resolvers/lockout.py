"""Password sign-in with lockout, shared by member and staff accounts.

Attempts are counted by the database before the password is checked; enough wrong ones lock
the account for a while.
An unknown email still costs one password check, so timing does not tell which emails exist.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import case, update
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
    """The active account with this (normalized) email and password, its failures reset.

    Each attempt is counted before its password is checked, by one conditional UPDATE: however
    many guesses arrive at once, at most `login_max_failures` of them are checked before the
    account locks; the others are refused without a check."""
    now = ctx.now()
    account = await session.scalar(select(model).where(col(model.email) == email))
    if account is None:
        await verify_password(password, None)
        raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials")
    assert account.id is not None
    attempt = await _claim_attempt(session, ctx=ctx, model=model, account_id=account.id)
    # An account without a password (social sign-in only) costs the same check and fails it.
    if not await verify_password(password, account.password_hash or None):
        if attempt >= ctx.settings.login_max_failures:
            lockout = timedelta(seconds=ctx.settings.login_lockout_seconds)
            await session.execute(
                update(model)
                .where(col(model.id) == account.id)
                .values(locked_until=now + lockout)
                .execution_options(synchronize_session=False)
            )
        raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials", keep_changes=True)
    if not account.is_active:
        raise Unauthenticated(BAD_CREDENTIALS, code="invalid_credentials")
    # The claim changed failed_logins behind the loaded object: refresh it before resetting,
    # or the ORM would see no change to write.
    await session.refresh(account, ["failed_logins", "locked_until"])
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    await session.flush()
    return account


async def _claim_attempt(
    session: AsyncSession, *, ctx: Ctx, model: type[Account], account_id: int
) -> int:
    """This attempt's number in the current set, counted as a failure until the password is
    found right; RateLimited when the account is locked or its last attempts are being checked.
    A lockout that has run out starts a fresh set."""
    now = ctx.now()
    limit = ctx.settings.login_max_failures
    locked_until = col(model.locked_until)
    ran_out = locked_until.is_not(None) & (locked_until <= now)
    open_set = locked_until.is_(None) & (col(model.failed_logins) < limit)
    await session.flush()
    attempt = await session.scalar(
        update(model)
        .where(col(model.id) == account_id, ran_out | open_set)
        .values(
            failed_logins=case((ran_out, 1), else_=col(model.failed_logins) + 1),
            locked_until=case((ran_out, None), else_=locked_until),
        )
        .returning(col(model.failed_logins))
        .execution_options(synchronize_session=False)
    )
    if attempt is not None:
        return int(attempt)
    until = await session.scalar(select(model.locked_until).where(col(model.id) == account_id))
    seconds = (
        _seconds_until(until, now)
        if until is not None and until > now
        else ctx.settings.login_lockout_seconds
    )
    raise RateLimited(seconds, f"Too many login attempts. Please try again in {seconds} seconds.")


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))
