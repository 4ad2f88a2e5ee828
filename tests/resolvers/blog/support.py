"""Blog rows for tests, written through the blog resolvers, each call in its own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from tenantry.models.blog import BlogCategory, BlogPost, BlogTag
from tenantry.resolvers import blog
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.support import SECRET_KEY_PRINCIPAL, make_ctx, staff_principal


class BlogWriter:
    """Writes one tenant's blog as an admin: staff_id as author, or a secret key without one."""

    def __init__(
        self, services: Services, tenant: TenantFixture, *, staff_id: int | None = None
    ) -> None:
        self.services = services
        self.tenant = tenant
        principal = staff_principal(staff_id) if staff_id else SECRET_KEY_PRINCIPAL
        self.ctx = make_ctx(services, tenant, principal)

    async def category(self, name: str, **fields: Any) -> BlogCategory:
        async with self.services.db.unit(self.tenant.id) as uow:
            data = blog.CategoryIn(name=name, **fields)
            category = await blog.create_category(uow.session, ctx=self.ctx, data=data)
            await uow.commit()
        return category

    async def tag(self, name: str, **fields: Any) -> BlogTag:
        async with self.services.db.unit(self.tenant.id) as uow:
            tag = await blog.create_tag(
                uow.session, ctx=self.ctx, data=blog.TagIn(name=name, **fields)
            )
            await uow.commit()
        return tag

    async def post(
        self,
        title: str,
        content: str = "",
        *,
        category: BlogCategory | None = None,
        tags: Sequence[BlogTag] = (),
        publish: bool = True,
        published_at: datetime | None = None,
        **fields: Any,
    ) -> BlogPost:
        data = blog.PostIn(
            title=title,
            content=content,
            category_id=category.id if category else None,
            tag_ids=[tag.id for tag in tags if tag.id is not None],
            **fields,
        )
        async with self.services.db.unit(self.tenant.id) as uow:
            post = await blog.create_post(uow.session, ctx=self.ctx, data=data)
            if publish:
                assert post.id is not None
                post = await blog.publish_post(
                    uow.session, ctx=self.ctx, post_id=post.id, published_at=published_at
                )
            await uow.commit()
        return post

    async def reload(self, post_id: int | None) -> BlogPost:
        async with self.services.db.unit(self.tenant.id) as uow:
            post = await uow.session.scalar(select(BlogPost).where(col(BlogPost.id) == post_id))
        assert post is not None
        return post
