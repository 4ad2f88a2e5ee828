"""Throttles on the account operations anyone may call: per tenant and client address, and,
where the operation names an address to mail, per that address. The rules are settings
(`TENANTRY_THROTTLE_*`, in the `limits` notation: "30 per 5 minutes"); the lockout of
`lockout` still counts wrong passwords per account on top of these."""

from __future__ import annotations

from enum import StrEnum

from tenantry.core.context import Ctx
from tenantry.core.throttle import throttle


class AccountOperation(StrEnum):
    LOGIN = "login"
    REGISTER = "register"
    FORGOT_PASSWORD = "forgot_password"
    RESET_PASSWORD = "reset_password"
    FIND_EMAIL = "find_email"


async def throttle_account(
    ctx: Ctx, operation: AccountOperation, *, email: str | None = None
) -> None:
    """Counts the call; RateLimited when its client (or the address) has made too many."""
    settings = ctx.settings
    per_ip = {
        AccountOperation.LOGIN: settings.throttle_login,
        AccountOperation.REGISTER: settings.throttle_register,
        AccountOperation.FORGOT_PASSWORD: settings.throttle_forgot_password,
        AccountOperation.RESET_PASSWORD: settings.throttle_reset_password,
        AccountOperation.FIND_EMAIL: settings.throttle_find_email,
    }[operation]
    checks: dict[str, str] = {}
    if ctx.client_ip:
        checks[f"{ctx.tenant.id}:ip:{ctx.client_ip}"] = per_ip
    if email and operation is AccountOperation.FORGOT_PASSWORD:
        checks[f"{ctx.tenant.id}:email:{email}"] = settings.throttle_mail_per_address
    await throttle(ctx.throttle, operation.value, checks)
