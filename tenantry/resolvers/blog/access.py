from __future__ import annotations

from tenantry.auth.principal import PrincipalKind
from tenantry.resolvers.context import Ctx
from tenantry.resolvers.errors import Forbidden, Unauthenticated


def require_admin(ctx: Ctx) -> None:
    """Blog writes: owner/admin staff or a secret API key."""
    principal = ctx.principal
    if principal.is_admin:
        return
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise Unauthenticated()
    raise Forbidden()
