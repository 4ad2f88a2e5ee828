"""Who may do what with entities: owner/admin staff or a secret key write; every staff member
reads; anyone reads an entity whose schema says "public": true, and its records."""

from __future__ import annotations

from tenantry.core.access import reads_as_staff, refuse
from tenantry.core.context import Ctx
from tenantry.resolvers.entities.schema import EntitySchema


def require_readable(ctx: Ctx, schema: EntitySchema) -> None:
    if not (schema.public or reads_as_staff(ctx.principal)):
        refuse(ctx)
