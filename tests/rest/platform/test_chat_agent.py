"""Dialect A chat, the agents' side: /chat/agent/* with a staff token."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import access_token
from tests.resolvers.chat.support import agent_with_token, cookie
from tests.support import bearer


async def visitor_chat(
    client: httpx.AsyncClient, tenant: TenantFixture, text: str = "Hello!"
) -> tuple[int, str]:
    response = await client.post(
        f"/api/{tenant.slug}/chat/conversations",
        json={"visitor_name": "John", "initial_message": text},
    )
    client.cookies.clear()
    data = response.json()["data"]
    return data["id"], data["visitor_id"]


def agent_path(tenant: TenantFixture, rest: str = "") -> str:
    return f"/api/{tenant.slug}/chat/agent{rest}"


@pytest.mark.parametrize(
    ("who", "status"), [("nobody", 401), ("visitor", 401), ("publishable", 401), ("member", 403)]
)
async def test_only_staff_use_the_agent_paths(
    client: httpx.AsyncClient, services: Services, factory: Factory, who: str, status: int
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor = await visitor_chat(client, tenant)
    headers: dict[str, str] = {
        "nobody": {},
        "visitor": cookie(visitor),
        "publishable": {"X-API-Key": tenant.publishable_key},
        "member": bearer(await access_token(services, tenant.info, kind=SessionKind.MEMBER)),
    }[who]
    # when
    answers = [
        await client.get(agent_path(tenant, "/conversations"), headers=headers),
        await client.get(agent_path(tenant, f"/conversations/{cid}"), headers=headers),
        await client.post(
            agent_path(tenant, f"/conversations/{cid}/messages"), json={}, headers=headers
        ),
        await client.post(agent_path(tenant, f"/conversations/{cid}/assign"), headers=headers),
        await client.post(agent_path(tenant, f"/conversations/{cid}/close"), headers=headers),
        await client.post(agent_path(tenant, f"/conversations/{cid}/reopen"), headers=headers),
        await client.put(agent_path(tenant, "/status"), json={}, headers=headers),
        await client.get(agent_path(tenant, "/stats"), headers=headers),
    ]
    # then
    assert [a.status_code for a in answers] == [status] * 8


async def test_the_inbox_lists_conversations_with_their_last_message(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    older, _ = await visitor_chat(client, tenant, "first")
    newer, visitor = await visitor_chat(client, tenant, "second")
    await client.post(
        f"/api/{tenant.slug}/chat/conversations/{newer}/messages",
        json={"content": "anyone?"},
        headers=cookie(visitor),
    )
    _, token = await agent_with_token(factory, tenant)
    # when
    response = await client.get(agent_path(tenant, "/conversations"), headers=bearer(token))
    # then
    body = response.json()
    assert [(c["id"], c["last_message"]["content"]) for c in body["data"]] == [
        (newer, "anyone?"),
        (older, "first"),
    ]
    assert body["meta"] == {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2}


async def test_the_inbox_filters_mine_unassigned_open_and_closed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    _, token = await agent_with_token(factory, tenant)
    _, colleague = await agent_with_token(factory, tenant)
    mine, _ = await visitor_chat(client, tenant)
    theirs, _ = await visitor_chat(client, tenant)
    waiting, _ = await visitor_chat(client, tenant)
    done, _ = await visitor_chat(client, tenant)
    await client.post(agent_path(tenant, f"/conversations/{mine}/assign"), headers=bearer(token))
    await client.post(
        agent_path(tenant, f"/conversations/{theirs}/assign"), headers=bearer(colleague)
    )
    await client.post(agent_path(tenant, f"/conversations/{done}/close"), headers=bearer(token))

    async def ids(filter: str) -> list[int]:
        response = await client.get(
            agent_path(tenant, "/conversations"), params={"filter": filter}, headers=bearer(token)
        )
        return [c["id"] for c in response.json()["data"]]

    # when / then
    assert await ids("mine") == [mine]
    assert await ids("unassigned") == [waiting]
    assert sorted(await ids("open")) == sorted([mine, theirs, waiting])
    assert await ids("closed") == [done]
    bad = await client.get(
        agent_path(tenant, "/conversations"), params={"filter": "spam"}, headers=bearer(token)
    )
    assert bad.status_code == 422


async def test_the_first_reply_answers_and_takes_the_conversation(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor = await visitor_chat(client, tenant)
    me, token = await agent_with_token(factory, tenant)
    # when
    reply = await client.post(
        agent_path(tenant, f"/conversations/{cid}/messages"),
        json={"content": "Hi! How can I help?"},
        headers=bearer(token),
    )
    detail = await client.get(agent_path(tenant, f"/conversations/{cid}"), headers=bearer(token))
    seen = await client.get(
        f"/api/{tenant.slug}/chat/conversations/{cid}/messages", headers=cookie(visitor)
    )
    # then
    assert reply.status_code == 201
    message = reply.json()["data"]
    assert (message["sender_type"], message["staff_id"]) == ("agent", me)
    data = detail.json()["data"]
    assert data["assigned_staff_id"] == me
    assert data["first_response_at"] == message["created_at"]
    assert [m["content"] for m in data["messages"]] == ["Hello!", "Hi! How can I help?"]
    assert seen.json()["data"][-1] == message


async def test_assigning_names_an_active_staff_member_of_the_shop(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    cid, _ = await visitor_chat(client, tenant)
    _, token = await agent_with_token(factory, tenant)
    colleague, _ = await factory.staff(tenant, role=StaffRole.AGENT)
    stranger, _ = await factory.staff(other, role=StaffRole.AGENT)
    path = agent_path(tenant, f"/conversations/{cid}/assign")
    # when
    to_colleague = await client.post(path, json={"staff_id": colleague}, headers=bearer(token))
    to_stranger = await client.post(path, json={"staff_id": stranger}, headers=bearer(token))
    # then
    assert to_colleague.json()["data"]["assigned_staff_id"] == colleague
    assert to_stranger.status_code == 422
    assert to_stranger.json()["errors"] == {"staff_id": ["The selected staff id is invalid."]}


async def test_agents_close_and_reopen(client: httpx.AsyncClient, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    cid, _ = await visitor_chat(client, tenant)
    _, token = await agent_with_token(factory, tenant)
    # when
    closed = await client.post(
        agent_path(tenant, f"/conversations/{cid}/close"), headers=bearer(token)
    )
    reply = await client.post(
        agent_path(tenant, f"/conversations/{cid}/messages"),
        json={"content": "late"},
        headers=bearer(token),
    )
    reopened = await client.post(
        agent_path(tenant, f"/conversations/{cid}/reopen"), headers=bearer(token)
    )
    # then
    assert (closed.json()["data"]["status"], reply.status_code) == ("closed", 409)
    assert reopened.json()["data"]["status"] == "open"
    assert reopened.json()["data"]["closed_at"] is None


async def test_another_tenants_conversation_is_not_found_for_agents(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    cid, _ = await visitor_chat(client, other)
    _, token = await agent_with_token(factory, tenant)
    response = await client.get(agent_path(tenant, f"/conversations/{cid}"), headers=bearer(token))
    assert response.status_code == 404


async def test_the_agent_status_is_set_and_validated(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    me, token = await agent_with_token(factory, tenant)
    online = await client.put(
        agent_path(tenant, "/status"), json={"status": "online"}, headers=bearer(token)
    )
    away = await client.put(
        agent_path(tenant, "/status"), json={"status": "away"}, headers=bearer(token)
    )
    bad = await client.put(
        agent_path(tenant, "/status"), json={"status": "asleep"}, headers=bearer(token)
    )
    assert (online.json()["data"]["staff_id"], online.json()["data"]["status"]) == (me, "online")
    assert away.json()["data"]["status"] == "away"
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"status": ["The selected status is invalid."]}


async def test_stats_count_open_waiting_mine_and_closed_today(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    _, token = await agent_with_token(factory, tenant)
    answered, _ = await visitor_chat(client, tenant)
    await visitor_chat(client, tenant)
    done, _ = await visitor_chat(client, tenant)
    await client.post(
        agent_path(tenant, f"/conversations/{answered}/messages"),
        json={"content": "Hi"},
        headers=bearer(token),
    )
    await client.post(agent_path(tenant, f"/conversations/{done}/close"), headers=bearer(token))
    # when
    response = await client.get(agent_path(tenant, "/stats"), headers=bearer(token))
    # then
    data: dict[str, Any] = response.json()["data"]
    assert {k: data[k] for k in ("open", "waiting", "assigned_to_me", "closed_today")} == {
        "open": 2,
        "waiting": 1,
        "assigned_to_me": 1,
        "closed_today": 1,
    }
    assert data["average_first_response_seconds"] >= 0
    assert data["average_resolution_seconds"] >= 0
