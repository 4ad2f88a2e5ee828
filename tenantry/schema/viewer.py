from __future__ import annotations

import strawberry
from strawberry.types import Info

from tenantry.schema.context import GraphQLContext


@strawberry.type
class Viewer:
    kind: str
    member_id: strawberry.ID | None
    staff_id: strawberry.ID | None
    staff_role: str | None
    tenant_slug: str


@strawberry.type
class Query:
    @strawberry.field(description="Who the current credentials act as, in which tenant.")
    def viewer(self, info: Info[GraphQLContext, None]) -> Viewer:
        ctx = info.context.ctx
        principal = ctx.principal
        return Viewer(
            kind=principal.kind.value,
            member_id=strawberry.ID(str(principal.member_id)) if principal.member_id else None,
            staff_id=strawberry.ID(str(principal.staff_id)) if principal.staff_id else None,
            staff_role=principal.staff_role.value if principal.staff_role else None,
            tenant_slug=ctx.tenant.slug,
        )
