"""Dialect A chat, the visitor's side: start, list, read, send, close, typing, availability."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import access_token
from tests.resolvers.chat.support import agent_with_token, cookie
from tests.support import bearer

START = {"visitor_name": "John", "visitor_email": "john@example.com", "initial_message": "Hello!"}


@asynccontextmanager
async def browser(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client with its own cookie jar, like one visitor's browser."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def started(http: httpx.AsyncClient, tenant: TenantFixture) -> dict[str, Any]:
    response = await http.post(f"/api/{tenant.slug}/chat/conversations", json=START)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def test_starting_a_conversation_hands_out_a_visitor_cookie(
    app: Any, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    async with browser(app) as http:
        # when
        response = await http.post(f"/api/{tenant.slug}/chat/conversations", json=START)
    # then
    assert response.status_code == 201
    data = response.json()["data"]
    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith(f"visitor_id={data['visitor_id']};")
    assert "HttpOnly" in set_cookie
    assert "SameSite=lax" in set_cookie
    assert "Max-Age=31536000" in set_cookie
    assert data["conversation_id"] == data["id"]
    assert data["visitor_name"] == "John"
    assert data["visitor_email"] == "john@example.com"
    assert data["status"] == "open"
    assert data["assigned_staff_id"] is None


async def test_a_visitor_keeps_their_id_across_conversations(app: Any, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    async with browser(app) as http:
        first = await started(http, tenant)
        # when
        response = await http.post(f"/api/{tenant.slug}/chat/conversations", json=START)
        listed = await http.get(f"/api/{tenant.slug}/chat/conversations")
    # then
    assert "set-cookie" not in response.headers
    second = response.json()["data"]
    assert second["visitor_id"] == first["visitor_id"]
    assert [c["id"] for c in listed.json()["data"]] == [second["id"], first["id"]]
    assert listed.json()["meta"] == {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2}


async def test_starting_needs_a_first_message(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.post(
        f"/api/{tenant.slug}/chat/conversations",
        json={"visitor_name": "John", "visitor_email": "not-an-email"},
    )
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "visitor_email": ["The visitor email field must be a valid email address."],
            "initial_message": ["The initial message field is required."],
        },
    }


async def test_a_member_chats_with_their_token(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    token = await access_token(services, tenant.info, kind=SessionKind.MEMBER)
    # when
    response = await client.post(
        f"/api/{tenant.slug}/chat/conversations", json=START, headers=bearer(token)
    )
    listed = await client.get(f"/api/{tenant.slug}/chat/conversations", headers=bearer(token))
    # then
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["member_id"] is not None
    assert [c["id"] for c in listed.json()["data"]] == [data["id"]]


async def test_another_visitors_conversation_is_not_found(app: Any, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    async with browser(app) as x, browser(app) as y:
        mine = await started(x, tenant)
        base = f"/api/{tenant.slug}/chat/conversations/{mine['id']}"
        # when
        answers = [
            await y.get(base),
            await y.get(f"{base}/messages"),
            await y.post(f"{base}/messages", json={"content": "let me in"}),
            await y.get(f"{base}/poll", params={"timeout": 0}),
            await y.post(f"{base}/close"),
            await y.post(f"{base}/typing", json={"is_typing": True}),
        ]
        listed = await y.get(f"/api/{tenant.slug}/chat/conversations")
    # then
    assert [a.status_code for a in answers] == [404] * 6
    assert answers[0].json() == {"message": "Conversation not found.", "code": "resource_missing"}
    assert listed.json()["data"] == []


async def test_another_tenants_conversation_is_not_found(
    client: httpx.AsyncClient, app: Any, factory: Factory
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    async with browser(app) as http:
        mine = await started(http, tenant)
        # when
        response = await http.get(f"/api/{other.slug}/chat/conversations/{mine['id']}")
    # then
    assert response.status_code == 404


async def test_messages_are_sent_and_read_in_order_with_after(app: Any, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    async with browser(app) as http:
        conversation = await started(http, tenant)
        base = f"/api/{tenant.slug}/chat/conversations/{conversation['id']}"
        # when
        sent = await http.post(f"{base}/messages", json={"content": "Where is my order?"})
        everything = await http.get(f"{base}/messages")
        first_id = everything.json()["data"][0]["id"]
        after = await http.get(f"{base}/messages", params={"after": first_id, "limit": 5})
    # then
    assert sent.status_code == 201
    message = sent.json()["data"]
    assert message["content"] == "Where is my order?"
    assert message["sender_type"] == "visitor"
    assert [m["content"] for m in everything.json()["data"]] == ["Hello!", "Where is my order?"]
    assert after.json() == {
        "data": [message],
        "meta": {"after": first_id, "limit": 5, "count": 1},
    }


async def test_an_empty_message_or_a_bad_limit_is_refused(app: Any, factory: Factory) -> None:
    tenant = await factory.tenant()
    async with browser(app) as http:
        conversation = await started(http, tenant)
        base = f"/api/{tenant.slug}/chat/conversations/{conversation['id']}"
        empty = await http.post(f"{base}/messages", json={"content": "  "})
        limit = await http.get(f"{base}/messages", params={"limit": "1000"})
    assert empty.status_code == 422
    assert empty.json()["errors"] == {
        "content": ["The content field must be at least 1 characters."]
    }
    assert limit.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"limit": ["The limit field must be between 1 and 200."]},
    }


async def test_a_closed_conversation_takes_no_more_messages(app: Any, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    async with browser(app) as http:
        conversation = await started(http, tenant)
        base = f"/api/{tenant.slug}/chat/conversations/{conversation['id']}"
        # when
        closed = await http.post(f"{base}/close")
        again = await http.post(f"{base}/close")
        sent = await http.post(f"{base}/messages", json={"content": "one more thing"})
    # then
    assert closed.json()["data"]["status"] == "closed"
    assert closed.json()["data"]["closed_at"] is not None
    assert again.json()["data"]["closed_at"] == closed.json()["data"]["closed_at"]
    assert sent.status_code == 409
    assert sent.json() == {"message": "This conversation is closed.", "code": "conversation_closed"}


async def test_typing_is_accepted_and_expires(app: Any, factory: Factory) -> None:
    tenant = await factory.tenant()
    async with browser(app) as http:
        conversation = await started(http, tenant)
        base = f"/api/{tenant.slug}/chat/conversations/{conversation['id']}"
        response = await http.post(f"{base}/typing", json={"is_typing": True})
        bad = await http.post(f"{base}/typing", json={"is_typing": "maybe"})
    assert response.status_code == 202
    data = response.json()["data"]
    assert (data["sender"], data["is_typing"]) == ("visitor", True)
    assert data["expires_at"] > data["at"]
    assert bad.status_code == 422


@pytest.mark.parametrize("status", ["online", "away"])
async def test_availability_counts_online_agents(
    client: httpx.AsyncClient, factory: Factory, status: str
) -> None:
    # given
    tenant = await factory.tenant()
    before = await client.get(f"/api/{tenant.slug}/chat/availability")
    _, token = await agent_with_token(factory, tenant)
    await client.put(
        f"/api/{tenant.slug}/chat/agent/status", json={"status": status}, headers=bearer(token)
    )
    # when
    after = await client.get(f"/api/{tenant.slug}/chat/availability")
    # then
    assert before.json() == {"data": {"available": False, "online_agents": 0}}
    online = status == "online"
    assert after.json() == {"data": {"available": online, "online_agents": int(online)}}


async def test_a_visitor_cookie_reads_its_conversation_from_another_client(
    client: httpx.AsyncClient, app: Any, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with browser(app) as http:
        conversation = await started(http, tenant)
    response = await client.get(
        f"/api/{tenant.slug}/chat/conversations/{conversation['id']}",
        headers=cookie(conversation["visitor_id"]),
    )
    assert response.status_code == 200
    assert [m["content"] for m in response.json()["data"]["messages"]] == ["Hello!"]
