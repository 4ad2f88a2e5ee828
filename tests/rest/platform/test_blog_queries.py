"""The blog list costs the same number of SQL statements for 5 posts as for 50."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.blog.support import BlogWriter


async def blog_with_posts(services: Services, factory: Factory, count: int) -> TenantFixture:
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant)
    writer = BlogWriter(services, tenant, staff_id=staff_id)
    categories = [await writer.category(f"Category {n}") for n in range(3)]
    tags = [await writer.tag(f"Tag {n}") for n in range(4)]
    for n in range(count):
        await writer.post(
            f"Post {n}", category=categories[n % 3], tags=[tags[n % 4], tags[(n + 1) % 4]]
        )
    return tenant


async def statements_for_list(
    client: httpx.AsyncClient, counter: StatementCounter, tenant: TenantFixture
) -> int:
    counter.reset()
    response = await client.get(f"/api/{tenant.slug}/blog", params={"per_page": 100})
    assert response.status_code == 200
    assert all(post["category"] and len(post["tags"]) == 2 for post in response.json()["data"])
    return counter.count


async def test_blog_list_statements_do_not_grow_with_posts(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    few = await blog_with_posts(services, factory, 5)
    many = await blog_with_posts(services, factory, 50)

    # when
    for_few = await statements_for_list(client, count_queries, few)
    for_many = await statements_for_list(client, count_queries, many)

    # then
    assert for_few == for_many
