"""Comments go with the post they belong to."""

from __future__ import annotations

from sqlmodel import func, select

from tenantry.models.community import Comment
from tenantry.resolvers import blog, comments
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.blog.support import BlogWriter


async def _comment_count(services: Services, tenant_id: int) -> int:
    async with services.db.unit(tenant_id) as uow:
        return await uow.session.scalar(select(func.count()).select_from(Comment)) or 0


async def test_deleting_a_blog_post_deletes_its_comments(
    services: Services, factory: Factory
) -> None:
    # given a published post with a comment by the admin writer
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    post = await writer.post("Hello", "World")
    assert post.id is not None
    async with services.db.unit(tenant.id) as uow:
        await comments.create_comment(
            uow.session,
            ctx=writer.ctx,
            ref=comments.TargetRef(blog_slug=post.slug),
            data=comments.CommentIn(content="First!"),
        )
        await uow.commit()
    assert await _comment_count(services, tenant.id) == 1
    # when the post is deleted
    async with services.db.unit(tenant.id) as uow:
        await blog.delete_post(uow.session, ctx=writer.ctx, post_id=post.id)
        await uow.commit()
    # then its comments are gone too
    assert await _comment_count(services, tenant.id) == 0
