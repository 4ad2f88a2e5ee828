"""Who may do what with entities: owner/admin staff or a secret key write; every staff member
reads; anyone reads an entity whose schema says "public": true, and its records."""

from __future__ import annotations

from tenantry.auth.principal import PrincipalKind
from tenantry.resolvers.context import Ctx
from tenantry.resolvers.entities.schema import EntitySchema
from tenantry.resolvers.errors import Forbidden, Unauthenticated


def _refuse(ctx: Ctx) -> None:
    # A publishable key proves no one, like no credentials at all: 401, not 403.
    if ctx.principal.kind in (PrincipalKind.ANONYMOUS, PrincipalKind.API_KEY):
        raise Unauthenticated()
    raise Forbidden()


def require_admin(ctx: Ctx) -> None:
    if not ctx.principal.is_admin:
        _refuse(ctx)


def reads_private(ctx: Ctx) -> bool:
    return ctx.principal.is_staff or ctx.principal.is_secret_key


def require_readable(ctx: Ctx, schema: EntitySchema) -> None:
    if not (schema.public or reads_private(ctx)):
        _refuse(ctx)
