"""A page of blogPosts costs the same number of SQL statements for 5 posts as for 50."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.rest.platform.test_blog_queries import blog_with_posts
from tests.schema.blog.support import BLOG_LIST
from tests.support import graphql

WITH_COUNTS = """
{ blogPosts(perPage: 100) { items { slug category { postCount } tags { postCount } } } }
"""


async def statements(
    client: httpx.AsyncClient, counter: StatementCounter, tenant: TenantFixture, query: str
) -> int:
    counter.reset()
    body = await graphql(client, query, {"page": 1, "perPage": 100}, tenant=tenant.slug)
    assert "errors" not in body, body
    items = body["data"]["blogPosts"]["items"]
    assert all(item["category"] and len(item["tags"]) == 2 for item in items)
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
    for_few = await statements(client, count_queries, few, BLOG_LIST)
    for_many = await statements(client, count_queries, many, BLOG_LIST)

    # then
    assert for_few == for_many


async def test_nested_post_counts_are_batched_too(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    few = await blog_with_posts(services, factory, 5)
    many = await blog_with_posts(services, factory, 50)

    for_few = await statements(client, count_queries, few, WITH_COUNTS)
    for_many = await statements(client, count_queries, many, WITH_COUNTS)

    assert for_few == for_many
