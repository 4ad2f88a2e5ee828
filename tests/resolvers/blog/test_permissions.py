from __future__ import annotations

import pytest

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.errors import DomainError, Forbidden, Unauthenticated
from tenantry.models.tenant import ApiKeyKind, StaffRole
from tenantry.resolvers import blog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import make_ctx, staff_principal

pytestmark = pytest.mark.usefixtures("app")

REFUSED = [
    pytest.param(Principal(), Unauthenticated, id="anonymous"),
    pytest.param(Principal(kind=PrincipalKind.MEMBER, member_id=1), Forbidden, id="member"),
    pytest.param(
        Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.PUBLISHABLE),
        Unauthenticated,
        id="publishable-key",
    ),
    pytest.param(staff_principal(1, StaffRole.AGENT), Forbidden, id="agent-staff"),
]


@pytest.mark.parametrize(("principal", "error"), REFUSED)
async def test_only_admins_create_posts(
    services: Services, factory: Factory, principal: Principal, error: type[DomainError]
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(error):
        async with services.db.unit(tenant.id) as uow:
            await blog.create_post(
                uow.session,
                ctx=make_ctx(services, tenant, principal),
                data=blog.PostIn(title="Nope"),
            )


@pytest.mark.parametrize(("principal", "error"), REFUSED)
async def test_only_admins_create_categories(
    services: Services, factory: Factory, principal: Principal, error: type[DomainError]
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(error):
        async with services.db.unit(tenant.id) as uow:
            await blog.create_category(
                uow.session,
                ctx=make_ctx(services, tenant, principal),
                data=blog.CategoryIn(name="Nope"),
            )


@pytest.mark.parametrize("role", [StaffRole.OWNER, StaffRole.ADMIN])
async def test_owner_and_admin_staff_create_posts(
    services: Services, factory: Factory, role: StaffRole
) -> None:
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant, role=role)

    async with services.db.unit(tenant.id) as uow:
        post = await blog.create_post(
            uow.session,
            ctx=make_ctx(services, tenant, staff_principal(staff_id, role)),
            data=blog.PostIn(title="Yes"),
        )

    assert post.author_id == staff_id
