"""Staff sign-in: password check with lockout, the current staff account, token refresh, logout.

Staff accounts are created by the CLI (see resolvers/tenants.py); they sign in through GraphQL.
"""

from __future__ import annotations

from pydantic import EmailStr
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.auth.tokens import TokenType
from tenantry.core.context import Ctx
from tenantry.core.errors import Unauthenticated
from tenantry.core.inputs import Input
from tenantry.models.tenant import Staff
from tenantry.resolvers.account_throttles import AccountOperation, throttle_account
from tenantry.resolvers.lockout import sign_in
from tenantry.resolvers.members import Password, RefreshIn, normalize_email
from tenantry.resolvers.sessions import (
    INVALID_REFRESH,
    IssuedTokens,
    SessionKind,
    revoke_access_token,
    rotate_refresh_token,
)


class StaffLoginIn(Input):
    email: EmailStr
    password: Password


async def authenticate_staff(session: AsyncSession, *, ctx: Ctx, data: StaffLoginIn) -> Staff:
    await throttle_account(ctx, AccountOperation.LOGIN)
    return await sign_in(
        session, ctx=ctx, model=Staff, email=normalize_email(data.email), password=data.password
    )


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
        raise Unauthenticated(INVALID_REFRESH, code="invalid_refresh_token")
    return staff, tokens


async def logout_staff(session: AsyncSession, *, ctx: Ctx) -> None:
    claims = ctx.principal.token
    if not ctx.principal.is_staff or claims is None or claims.type is not TokenType.STAFF_ACCESS:
        raise Unauthenticated()
    await revoke_access_token(session, ctx=ctx, claims=claims)
