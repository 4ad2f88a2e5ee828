"""Media resolvers: folder names, server-chosen paths, who sees and deletes which upload."""

from __future__ import annotations

import pytest

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.errors import NotFound, Unauthenticated, ValidationFailed
from tenantry.core.pagination import PageRequest
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers import media
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import SECRET_KEY_PRINCIPAL, make_ctx, member_principal, members

PUBLISHABLE = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.PUBLISHABLE)


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, ""), ("", ""), ("/", ""), (" posts ", "posts"), ("/a/b-c/d_e/", "a/b-c/d_e")],
)
def test_clean_folders(given: str | None, expected: str) -> None:
    assert media.clean_folder(given) == expected


@pytest.mark.parametrize("folder", ["..", "a/../b", "a//b", "a/.b", "é", "a b", "-a", "a/_b"])
def test_unsafe_folders_are_refused(folder: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        media.clean_folder(folder)

    assert refused.value.fields == {"folder": ["The folder field format is invalid."]}


def test_overlong_folders_are_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        media.clean_folder("a" * 201)

    assert refused.value.fields == {
        "folder": ["The folder field must not be greater than 200 characters."]
    }


async def test_paths_are_fresh_and_typed_by_content(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    context = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)

    png, pdf, other = (
        media.media_path(context, kind) for kind in ("image/png", "application/pdf", "x/y")
    )

    assert png.startswith(f"t{tenant.id}/media/")
    assert png.endswith(".png")
    assert pdf.endswith(".pdf")
    assert "." not in other.rsplit("/", 1)[1]
    assert media.media_path(context, "image/png") != png
    assert all(media.is_media_path(path) for path in (png, pdf, other))


@pytest.mark.parametrize(
    "path", ["t1/product-files/a.pdf", "t1/media/", "media/a.png", "tx/media/a.png", "t1"]
)
def test_only_media_area_paths_are_media_paths(path: str) -> None:
    assert not media.is_media_path(path)


async def record(services: Services, tenant: TenantFixture, principal: Principal) -> int:
    context = make_ctx(services, tenant, principal)
    data = media.MediaIn(
        path=media.media_path(context, "image/png"),
        original_name="a.png",
        content_type="image/png",
        size=1,
    )
    async with services.db.unit(tenant.id) as uow:
        row = await media.create_media(uow.session, ctx=context, data=data)
        await uow.commit()
    assert row.id is not None
    return row.id


async def test_a_path_of_another_tenant_is_a_programming_error(
    factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    data = media.MediaIn(
        path=media.media_path(make_ctx(services, other, SECRET_KEY_PRINCIPAL), "image/png"),
        original_name="a.png",
        content_type="image/png",
        size=1,
    )

    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(ValueError, match="not a media path of this tenant"):
            await media.create_media(
                uow.session, ctx=make_ctx(services, tenant, SECRET_KEY_PRINCIPAL), data=data
            )


@pytest.mark.parametrize("principal", [Principal(), PUBLISHABLE])
async def test_uploads_need_a_member_staff_or_secret_key(
    factory: Factory, services: Services, principal: Principal
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(Unauthenticated):
        await record(services, tenant, principal)


async def test_members_see_only_their_own(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    mine, theirs = await members(services, tenant, count=2)
    own = await record(services, tenant, member_principal(mine))
    await record(services, tenant, member_principal(theirs))
    await record(services, tenant, SECRET_KEY_PRINCIPAL)

    async with services.db.unit(tenant.id) as uow:
        page = await media.list_media(
            uow.session,
            ctx=make_ctx(services, tenant, member_principal(mine)),
            folder=None,
            page=PageRequest(),
        )
        everything = await media.list_media(
            uow.session,
            ctx=make_ctx(services, tenant, SECRET_KEY_PRINCIPAL),
            folder=None,
            page=PageRequest(),
        )

    assert [item.id for item in page.items] == [own]
    assert everything.total == 3


async def test_a_stranger_cannot_delete(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    owner, stranger = await members(services, tenant, count=2)
    media_id = await record(services, tenant, member_principal(owner))

    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(NotFound):
            await media.delete_media(
                uow.session,
                ctx=make_ctx(services, tenant, member_principal(stranger)),
                media_id=media_id,
            )
