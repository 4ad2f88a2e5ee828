"""Staff attach files to digital products; storage paths are the server's, never the client's."""

from __future__ import annotations

import pytest

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.errors import (
    DomainError,
    Forbidden,
    NotFound,
    Unauthenticated,
    ValidationFailed,
)
from tenantry.models.catalog import ProductFile, ProductType
from tenantry.models.download import DownloadGrant
from tenantry.resolvers import downloads
from tenantry.serving.services import Services
from tenantry.storage import LocalStorage
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.downloads.support import (
    CONTENT,
    admin_ctx,
    attach,
    bought,
    digital_product,
    grants_of,
)
from tests.support import count, make_ctx, members, run


async def read(services: Services, path: str) -> bytes:
    return b"".join(
        [chunk async for chunk in LocalStorage(services.settings.media_root).open(path)]
    )


async def test_the_bytes_are_stored_under_a_tenant_path(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)

    # when
    stored = await attach(services, tenant, guide, "Guide 2025.PDF", CONTENT, "application/PDF")

    # then
    assert (stored.product_id, stored.filename, stored.size) == (
        guide.id,
        "Guide 2025.PDF",
        len(CONTENT),
    )
    assert stored.content_type == "application/pdf"
    assert stored.storage_path.startswith(f"t{tenant.id}/product-files/")
    assert stored.storage_path.endswith(".pdf")
    assert "Guide" not in stored.storage_path
    assert await read(services, stored.storage_path) == CONTENT


async def test_a_path_in_the_filename_is_only_display_text(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)

    stored = await attach(services, tenant, guide, "../../etc/passwd")

    assert stored.filename == "passwd"
    assert stored.storage_path.startswith(f"t{tenant.id}/product-files/")
    assert ".." not in stored.storage_path


async def test_a_subscription_product_takes_files(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    magazine = await rows.product(services, tenant, "Magazine", type=ProductType.SUBSCRIPTION)

    stored = await attach(services, tenant, magazine)

    assert stored.product_id == magazine.id


async def test_simple_products_take_no_files(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", type=ProductType.SIMPLE)

    with pytest.raises(ValidationFailed) as caught:
        await attach(services, tenant, mug)

    assert caught.value.fields == {
        "product_id": ["Files can only be attached to digital or subscription products."]
    }


async def test_an_empty_file_is_invalid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)

    with pytest.raises(ValidationFailed) as caught:
        await attach(services, tenant, guide, content=b"")

    assert caught.value.fields == {"content": ["The content field must not be empty."]}


async def test_a_bad_content_type_is_invalid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)

    with pytest.raises(ValidationFailed) as caught:
        await attach(services, tenant, guide, content_type="text/html\r\nX-Evil: 1")

    assert list(caught.value.fields) == ["content_type"]


async def test_another_tenants_product_is_not_found(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await digital_product(services, other)
    ctx = admin_ctx(services, tenant)

    with pytest.raises(NotFound):
        await run(
            services,
            tenant,
            lambda s: downloads.attach_product_file(
                s,
                ctx=ctx,
                product_id=theirs.id or 0,
                filename="x.pdf",
                content=CONTENT,
                content_type="application/pdf",
            ),
        )


@pytest.mark.parametrize(
    ("principal", "error"),
    [
        (Principal(), Unauthenticated),
        (Principal(kind=PrincipalKind.MEMBER, member_id=1), Forbidden),
    ],
)
async def test_only_admins_attach(
    services: Services, factory: Factory, principal: Principal, error: type[DomainError]
) -> None:
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)

    with pytest.raises(error):
        await run(
            services,
            tenant,
            lambda s: downloads.attach_product_file(
                s,
                ctx=make_ctx(services, tenant, principal),
                product_id=guide.id or 0,
                filename="x.pdf",
                content=CONTENT,
                content_type="application/pdf",
            ),
        )


async def test_deleting_a_file_removes_its_bytes_and_grants(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    _, download = await bought(services, tenant, member_id)
    storage = LocalStorage(services.settings.media_root)

    # when
    await run(
        services,
        tenant,
        lambda s: downloads.delete_product_file(
            s, ctx=admin_ctx(services, tenant), file_id=download.file.id or 0
        ),
    )

    # then
    assert await count(services, tenant, ProductFile) == 0
    assert await count(services, tenant, DownloadGrant) == 0
    assert await grants_of(services, tenant) == []
    assert not await storage.exists(download.file.storage_path)


async def test_a_rolled_back_delete_keeps_the_bytes(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)
    stored = await attach(services, tenant, guide)

    async with services.db.unit(tenant.id) as uow:
        await downloads.delete_product_file(
            uow.session, ctx=admin_ctx(services, tenant), file_id=stored.id or 0
        )
        await uow.rollback()

    assert await LocalStorage(services.settings.media_root).exists(stored.storage_path)
    assert await count(services, tenant, ProductFile) == 1


async def test_staff_list_a_products_files(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)
    first = await attach(services, tenant, guide, "a.pdf")
    second = await attach(services, tenant, guide, "b.zip", content_type="application/zip")

    found = await run(
        services,
        tenant,
        lambda s: downloads.list_product_files(
            s, ctx=admin_ctx(services, tenant), product_id=guide.id or 0
        ),
    )

    assert [row.id for row in found] == [first.id, second.id]
