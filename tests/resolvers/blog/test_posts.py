from __future__ import annotations

from typing import Any

import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.blog import BlogPost, BlogPostStatus
from tenantry.resolvers import blog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.blog.support import BlogWriter

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast


async def update(writer: BlogWriter, post_id: int | None, **fields: Any) -> BlogPost:
    assert post_id is not None
    async with writer.services.db.unit(writer.tenant.id) as uow:
        post = await blog.update_post(
            uow.session, ctx=writer.ctx, post_id=post_id, data=blog.PostUpdate(**fields)
        )
        await uow.commit()
    return post


async def tag_slugs(writer: BlogWriter, post_id: int | None) -> list[str]:
    async with writer.services.db.unit(writer.tenant.id) as uow:
        found = await blog.tags_by_post_ids(uow.session, [post_id])
    return [tag.slug for tag in found[post_id or 0]]


async def test_create_post_renders_and_stores_a_draft(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant)
    writer = BlogWriter(services, tenant, staff_id=staff_id)

    # when
    post = await writer.post("Hello World", "Some **bold** text.", publish=False)

    # then
    stored = await writer.reload(post.id)
    assert stored.slug == "hello-world"
    assert stored.status == BlogPostStatus.DRAFT
    assert stored.published_at is None
    assert stored.content == "Some **bold** text."
    assert stored.content_html == "<p>Some <strong>bold</strong> text.</p>"
    assert stored.excerpt == "Some bold text."
    assert stored.author_id == staff_id


async def test_post_by_a_secret_key_has_no_author(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    post = await BlogWriter(services, tenant).post("Hello")

    assert post.author_id is None


async def test_explicit_excerpt_is_kept(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    post = await BlogWriter(services, tenant).post("Hello", "Body text", excerpt="Teaser")

    assert post.excerpt == "Teaser"


async def test_same_title_gets_numbered_slugs(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)

    slugs = [(await writer.post("Weekly notes")).slug for _ in range(3)]

    assert slugs == ["weekly-notes", "weekly-notes-2", "weekly-notes-3"]


async def test_same_title_in_another_tenant_keeps_the_plain_slug(
    services: Services, factory: Factory
) -> None:
    await BlogWriter(services, await factory.tenant()).post("Weekly notes")

    post = await BlogWriter(services, await factory.tenant()).post("Weekly notes")

    assert post.slug == "weekly-notes"


async def test_korean_title_makes_a_korean_slug(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    post = await BlogWriter(services, tenant).post("새로운 소식!")

    assert post.slug == "새로운-소식"


async def test_routes_names_are_not_given_to_posts(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    post = await BlogWriter(services, tenant).post("Tags")

    assert post.slug == "tags-2"


async def test_explicit_slug_is_used(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    post = await BlogWriter(services, tenant).post("Hello", slug="custom-slug")

    assert post.slug == "custom-slug"


async def test_explicit_slug_already_taken_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    await writer.post("Hello", slug="taken")

    with pytest.raises(ValidationFailed) as caught:
        await writer.post("Other", slug="taken")

    assert caught.value.fields == {"slug": ["The slug has already been taken."]}


async def test_unknown_category_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    theirs = await BlogWriter(services, await factory.tenant()).category("Theirs")

    with pytest.raises(ValidationFailed) as caught:
        await BlogWriter(services, tenant).post("Hello", category=theirs)

    assert caught.value.fields == {"category_id": ["The selected category id is invalid."]}


async def test_unknown_tag_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    theirs = await BlogWriter(services, await factory.tenant()).tag("Theirs")

    with pytest.raises(ValidationFailed) as caught:
        await BlogWriter(services, tenant).post("Hello", tags=[theirs])

    assert caught.value.fields == {"tag_ids": ["The selected tag ids are invalid."]}


async def test_update_changes_only_given_fields(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    news = await writer.category("News")
    post = await writer.post("Hello", "Body", category=news, cover_image="https://x.example/a.png")

    await update(writer, post.id, title="Hello again")

    stored = await writer.reload(post.id)
    assert (stored.title, stored.slug, stored.content) == ("Hello again", "hello", "Body")
    assert stored.category_id == news.id
    assert stored.cover_image == "https://x.example/a.png"


async def test_update_with_null_category_clears_it(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    post = await writer.post("Hello", category=await writer.category("News"))

    await update(writer, post.id, category_id=None)

    assert (await writer.reload(post.id)).category_id is None


async def test_derived_excerpt_follows_new_content(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    post = await writer.post("Hello", "First body")

    await update(writer, post.id, content="Second *body*")

    stored = await writer.reload(post.id)
    assert stored.excerpt == "Second body"
    assert stored.content_html == "<p>Second <em>body</em></p>"


async def test_written_excerpt_survives_new_content(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    post = await writer.post("Hello", "First body", excerpt="Teaser")

    await update(writer, post.id, content="Second body")

    assert (await writer.reload(post.id)).excerpt == "Teaser"


async def test_update_replaces_the_tags(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    a, b, c = [await writer.tag(name) for name in ("A", "B", "C")]
    post = await writer.post("Hello", tags=[a, b])

    await update(writer, post.id, tag_ids=[c.id, b.id])

    assert await tag_slugs(writer, post.id) == ["b", "c"]


async def test_update_to_a_taken_slug_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    await writer.post("First")
    second = await writer.post("Second")

    with pytest.raises(ValidationFailed) as caught:
        await update(writer, second.id, slug="first")

    assert caught.value.fields == {"slug": ["The slug has already been taken."]}


async def test_delete_post_removes_it_and_its_tag_links(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    post = await writer.post("Bye", tags=[await writer.tag("T")])
    assert post.id is not None

    async with services.db.unit(tenant.id) as uow:
        await blog.delete_post(uow.session, ctx=writer.ctx, post_id=post.id)
        await uow.commit()

    assert await tag_slugs(writer, post.id) == []
    with pytest.raises(AssertionError):
        await writer.reload(post.id)


async def test_writing_another_tenants_post_is_not_found(
    services: Services, factory: Factory
) -> None:
    theirs = await BlogWriter(services, await factory.tenant()).post("Theirs")
    writer = BlogWriter(services, await factory.tenant())

    with pytest.raises(NotFound):
        await update(writer, theirs.id, title="Mine now")
