from __future__ import annotations

from tenantry.resolvers.sessions import SessionKind, issue_tokens
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import make_ctx


async def staff_token(services: Services, factory: Factory, tenant: TenantFixture) -> str:
    staff_id, _ = await factory.staff(tenant)
    async with services.db.unit(tenant.id) as uow:
        tokens = await issue_tokens(
            uow.session,
            ctx=make_ctx(services, tenant),
            kind=SessionKind.STAFF,
            subject_id=staff_id,
        )
        await uow.commit()
    return tokens.access_token
