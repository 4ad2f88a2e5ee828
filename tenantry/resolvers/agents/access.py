from __future__ import annotations

from tenantry.auth.principal import PrincipalKind
from tenantry.resolvers.context import Ctx
from tenantry.resolvers.errors import Forbidden, Unauthenticated


def require_staff(ctx: Ctx) -> None:
    """Reading agents, runs and the FAQ: any staff member, or a secret API key."""
    principal = ctx.principal
    if principal.is_staff or principal.is_secret_key:
        return
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise Unauthenticated()
    raise Forbidden()


def require_admin(ctx: Ctx) -> None:
    """Configuring and running agents, and writing the FAQ: owner/admin staff or a secret key."""
    if ctx.principal.is_admin:
        return
    require_staff(ctx)
    raise Forbidden()
