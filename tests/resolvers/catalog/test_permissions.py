"""Catalog writes are for owner/admin staff and secret keys only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.core.errors import DomainError, Forbidden, Unauthenticated
from tenantry.models.tenant import ApiKeyKind, StaffRole
from tenantry.resolvers import catalog
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

Write = Callable[[AsyncSession, Ctx], Awaitable[Any]]

WRITES: list[Any] = [
    pytest.param(
        lambda s, c: catalog.create_product(s, ctx=c, data=catalog.ProductIn(name="X", price=1)),
        id="create_product",
    ),
    pytest.param(
        lambda s, c: catalog.update_product(s, ctx=c, product_id=1, data=catalog.ProductUpdate()),
        id="update_product",
    ),
    pytest.param(lambda s, c: catalog.delete_product(s, ctx=c, product_id=1), id="delete_product"),
    pytest.param(
        lambda s, c: catalog.create_variant(s, ctx=c, product_id=1, data=catalog.VariantIn()),
        id="create_variant",
    ),
    pytest.param(
        lambda s, c: catalog.update_variant(s, ctx=c, variant_id=1, data=catalog.VariantUpdate()),
        id="update_variant",
    ),
    pytest.param(lambda s, c: catalog.delete_variant(s, ctx=c, variant_id=1), id="delete_variant"),
    pytest.param(
        lambda s, c: catalog.set_product_images(
            s, ctx=c, product_id=1, data=catalog.ImagesIn(images=[])
        ),
        id="set_product_images",
    ),
    pytest.param(
        lambda s, c: catalog.set_bundle_items(
            s, ctx=c, bundle_id=1, data=catalog.BundleItemsIn(items=[])
        ),
        id="set_bundle_items",
    ),
    pytest.param(
        lambda s, c: catalog.set_related_products(
            s, ctx=c, product_id=1, data=catalog.RelatedIn(product_ids=[])
        ),
        id="set_related_products",
    ),
    pytest.param(
        lambda s, c: catalog.create_category(s, ctx=c, data=catalog.CategoryIn(name="X")),
        id="create_category",
    ),
    pytest.param(
        lambda s, c: catalog.update_category(
            s, ctx=c, category_id=1, data=catalog.CategoryUpdate()
        ),
        id="update_category",
    ),
    pytest.param(
        lambda s, c: catalog.delete_category(s, ctx=c, category_id=1), id="delete_category"
    ),
]


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize(("principal", "error"), REFUSED)
async def test_only_admins_write(
    services: Services,
    factory: Factory,
    write: Write,
    principal: Principal,
    error: type[DomainError],
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(error):
        async with services.db.unit(tenant.id) as uow:
            await write(uow.session, make_ctx(services, tenant, principal))


@pytest.mark.parametrize("role", [StaffRole.OWNER, StaffRole.ADMIN])
async def test_owner_and_admin_staff_write(
    services: Services, factory: Factory, role: StaffRole
) -> None:
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant, role=role)

    async with services.db.unit(tenant.id) as uow:
        product = await catalog.create_product(
            uow.session,
            ctx=make_ctx(services, tenant, staff_principal(staff_id, role)),
            data=catalog.ProductIn(name="Mug", price=100),
        )

    assert product.slug == "mug"
