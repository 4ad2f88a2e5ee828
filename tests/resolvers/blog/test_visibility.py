from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, Unauthenticated
from tenantry.core.pagination import PageRequest
from tenantry.models.blog import BlogPostStatus
from tenantry.resolvers import blog
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.blog.support import BlogWriter
from tests.support import SECRET_KEY_PRINCIPAL, FixedClock, make_ctx

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast


async def listed(services: Services, tenant: TenantFixture, ctx: Ctx, **filters: Any) -> list[str]:
    async with services.db.unit(tenant.id) as uow:
        page = await blog.list_posts(
            uow.session, ctx=ctx, filters=blog.PostFilters(**filters), page=PageRequest()
        )
    return [post.slug for post in page.items]


async def read(services: Services, tenant: TenantFixture, ctx: Ctx, slug: str) -> int:
    async with services.db.unit(tenant.id) as uow:
        post = await blog.get_post(uow.session, ctx=ctx, slug=slug)
        await uow.commit()
    return post.view_count


async def test_drafts_are_not_listed_for_the_public(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    await writer.post("Live post")
    await writer.post("Draft post", publish=False)

    # when
    slugs = await listed(services, tenant, make_ctx(services, tenant))

    # then
    assert slugs == ["live-post"]


async def test_admin_lists_drafts_when_asking_for_them(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    await writer.post("Live post")
    await writer.post("Draft post", publish=False)
    admin = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)

    assert sorted(await listed(services, tenant, admin, include_drafts=True)) == [
        "draft-post",
        "live-post",
    ]
    assert await listed(services, tenant, admin, status=BlogPostStatus.DRAFT) == ["draft-post"]


async def test_asking_for_drafts_without_admin_rights_is_refused(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(Unauthenticated):
        await listed(services, tenant, make_ctx(services, tenant), include_drafts=True)


async def test_scheduled_post_is_hidden_until_its_time(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    now = services.clock.now()
    await BlogWriter(services, tenant).post("Tomorrow", published_at=now + timedelta(days=1))

    # when
    today = await listed(services, tenant, make_ctx(services, tenant))
    later = make_ctx(services, tenant, clock=FixedClock(now + timedelta(days=1, seconds=1)))
    after = await listed(services, tenant, later)

    # then
    assert today == []
    assert after == ["tomorrow"]


async def test_scheduled_post_is_not_found_by_slug_before_its_time(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    now = services.clock.now()
    await BlogWriter(services, tenant).post("Soon", published_at=now + timedelta(hours=1))

    with pytest.raises(NotFound):
        await read(services, tenant, make_ctx(services, tenant), "soon")


async def test_scheduled_post_reads_as_published_once_its_time_has_come(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    now = services.clock.now()
    post = await BlogWriter(services, tenant).post("Soon", published_at=now + timedelta(hours=1))

    assert post.status == BlogPostStatus.SCHEDULED
    assert blog.public_status(post, now) == BlogPostStatus.SCHEDULED
    assert blog.public_status(post, now + timedelta(hours=2)) == BlogPostStatus.PUBLISHED


async def test_public_read_counts_a_view(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Counted")
    public = make_ctx(services, tenant)

    assert await read(services, tenant, public, "counted") == 1
    assert await read(services, tenant, public, "counted") == 2


async def test_admin_read_is_not_counted(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Counted")

    await read(services, tenant, make_ctx(services, tenant, SECRET_KEY_PRINCIPAL), "counted")

    assert await read(services, tenant, make_ctx(services, tenant), "counted") == 1


async def test_draft_is_not_found_for_the_public(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    draft = await writer.post("Secret draft", publish=False)

    with pytest.raises(NotFound):
        await read(services, tenant, make_ctx(services, tenant), "secret-draft")
    assert (await writer.reload(draft.id)).view_count == 0


async def test_admin_reads_a_draft(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Secret draft", publish=False)

    admin = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)

    assert await read(services, tenant, admin, "secret-draft") == 0


async def test_another_tenants_post_is_not_found(services: Services, factory: Factory) -> None:
    mine = await factory.tenant()
    theirs = await factory.tenant()
    await BlogWriter(services, theirs).post("Their post")

    with pytest.raises(NotFound):
        await read(services, mine, make_ctx(services, mine, SECRET_KEY_PRINCIPAL), "their-post")
    assert await listed(services, mine, make_ctx(services, mine)) == []
