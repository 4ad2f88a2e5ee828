"""Chat over GraphQL HTTP: the visitor's and the agent's queries and mutations."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Factory, TenantFixture
from tests.resolvers.chat.support import agent_with_token

START = """
mutation($input: StartChatConversationInput!) {
  startChatConversation(input: $input) { visitorId conversation { id status visitorName } }
}
"""
SEND = """
mutation($id: ID!, $content: String!) {
  sendChatMessage(conversationId: $id, content: $content) { id senderType content }
}
"""
MESSAGES = """
query($id: ID!, $after: ID) {
  chatMessages(conversationId: $id, after: $after) { id senderType content }
}
"""
CONVERSATION = "query($id: ID!) { chatConversation(id: $id) { id status } }"
MINE = "{ chatConversations { items { id } pageInfo { total } } }"
REPLY = """
mutation($id: ID!, $content: String!) {
  agentReply(conversationId: $id, content: $content) { senderType content staffId }
}
"""
INBOX = """
query($filter: ChatInboxFilter!) {
  agentInbox(filter: $filter) { items { conversation { id } lastMessage { content } } }
}
"""
STATS = "{ chatAgentStats { open waiting assignedToMe closedToday } }"
STATUS = "mutation($s: ChatAgentStatus!) { setAgentStatus(status: $s) { status } }"
AVAILABILITY = "{ chatAvailability { available onlineAgents } }"
TYPING = """
mutation($id: ID!) { setChatTyping(conversationId: $id, isTyping: true) { sender isTyping } }
"""
CLOSE_AS_AGENT = "mutation($id: ID!) { closeConversationAsAgent(conversationId: $id) { status } }"
REOPEN = "mutation($id: ID!) { reopenConversation(conversationId: $id) { status closedAt } }"
ASSIGN = "mutation($id: ID!) { assignConversation(conversationId: $id) { assignedStaffId } }"


async def gql(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    visitor: str | None = None,
) -> dict[str, Any]:
    headers = {"X-Tenant": tenant.slug}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if visitor:
        headers["Cookie"] = f"visitor_id={visitor}"
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    client.cookies.clear()
    body: dict[str, Any] = response.json()
    return body


async def start(client: httpx.AsyncClient, tenant: TenantFixture) -> tuple[str, str]:
    body = await gql(
        client, tenant, START, {"input": {"visitorName": "Ann", "initialMessage": "Hello!"}}
    )
    data = body["data"]["startChatConversation"]
    return data["conversation"]["id"], data["visitorId"]


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def test_a_visitor_starts_sends_and_reads(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor = await start(client, tenant)
    # when
    sent = await gql(client, tenant, SEND, {"id": cid, "content": "Refund?"}, visitor=visitor)
    read = await gql(client, tenant, MESSAGES, {"id": cid}, visitor=visitor)
    first_id = read["data"]["chatMessages"][0]["id"]
    after = await gql(client, tenant, MESSAGES, {"id": cid, "after": first_id}, visitor=visitor)
    mine = await gql(client, tenant, MINE, visitor=visitor)
    # then
    message = sent["data"]["sendChatMessage"]
    assert (message["senderType"], message["content"]) == ("VISITOR", "Refund?")
    assert [m["content"] for m in read["data"]["chatMessages"]] == ["Hello!", "Refund?"]
    assert after["data"]["chatMessages"] == [message]
    assert mine["data"]["chatConversations"] == {"items": [{"id": cid}], "pageInfo": {"total": 1}}


async def test_starting_over_http_sets_the_visitor_cookie(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.post(
        "/graphql",
        json={"query": START, "variables": {"input": {"initialMessage": "Hi"}}},
        headers={"X-Tenant": tenant.slug},
    )
    client.cookies.clear()
    data = response.json()["data"]["startChatConversation"]
    assert response.headers["set-cookie"].startswith(f"visitor_id={data['visitorId']};")
    assert data["conversation"]["visitorName"] == "Visitor"


async def test_another_visitor_or_tenant_gets_not_found(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    cid, _ = await start(client, tenant)
    _, stranger = await start(client, tenant)
    _, elsewhere = await start(client, other)
    # when
    answers = [
        await gql(client, tenant, CONVERSATION, {"id": cid}, visitor=stranger),
        await gql(client, tenant, MESSAGES, {"id": cid}, visitor=stranger),
        await gql(client, tenant, SEND, {"id": cid, "content": "x"}, visitor=stranger),
        await gql(client, other, CONVERSATION, {"id": cid}, visitor=elsewhere),
        await gql(client, tenant, CONVERSATION, {"id": cid}),
    ]
    # then
    assert [codes(body) for body in answers] == [["NOT_FOUND"]] * 5


async def test_an_agent_replies_and_the_inbox_shows_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cid, visitor = await start(client, tenant)
    staff_id, token = await agent_with_token(factory, tenant)
    # when
    reply = await gql(client, tenant, REPLY, {"id": cid, "content": "Hi Ann"}, token=token)
    inbox = await gql(client, tenant, INBOX, {"filter": "MINE"}, token=token)
    stats = await gql(client, tenant, STATS, token=token)
    seen = await gql(client, tenant, MESSAGES, {"id": cid}, visitor=visitor)
    # then
    assert reply["data"]["agentReply"] == {
        "senderType": "AGENT",
        "content": "Hi Ann",
        "staffId": str(staff_id),
    }
    assert inbox["data"]["agentInbox"]["items"] == [
        {"conversation": {"id": cid}, "lastMessage": {"content": "Hi Ann"}}
    ]
    assert stats["data"]["chatAgentStats"] == {
        "open": 1,
        "waiting": 0,
        "assignedToMe": 1,
        "closedToday": 0,
    }
    assert seen["data"]["chatMessages"][-1]["content"] == "Hi Ann"


async def test_agents_close_reopen_assign_and_go_online(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    cid, _ = await start(client, tenant)
    staff_id, token = await agent_with_token(factory, tenant)
    closed = await gql(client, tenant, CLOSE_AS_AGENT, {"id": cid}, token=token)
    reopened = await gql(client, tenant, REOPEN, {"id": cid}, token=token)
    assigned = await gql(client, tenant, ASSIGN, {"id": cid}, token=token)
    status = await gql(client, tenant, STATUS, {"s": "ONLINE"}, token=token)
    available = await gql(client, tenant, AVAILABILITY)
    assert closed["data"]["closeConversationAsAgent"] == {"status": "CLOSED"}
    assert reopened["data"]["reopenConversation"] == {"status": "OPEN", "closedAt": None}
    assert assigned["data"]["assignConversation"] == {"assignedStaffId": str(staff_id)}
    assert status["data"]["setAgentStatus"] == {"status": "ONLINE"}
    assert available["data"]["chatAvailability"] == {"available": True, "onlineAgents": 1}


async def test_visitors_cannot_use_agent_operations(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    cid, visitor = await start(client, tenant)
    answers = [
        await gql(client, tenant, REPLY, {"id": cid, "content": "x"}, visitor=visitor),
        await gql(client, tenant, INBOX, {"filter": "ALL"}, visitor=visitor),
        await gql(client, tenant, STATS, visitor=visitor),
        await gql(client, tenant, STATUS, {"s": "ONLINE"}, visitor=visitor),
    ]
    assert [codes(body) for body in answers] == [["UNAUTHENTICATED"]] * 4


async def test_typing_is_answered_with_the_callers_side(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    cid, visitor = await start(client, tenant)
    _, token = await agent_with_token(factory, tenant)
    as_visitor = await gql(client, tenant, TYPING, {"id": cid}, visitor=visitor)
    as_agent = await gql(client, tenant, TYPING, {"id": cid}, token=token)
    assert as_visitor["data"]["setChatTyping"] == {"sender": "visitor", "isTyping": True}
    assert as_agent["data"]["setChatTyping"] == {"sender": "agent", "isTyping": True}
