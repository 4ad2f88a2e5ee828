"""agentExecution over WebSockets on a real server, and the chat auto-responder end to end."""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.realtime import channels
from tenantry.serving.services import Services
from tests.agents.support import add_execution, add_faq, configure, llm_settings, secret
from tests.conftest import Factory, TenantFixture
from tests.fake_llm import FakeLLM
from tests.live import GraphQLSocket, LiveServer, graphql_socket, until_subscribed

EXECUTION = "subscription($id: ID!) { agentExecution(id: $id) { id status output error } }"
CHAT_MESSAGES = (
    "subscription($id: ID!) { chatMessages(conversationId: $id) { senderType content } }"
)
CHAT_TYPING = "subscription($id: ID!) { chatTyping(conversationId: $id) { sender isTyping } }"


async def events_until_complete(socket: GraphQLSocket, operation_id: str) -> list[dict[str, Any]]:
    found = []
    while True:
        message = await socket.receive()
        assert message["id"] == operation_id, message
        if message["type"] == "complete":
            return found
        assert message["type"] == "next", message
        found.append(message["payload"])


async def test_a_subscriber_sees_a_run_go_from_running_to_succeeded(
    live_server: LiveServer, factory: Factory, services: Services, llm: FakeLLM
) -> None:
    # given: a model that takes a moment, run over HTTP
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm, "delay-0.8"))
    async with httpx.AsyncClient(base_url=live_server.http(), timeout=10) as http:
        response = await http.post(
            f"/api/{tenant.slug}/agents/llm/run",
            json={"input": {"message": "hello"}},
            headers=secret(tenant),
        )
    assert response.status_code == 202
    execution_id = response.json()["data"]["execution_id"]
    async with graphql_socket(live_server.ws()) as socket:
        ack = await socket.init({"authorization": f"Bearer {tenant.secret_key}"})
        assert ack["type"] == "connection_ack"
        # when
        operation_id = await socket.start(EXECUTION, {"id": str(execution_id)})
        payloads = await events_until_complete(socket, operation_id)
    # then: the state at subscription time, then each change; the stream ends after success
    statuses = [p["data"]["agentExecution"]["status"] for p in payloads]
    assert statuses in (["RUNNING", "SUCCEEDED"], ["QUEUED", "RUNNING", "SUCCEEDED"])
    assert payloads[-1]["data"]["agentExecution"] == {
        "id": str(execution_id),
        "status": "SUCCEEDED",
        "output": {"content": "Echo: hello", "model": "delay-0.8", "finish_reason": "stop"},
        "error": None,
    }


async def test_a_finished_execution_is_sent_once_and_the_stream_ends(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    done = await add_execution(services, tenant, "llm", {}, status="failed", error="Boom.")
    async with graphql_socket(live_server.ws()) as socket:
        await socket.init({"authorization": f"Bearer {tenant.secret_key}"})
        operation_id = await socket.start(EXECUTION, {"id": str(done.id)})
        payloads = await events_until_complete(socket, operation_id)
    assert payloads == [
        {
            "data": {
                "agentExecution": {
                    "id": str(done.id),
                    "status": "FAILED",
                    "output": None,
                    "error": "Boom.",
                }
            }
        }
    ]


async def subscription_error(
    live_server: LiveServer, init: dict[str, Any], execution_id: int | None
) -> list[str]:
    """The error codes of a refused subscription, which then completes."""
    async with graphql_socket(live_server.ws()) as socket:
        await socket.init(init)
        operation_id = await socket.start(EXECUTION, {"id": str(execution_id)})
        refusal = await socket.receive()
        assert await socket.receive() == {"id": operation_id, "type": "complete"}
    assert refusal["id"] == operation_id
    assert refusal["payload"]["data"] is None
    return [error["extensions"]["code"] for error in refusal["payload"]["errors"]]


async def test_another_tenant_cannot_follow_an_execution(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await add_execution(services, other, "llm", {})
    init = {"authorization": f"Bearer {tenant.secret_key}"}
    assert await subscription_error(live_server, init, theirs.id) == ["NOT_FOUND"]


async def test_an_anonymous_socket_cannot_follow_an_execution(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    execution = await add_execution(services, tenant, "llm", {})
    init = {"tenant": tenant.slug}
    assert await subscription_error(live_server, init, execution.id) == ["UNAUTHENTICATED"]


async def start_chat(server: LiveServer, tenant: TenantFixture) -> tuple[int, str]:
    async with httpx.AsyncClient(base_url=server.http(), timeout=10) as http:
        response = await http.post(
            f"/api/{tenant.slug}/chat/conversations",
            json={"visitor_name": "Ann", "initial_message": "Hi"},
        )
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    return int(data["id"]), str(data["visitor_id"])


async def test_a_visitor_question_gets_the_faq_answer_live(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given: an enabled responder, an FAQ, and a visitor listening to their conversation
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder", settings={"typing_seconds": 0.1})
    await add_faq(services, tenant, "How long does shipping take?", "3 to 5 days.")
    conversation_id, visitor_id = await start_chat(live_server, tenant)
    async with graphql_socket(live_server.ws()) as socket:
        await socket.init({"tenant": tenant.slug, "visitorId": visitor_id})
        messages = await socket.start(CHAT_MESSAGES, {"id": str(conversation_id)})
        typing = await socket.start(CHAT_TYPING, {"id": str(conversation_id)})
        await until_subscribed(services.broadcast, channels.chat(tenant.id, conversation_id))
        await until_subscribed(services.broadcast, channels.chat_typing(tenant.id, conversation_id))
        # when
        async with httpx.AsyncClient(base_url=live_server.http(), timeout=10) as http:
            sent = await http.post(
                f"/api/{tenant.slug}/chat/conversations/{conversation_id}/messages",
                json={"content": "how long does shipping take"},
                headers={"Cookie": f"visitor_id={visitor_id}"},
            )
        assert sent.status_code == 201, sent.text
        heard = [await socket.receive() for _ in range(4)]
    # then: the question, the bot typing, the answer, the bot done typing
    by_operation: dict[str, list[Any]] = {messages: [], typing: []}
    for message in heard:
        assert message["type"] == "next", message
        by_operation[message["id"]].append(message["payload"]["data"])
    assert by_operation[messages] == [
        {"chatMessages": {"senderType": "VISITOR", "content": "how long does shipping take"}},
        {"chatMessages": {"senderType": "BOT", "content": "3 to 5 days."}},
    ]
    assert by_operation[typing] == [
        {"chatTyping": {"sender": "bot", "isTyping": True}},
        {"chatTyping": {"sender": "bot", "isTyping": False}},
    ]
