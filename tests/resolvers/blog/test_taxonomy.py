from __future__ import annotations

from datetime import timedelta

import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.resolvers import blog
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.blog.support import BlogWriter
from tests.support import make_ctx

pytestmark = pytest.mark.usefixtures("app")


async def categories(services: Services, tenant: TenantFixture) -> list[tuple[str, int]]:
    async with services.db.unit(tenant.id) as uow:
        found = await blog.list_categories(uow.session, ctx=make_ctx(services, tenant))
    return [(item.category.slug, item.post_count) for item in found]


async def tags(services: Services, tenant: TenantFixture) -> list[tuple[str, int]]:
    async with services.db.unit(tenant.id) as uow:
        found = await blog.list_tags(uow.session, ctx=make_ctx(services, tenant))
    return [(item.tag.slug, item.post_count) for item in found]


async def test_categories_count_only_visible_posts(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    news = await writer.category("News", position=1)
    tech = await writer.category("Tech", position=0)
    await writer.category("Empty", position=2)
    await writer.post("One", category=news)
    await writer.post("Two", category=news)
    await writer.post("Draft", category=news, publish=False)
    later = services.clock.now() + timedelta(days=1)
    await writer.post("Later", category=tech, published_at=later)

    # when
    found = await categories(services, tenant)

    # then
    assert found == [("tech", 0), ("news", 2), ("empty", 0)]


async def test_tags_count_only_visible_posts(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    python, rust = await writer.tag("Python"), await writer.tag("Rust")
    await writer.post("One", tags=[python, rust])
    await writer.post("Two", tags=[python])
    await writer.post("Draft", tags=[rust], publish=False)

    assert await tags(services, tenant) == [("python", 2), ("rust", 1)]


async def test_lists_hold_only_the_tenants_own(services: Services, factory: Factory) -> None:
    mine = await factory.tenant()
    theirs = BlogWriter(services, await factory.tenant())
    await theirs.post("Theirs", category=await theirs.category("C"), tags=[await theirs.tag("T")])

    assert await categories(services, mine) == []
    assert await tags(services, mine) == []


async def test_same_category_name_gets_numbered_slugs(services: Services, factory: Factory) -> None:
    writer = BlogWriter(services, await factory.tenant())

    first, second = await writer.category("Café News"), await writer.category("Café News")

    assert (first.slug, second.slug) == ("café-news", "café-news-2")


async def test_explicit_tag_slug_must_be_well_formed(services: Services, factory: Factory) -> None:
    writer = BlogWriter(services, await factory.tenant())

    with pytest.raises(ValidationFailed) as caught:
        await writer.tag("Bad", slug="Bad Slug")

    assert list(caught.value.fields) == ["slug"]


async def test_update_category(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    category = await writer.category("News")
    assert category.id is not None

    async with services.db.unit(tenant.id) as uow:
        data = blog.CategoryUpdate(name="Latest", slug="latest", position=5)
        updated = await blog.update_category(
            uow.session, ctx=writer.ctx, category_id=category.id, data=data
        )
        await uow.commit()

    assert (updated.name, updated.slug, updated.position) == ("Latest", "latest", 5)


async def test_deleting_a_category_keeps_its_posts(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    category = await writer.category("News")
    post = await writer.post("Stays", category=category)
    assert category.id is not None

    async with services.db.unit(tenant.id) as uow:
        await blog.delete_category(uow.session, ctx=writer.ctx, category_id=category.id)
        await uow.commit()

    assert (await writer.reload(post.id)).category_id is None


async def test_deleting_a_tag_unlinks_it(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    tag = await writer.tag("Gone")
    post = await writer.post("Stays", tags=[tag])
    assert tag.id is not None

    async with services.db.unit(tenant.id) as uow:
        await blog.delete_tag(uow.session, ctx=writer.ctx, tag_id=tag.id)
        found = await blog.tags_by_post_ids(uow.session, [post.id])
        await uow.commit()

    assert found == {post.id: []}


async def test_deleting_another_tenants_tag_is_not_found(
    services: Services, factory: Factory
) -> None:
    theirs = await BlogWriter(services, await factory.tenant()).tag("Theirs")
    mine = await factory.tenant()
    writer = BlogWriter(services, mine)
    assert theirs.id is not None

    with pytest.raises(NotFound):
        async with services.db.unit(mine.id) as uow:
            await blog.delete_tag(uow.session, ctx=writer.ctx, tag_id=theirs.id)
