from __future__ import annotations

import asyncio

import httpx
from sqlmodel import func, select

from tenantry.models.member import Member
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import without_cost


async def test_concurrent_statements_on_one_session_take_turns(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with services.db.unit(tenant.id) as uow:
        counts = await asyncio.gather(
            *(uow.session.scalar(select(func.count()).select_from(Member)) for _ in range(20))
        )
    assert counts == [0] * 20


async def test_sibling_root_fields_share_the_operation_session(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    query = """{
      a: blogPosts { pageInfo { total } }
      b: blogPosts { pageInfo { total } }
      blogCategories { id }
      blogTags { id }
    }"""
    response = await client.post(f"/api/{tenant.slug}/graphql", json={"query": query})
    assert without_cost(response.json()) == {
        "data": {
            "a": {"pageInfo": {"total": 0}},
            "b": {"pageInfo": {"total": 0}},
            "blogCategories": [],
            "blogTags": [],
        }
    }
