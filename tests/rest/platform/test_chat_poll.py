"""GET /chat/conversations/{id}/poll: long-polling for clients without a WebSocket."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tenantry.realtime import channels
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import until_subscribed
from tests.resolvers.chat.support import agent_with_token, cookie
from tests.support import bearer

START = {"visitor_name": "John", "initial_message": "Hello!"}


async def started(client: httpx.AsyncClient, tenant: TenantFixture) -> tuple[int, str, int]:
    """A conversation: its id, its visitor id and its first message's id."""
    response = await client.post(f"/api/{tenant.slug}/chat/conversations", json=START)
    data = response.json()["data"]
    client.cookies.clear()
    messages = await client.get(
        f"/api/{tenant.slug}/chat/conversations/{data['id']}/messages",
        headers=cookie(data["visitor_id"]),
    )
    return data["id"], data["visitor_id"], messages.json()["data"][0]["id"]


def poll(
    client: httpx.AsyncClient, tenant: TenantFixture, cid: int, visitor: str, **params: Any
) -> asyncio.Task[httpx.Response]:
    url = f"/api/{tenant.slug}/chat/conversations/{cid}/poll"
    return asyncio.create_task(client.get(url, params=params, headers=cookie(visitor)))


async def test_the_poll_answers_at_once_when_messages_are_waiting(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor, _ = await started(client, tenant)
    # when
    async with asyncio.timeout(3):
        response = await poll(client, tenant, cid, visitor, after=0, timeout=20)
    # then
    assert [m["content"] for m in response.json()["data"]["messages"]] == ["Hello!"]
    assert "typing" not in response.json()["data"]


async def test_the_poll_waits_for_the_agents_reply(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor, first = await started(client, tenant)
    _, token = await agent_with_token(factory, tenant)
    waiting = poll(client, tenant, cid, visitor, after=first, timeout=10)
    await until_subscribed(services.broadcast, channels.chat(tenant.id, cid))
    # when
    await client.post(
        f"/api/{tenant.slug}/chat/agent/conversations/{cid}/messages",
        json={"content": "Hi John, how can I help?"},
        headers=bearer(token),
    )
    async with asyncio.timeout(5):
        response = await waiting
    # then
    [message] = response.json()["data"]["messages"]
    assert (message["sender_type"], message["content"]) == ("agent", "Hi John, how can I help?")


async def test_the_poll_holds_no_database_connection_while_it_waits(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor, first = await started(client, tenant)
    pool: Any = services.db.engine.pool
    before = pool.checkedout()
    # when
    waiting = poll(client, tenant, cid, visitor, after=first, timeout=1)
    await until_subscribed(services.broadcast, channels.chat(tenant.id, cid))
    await asyncio.sleep(0.2)
    during = pool.checkedout()
    async with asyncio.timeout(5):
        response = await waiting
    # then
    assert during == before
    assert response.json() == {"data": {"messages": []}}


async def test_the_poll_answers_with_the_agents_typing(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor, first = await started(client, tenant)
    _, token = await agent_with_token(factory, tenant)
    waiting = poll(client, tenant, cid, visitor, after=first, timeout=10)
    await until_subscribed(services.broadcast, channels.chat_typing(tenant.id, cid))
    # when
    await client.post(
        f"/api/{tenant.slug}/chat/conversations/{cid}/typing",
        json={"is_typing": True},
        headers=bearer(token),
    )
    async with asyncio.timeout(5):
        response = await waiting
    # then
    data = response.json()["data"]
    assert data["messages"] == []
    assert (data["typing"]["sender"], data["typing"]["is_typing"]) == ("agent", True)
    assert data["typing"]["expires_at"] is not None


async def test_the_visitors_own_typing_does_not_end_their_poll(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor, first = await started(client, tenant)
    waiting = poll(client, tenant, cid, visitor, after=first, timeout=1)
    await until_subscribed(services.broadcast, channels.chat_typing(tenant.id, cid))
    # when
    await client.post(
        f"/api/{tenant.slug}/chat/conversations/{cid}/typing",
        json={"is_typing": True},
        headers=cookie(visitor),
    )
    async with asyncio.timeout(5):
        response = await waiting
    # then
    assert response.json() == {"data": {"messages": []}}


async def test_a_timeout_beyond_the_setting_is_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    cid, visitor, _ = await started(client, tenant)
    response = await poll(client, tenant, cid, visitor, timeout=26)
    assert response.status_code == 422
    assert response.json()["errors"] == {"timeout": ["The timeout field must be between 0 and 25."]}


async def test_a_secret_key_polls_on_the_staff_side(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    """The side rule the subscription applies too: agents' typing is the poller's own side."""
    # given
    tenant = await factory.tenant()
    cid, visitor, first = await started(client, tenant)
    _, token = await agent_with_token(factory, tenant)
    url = f"/api/{tenant.slug}/chat/conversations/{cid}/poll"
    params = {"after": first, "timeout": 10}
    waiting = asyncio.create_task(client.get(url, params=params, headers=bearer(tenant.secret_key)))
    await until_subscribed(services.broadcast, channels.chat_typing(tenant.id, cid))
    typing = f"/api/{tenant.slug}/chat/conversations/{cid}/typing"
    # when: an agent types, then the visitor
    await client.post(typing, json={"is_typing": True}, headers=bearer(token))
    await client.post(typing, json={"is_typing": True}, headers=cookie(visitor))
    async with asyncio.timeout(5):
        response = await waiting
    # then: only the visitor's typing ends the poll
    assert response.json()["data"]["typing"]["sender"] == "visitor"
