"""Chat subscriptions over a real WebSocket (graphql-transport-ws) on the live server.

Visitors authenticate the socket with connection_init {"tenant", "visitorId"}, agents with their
staff token. Each subscriber hears only conversations it may see.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from tenantry.models.chat import PresenceStatus
from tenantry.realtime import channels
from tenantry.resolvers import chat
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import GraphQLSocket, LiveServer, graphql_socket, until_subscribed
from tests.resolvers.chat.support import (
    agent,
    agent_with_token,
    reply,
    run,
    say,
    start,
    visitor,
)

MESSAGES = """
subscription($id: ID!, $after: ID) {
  chatMessages(conversationId: $id, after: $after) { id senderType content }
}
"""
TYPING = """
subscription($id: ID!) { chatTyping(conversationId: $id) { sender isTyping expiresAt } }
"""
INBOX = "subscription { agentInbox { kind conversationId status visitorName } }"
PRESENCE = "subscription { agentPresence { staffId status } }"
SET_TYPING = """
mutation($id: ID!, $on: Boolean!) { setChatTyping(conversationId: $id, isTyping: $on) { sender } }
"""
SET_STATUS = "mutation { setAgentStatus(status: ONLINE) { status } }"


async def as_visitor(socket: GraphQLSocket, tenant: TenantFixture, visitor_id: str) -> None:
    ack = await socket.init({"tenant": tenant.slug, "visitorId": visitor_id})
    assert ack["type"] == "connection_ack", ack


async def as_staff(socket: GraphQLSocket, token: str) -> None:
    ack = await socket.init({"authorization": f"Bearer {token}"})
    assert ack["type"] == "connection_ack", ack


async def until_listeners(services: Services, channel: str, count: int) -> None:
    async with asyncio.timeout(5):
        while True:
            if len(services.broadcast._subscribers.get(channel, ())) >= count:
                return
            await asyncio.sleep(0.01)


def as_visitor_of(tenant: TenantFixture, me: Any) -> Callable[[GraphQLSocket], Awaitable[None]]:
    return lambda socket: as_visitor(socket, tenant, me.visitor_id or "")


def as_staff_with(token: str) -> Callable[[GraphQLSocket], Awaitable[None]]:
    return lambda socket: as_staff(socket, token)


async def _typed_until_heard(
    url: str,
    listener: GraphQLSocket,
    sign_in: Callable[[GraphQLSocket], Awaitable[None]],
    cid: str,
) -> Any:
    async with asyncio.timeout(15):
        while True:
            async with graphql_socket(url) as writer:
                await sign_in(writer)
                await writer.start(SET_TYPING, {"id": cid, "on": True})
                await writer.receive()
            try:
                return data_of(await listener.receive(within=2.0), "chatTyping")
            except TimeoutError:
                continue


def data_of(message: dict[str, Any], field: str) -> Any:
    assert message["type"] == "next", message
    return message["payload"]["data"][field]


async def test_the_visitor_hears_the_agents_reply(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    me = visitor()
    conversation = await start(services, tenant, me)
    cid = conversation.id or 0
    staff = await agent_with_token(factory, tenant)
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        await as_visitor(socket, tenant, me.visitor_id or "")
        await socket.start(MESSAGES, {"id": str(cid)})
        await until_subscribed(services.broadcast, channels.chat(tenant.id, cid))
        # when
        sent = await reply(services, tenant, agent(staff[0]), cid, "Hi, I'm Kim")
        # then
        assert data_of(await socket.receive(), "chatMessages") == {
            "id": str(sent.id),
            "senderType": "AGENT",
            "content": "Hi, I'm Kim",
        }


async def test_reconnecting_with_after_catches_up_first(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    me = visitor()
    conversation = await start(services, tenant, me)
    cid = conversation.id or 0
    staff_id, _ = await agent_with_token(factory, tenant)
    missed = [await reply(services, tenant, agent(staff_id), cid, f"m{i}") for i in (1, 2)]
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        await as_visitor(socket, tenant, me.visitor_id or "")
        # when
        await socket.start(MESSAGES, {"id": str(cid), "after": str((missed[0].id or 0) - 1)})
        caught_up = [data_of(await socket.receive(), "chatMessages")["content"] for _ in missed]
        await until_subscribed(services.broadcast, channels.chat(tenant.id, cid))
        await say(services, tenant, me, cid, "thanks")
        live = data_of(await socket.receive(), "chatMessages")["content"]
    # then
    assert caught_up == ["m1", "m2"]
    assert live == "thanks"


async def test_another_visitor_cannot_subscribe(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    conversation = await start(services, tenant, visitor())
    cid = str(conversation.id)
    stranger = visitor()
    await start(services, tenant, stranger)
    for socket_tenant, query in ((tenant, MESSAGES), (tenant, TYPING), (other, MESSAGES)):
        async with graphql_socket(live_server.ws(f"/api/{socket_tenant.slug}/graphql")) as socket:
            await as_visitor(socket, socket_tenant, stranger.visitor_id or "")
            # when
            operation_id = await socket.start(query, {"id": cid})
            refusal = await socket.receive()
            # then
            assert refusal["id"] == operation_id
            assert refusal["payload"]["data"] is None
            assert [e["extensions"] for e in refusal["payload"]["errors"]] == [
                {"code": "NOT_FOUND", "reason": "resource_missing"}
            ]
            assert await socket.receive() == {"id": operation_id, "type": "complete"}
    assert not services.broadcast._subscribers.get(channels.chat(tenant.id, int(cid)))


async def test_an_id_no_row_can_have_ends_the_subscription_with_its_error(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    me = visitor()
    cid = str((await start(services, tenant, me)).id)
    cases = [
        (MESSAGES, {"id": "²"}, "NOT_FOUND"),
        (TYPING, {"id": "99999999999999999999999"}, "NOT_FOUND"),
        (MESSAGES, {"id": cid, "after": "-1"}, "BAD_USER_INPUT"),
    ]
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        await as_visitor(socket, tenant, me.visitor_id or "")
        for query, variables, code in cases:
            # when
            operation_id = await socket.start(query, variables)
            refusal = await socket.receive()
            # then
            assert refusal["id"] == operation_id
            assert [e["extensions"]["code"] for e in refusal["payload"]["errors"]] == [code]
            assert await socket.receive() == {"id": operation_id, "type": "complete"}


async def test_each_side_hears_only_the_others_typing(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    me = visitor()
    conversation = await start(services, tenant, me)
    cid = str(conversation.id)
    _, token = await agent_with_token(factory, tenant)
    url = live_server.ws(f"/api/{tenant.slug}/graphql")
    async with graphql_socket(url) as visitor_socket, graphql_socket(url) as agent_socket:
        await as_visitor(visitor_socket, tenant, me.visitor_id or "")
        await as_staff(agent_socket, token)
        await visitor_socket.start(TYPING, {"id": cid})
        await agent_socket.start(TYPING, {"id": cid})
        channel = channels.chat_typing(tenant.id, int(cid))
        await until_listeners(services, channel, 2)
        # when: each side types; like real clients, repeat while the other side may not have
        # heard it yet (typing is ephemeral, never stored)
        heard_by_agent = await _typed_until_heard(url, agent_socket, as_visitor_of(tenant, me), cid)
        heard_by_visitor = await _typed_until_heard(url, visitor_socket, as_staff_with(token), cid)
    # then
    assert (heard_by_agent["sender"], heard_by_agent["isTyping"]) == ("visitor", True)
    assert (heard_by_visitor["sender"], heard_by_visitor["isTyping"]) == ("agent", True)
    assert heard_by_visitor["expiresAt"] is not None


async def test_typing_lapses_without_renewal(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    me = visitor()
    conversation = await start(services, tenant, me)
    cid = conversation.id or 0
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        await as_visitor(socket, tenant, me.visitor_id or "")
        await socket.start(TYPING, {"id": str(cid)})
        await until_subscribed(services.broadcast, channels.chat_typing(tenant.id, cid))
        # when
        await chat.publish_typing(
            services.broadcast,
            tenant_id=tenant.id,
            conversation_id=cid,
            sender="bot",
            is_typing=True,
        )
        started = data_of(await socket.receive(), "chatTyping")
        ttl = services.settings.chat_typing_ttl_seconds
        lapsed = data_of(await socket.receive(within=ttl + 3), "chatTyping")
    # then
    assert (started["sender"], started["isTyping"]) == ("bot", True)
    assert lapsed == {"sender": "bot", "isTyping": False, "expiresAt": None}


async def test_agents_hear_new_conversations_and_presence(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    staff_id, token = await agent_with_token(factory, tenant)
    url = live_server.ws(f"/api/{tenant.slug}/graphql")
    async with graphql_socket(url) as inbox, graphql_socket(url) as presence:
        await as_staff(inbox, token)
        await as_staff(presence, token)
        await inbox.start(INBOX)
        await presence.start(PRESENCE)
        await until_subscribed(services.broadcast, channels.agent_inbox(tenant.id))
        await until_subscribed(services.broadcast, channels.agent_presence(tenant.id))
        # when
        conversation = await start(services, tenant, visitor(), visitor_name="Ann")
        await run(
            services,
            tenant,
            agent(staff_id),
            lambda session, ctx: chat.set_operator_status(
                session, ctx=ctx, data=chat.OperatorStatusIn(status=PresenceStatus.ONLINE)
            ),
        )
        # then
        assert data_of(await inbox.receive(), "agentInbox") == {
            "kind": "created",
            "conversationId": str(conversation.id),
            "status": "OPEN",
            "visitorName": "Ann",
        }
        assert data_of(await presence.receive(), "agentPresence") == {
            "staffId": str(staff_id),
            "status": "ONLINE",
        }


async def test_visitors_cannot_watch_the_inbox_or_presence(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    me = visitor()
    await start(services, tenant, me)
    for query in (INBOX, PRESENCE):
        async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
            await as_visitor(socket, tenant, me.visitor_id or "")
            await socket.start(query)
            refusal = await socket.receive()
            assert [e["extensions"] for e in refusal["payload"]["errors"]] == [
                {"code": "UNAUTHENTICATED", "reason": "unauthenticated"}
            ]


async def test_a_secret_key_listens_on_the_staff_side(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    """The side rule the long-poll applies too: agents' typing is the listener's own side."""
    # given
    tenant = await factory.tenant()
    conversation = await start(services, tenant, visitor())
    cid = conversation.id or 0
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        await as_staff(socket, tenant.secret_key)
        await socket.start(TYPING, {"id": str(cid)})
        await until_subscribed(services.broadcast, channels.chat_typing(tenant.id, cid))
        # when: an agent types, then the visitor
        for sender in ("agent", "visitor"):
            await chat.publish_typing(
                services.broadcast,
                tenant_id=tenant.id,
                conversation_id=cid,
                sender=sender,
                is_typing=True,
            )
        heard = data_of(await socket.receive(), "chatTyping")
    # then
    assert heard["sender"] == "visitor"
