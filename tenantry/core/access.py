"""The access policy every domain applies: one answer per credential.

| credential                         | refused with                         |
| ---------------------------------- | ------------------------------------ |
| none (or only a chat visitor id)   | Unauthenticated (401, UNAUTHENTICATED) |
| a publishable key alone            | Unauthenticated: it proves no one     |
| a member, or staff without the role | Forbidden (403, FORBIDDEN)           |
| a secret key                       | never: it acts for the tenant's owner |

Owner and admin staff are administrators; every staff role reads what staff read.
"""

from __future__ import annotations

from typing import NoReturn

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.core.errors import Forbidden, Unauthenticated


def proves_no_one(principal: Principal) -> bool:
    """No one signed in: no credentials, a visitor id, or a publishable key alone."""
    if principal.kind is PrincipalKind.ANONYMOUS:
        return True
    return principal.kind is PrincipalKind.API_KEY and not principal.is_secret_key


def reads_as_staff(principal: Principal) -> bool:
    return principal.is_staff or principal.is_secret_key


def refuse(ctx: Ctx) -> NoReturn:
    if proves_no_one(ctx.principal):
        raise Unauthenticated()
    raise Forbidden()


def require_admin(ctx: Ctx) -> None:
    """Owner/admin staff or a secret key."""
    if not ctx.principal.is_admin:
        refuse(ctx)


def require_staff(ctx: Ctx) -> None:
    """Any staff member or a secret key."""
    if not reads_as_staff(ctx.principal):
        refuse(ctx)


def require_signed_in(ctx: Ctx) -> None:
    """Someone is named: a member, staff or a secret key."""
    if proves_no_one(ctx.principal):
        raise Unauthenticated()


def require_member(ctx: Ctx) -> int:
    """The calling member's id; anyone else must sign in as a member first."""
    principal = ctx.principal
    if not principal.is_member or principal.member_id is None:
        raise Unauthenticated()
    return principal.member_id
