"""A public blog listing: 20 published posts with author, category and two tags each.

tenantry answers the GraphQL query below (middleware, GraphQL execution, ORM with the tenant
criteria on every statement, three DataLoaders); the baseline answers the same JSON with
hand-written SQL.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bench.scenarios.base import Call, Scenario, single
from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.clock import utcnow
from tenantry.config import Settings
from tenantry.core.context import Ctx, TenantInfo
from tenantry.db.database import Database
from tenantry.models.tenant import StaffRole
from tenantry.resolvers import blog, tenants

POSTS = 20
PER_PAGE = 20
TENANT_SLUG = "bench"
CATEGORIES = ("Guides", "Engineering", "News")
TAGS = ("GraphQL", "REST", "Python", "Databases", "Realtime")

QUERY = """
query BlogList($page: Int!, $perPage: Int!) {
  blogPosts(page: $page, perPage: $perPage) {
    items {
      id
      slug
      title
      excerpt
      publishedAt
      viewCount
      author { id name }
      category { id slug name }
      tags { id slug name }
    }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""

CONTENT = (
    "## {title}\n\nA sample post for the benchmark, with **Markdown**, a list and a link:\n\n"
    "- first point\n- second point\n\nRead more on [the project page](https://example.com).\n"
)


def body(page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
    return {"query": QUERY, "variables": {"page": page, "perPage": per_page}}


async def seed_blog(
    db: Database, settings: Settings, *, slug: str = TENANT_SLUG, posts: int = POSTS
) -> dict[str, str]:
    """A tenant with posts written through the same domain functions the API uses."""
    async with db.unit(None) as uow:
        tenant = await tenants.create_tenant(
            uow.session, data=tenants.TenantIn(slug=slug, name="Bench Blog")
        )
        info = TenantInfo.from_model(tenant)
        await uow.commit()
    async with db.unit(info.id) as uow:
        session = uow.session
        author = await tenants.create_staff(
            session,
            tenant_id=info.id,
            email="author@bench.example.com",
            password="bench-password",
            name="Bench Author",
            role=StaffRole.OWNER,
        )
        principal = Principal(
            kind=PrincipalKind.STAFF, staff_id=author.id, staff_role=StaffRole.OWNER
        )
        ctx = Ctx(tenant=info, settings=settings, principal=principal)
        category_ids = [
            _pk((await blog.create_category(session, ctx=ctx, data=blog.CategoryIn(name=n))).id)
            for n in CATEGORIES
        ]
        tag_ids = [
            _pk((await blog.create_tag(session, ctx=ctx, data=blog.TagIn(name=n))).id) for n in TAGS
        ]
        now = utcnow()
        for i in range(posts):
            title = f"Benchmark post number {i + 1}"
            post = await blog.create_post(
                session,
                ctx=ctx,
                data=blog.PostIn(
                    title=title,
                    content=CONTENT.format(title=title),
                    category_id=category_ids[i % len(category_ids)],
                    tag_ids=[tag_ids[i % len(tag_ids)], tag_ids[(i + 2) % len(tag_ids)]],
                ),
            )
            await blog.publish_post(
                session, ctx=ctx, post_id=_pk(post.id), published_at=now - timedelta(hours=i + 1)
            )
        await uow.commit()
    return {"tenant": slug}


def _pk(value: int | None) -> int:
    assert value is not None
    return value


SCENARIO = Scenario(
    name="blog_list",
    description=f"GraphQL blogPosts, {PER_PAGE} posts with author, category and 2 tags each",
    seed=lambda db, settings, clients: seed_blog(db, settings),
    tenantry=single(
        lambda seeded: Call("POST", "/graphql", headers={"X-Tenant": seeded["tenant"]}, json=body())
    ),
    baseline=single(
        lambda seeded: Call(
            "POST", "/blog-posts", headers={"X-Tenant": seeded["tenant"]}, json=body()
        )
    ),
)
