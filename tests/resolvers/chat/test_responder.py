"""The chat auto-responder: FAQ answers posted as bot messages, after typing."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from tenantry.agents.runner import wait_for_runs
from tenantry.models.chat import ChatMessage, SenderType
from tenantry.realtime import channels
from tenantry.resolvers.chat.responder import respond_to_visitor_message
from tenantry.serving.services import Services
from tests.agents.support import add_faq, configure, executions_of
from tests.conftest import Factory, TenantFixture
from tests.resolvers.chat.support import bodies, heard, new_agent, reply, say, start, visitor

pytestmark = pytest.mark.usefixtures("app")

QUESTION = "What are your opening hours?"
ANSWER = "We are open 9 to 5."
QUIET = {"typing_seconds": 0}


async def first_message(services: Services, tenant: TenantFixture, conversation_id: int) -> int:
    async with services.db.unit(tenant.id) as unit:
        found = await unit.session.scalar(
            select(ChatMessage.id).where(col(ChatMessage.conversation_id) == conversation_id)
        )
    assert found is not None
    return int(found)


async def asked(services: Services, tenant: TenantFixture, text: str) -> tuple[int, int]:
    """A visitor opens a conversation with text, and whatever the responder does after the
    commit is done; the conversation's id and the message's."""
    conversation = await start(services, tenant, visitor(), text)
    assert conversation.id is not None
    await wait_for_runs()
    return conversation.id, await first_message(services, tenant, conversation.id)


async def respond(services: Services, tenant: TenantFixture, ids: tuple[int, int]) -> None:
    await respond_to_visitor_message(
        services.db, services.settings, tenant.info, conversation_id=ids[0], message_id=ids[1]
    )


async def test_a_question_the_faq_answers_gets_a_bot_reply(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder", settings=QUIET)
    entry = await add_faq(services, tenant, QUESTION, ANSWER)
    # when: the question opens the conversation
    ids = await asked(services, tenant, "When are your opening hours?")
    # then
    assert await bodies(services, tenant, ids[0]) == ["When are your opening hours?", ANSWER]
    [execution] = await executions_of(services, tenant)
    assert (execution.agent_slug, execution.status) == ("faq-responder", "succeeded")
    assert execution.input == {
        "message": "When are your opening hours?",
        "conversation_id": ids[0],
        "message_id": ids[1],
    }
    assert execution.output == {"answer": ANSWER, "faq_id": entry.id, "score": 1.0}


async def test_the_bot_types_before_it_answers(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder", settings={"typing_seconds": 0.2})
    await add_faq(services, tenant, QUESTION, ANSWER)
    guest = visitor()
    conversation = await start(services, tenant, guest, "Hi")  # no answer: nothing typed
    assert conversation.id is not None
    await wait_for_runs()
    typing_channel = channels.chat_typing(tenant.id, conversation.id)
    # when
    async with (
        services.broadcast.subscribe(channel=typing_channel) as typing,
        services.broadcast.subscribe(channel=channels.chat(tenant.id, conversation.id)) as messages,
    ):
        await say(services, tenant, guest, conversation.id, QUESTION)
        await wait_for_runs()
        typed = await heard(typing)
        said = await heard(messages)
    # then
    assert [(data["sender"], data["is_typing"]) for _, data in typed] == [
        ("bot", True),
        ("bot", False),
    ]
    assert [(d["sender_type"], d["body"]) for _, d in said if d["sender_type"] == "bot"] == [
        ("bot", ANSWER)
    ]


async def test_no_confident_answer_posts_nothing(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder", settings=QUIET)
    await add_faq(services, tenant, QUESTION, ANSWER)
    # when
    ids = await asked(services, tenant, "Do you sell gift cards?")
    # then
    assert await bodies(services, tenant, ids[0]) == ["Do you sell gift cards?"]
    [execution] = await executions_of(services, tenant)
    assert execution.output == {"answer": None}


async def test_a_fallback_can_be_posted_instead(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder", settings={**QUIET, "fallback": True})
    # when
    ids = await asked(services, tenant, "Do you sell gift cards?")
    # then
    assert await bodies(services, tenant, ids[0]) == [
        "Do you sell gift cards?",
        "An agent will be with you shortly.",
    ]


@pytest.mark.parametrize("configured", [False, True])
async def test_a_responder_not_enabled_does_nothing(
    services: Services, factory: Factory, configured: bool
) -> None:
    # given
    tenant = await factory.tenant()
    if configured:
        await configure(services, tenant, "faq-responder", enabled=False, settings=QUIET)
    await add_faq(services, tenant, QUESTION, ANSWER)
    # when
    ids = await asked(services, tenant, QUESTION)
    await respond(services, tenant, ids)  # even when asked directly
    # then
    assert await bodies(services, tenant, ids[0]) == [QUESTION]
    assert await executions_of(services, tenant) == []


async def test_a_conversation_an_agent_has_is_left_to_the_agent(
    services: Services, factory: Factory
) -> None:
    # given: an agent answered, which assigns the conversation
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder", settings=QUIET)
    await add_faq(services, tenant, QUESTION, ANSWER)
    ids = await asked(services, tenant, "Hi")
    await reply(services, tenant, await new_agent(factory, tenant), ids[0], "Hello, I'm Ann.")
    await wait_for_runs()
    # when
    async with services.db.unit(tenant.id) as unit:
        unit.session.add(ChatMessage(conversation_id=ids[0], sender_type="visitor", body=QUESTION))
        await unit.commit()
    last = await first_message_by(services, tenant, ids[0], QUESTION)
    await respond(services, tenant, (ids[0], last))
    # then: only "Hi", asked before the agent came, went to the responder (without an answer)
    assert await bodies(services, tenant, ids[0]) == ["Hi", "Hello, I'm Ann.", QUESTION]
    [execution] = await executions_of(services, tenant)
    assert execution.input["message"] == "Hi"


async def first_message_by(
    services: Services, tenant: TenantFixture, conversation_id: int, body: str
) -> int:
    async with services.db.unit(tenant.id) as unit:
        found = await unit.session.scalar(
            select(ChatMessage.id).where(
                col(ChatMessage.conversation_id) == conversation_id, col(ChatMessage.body) == body
            )
        )
    assert found is not None
    return int(found)


async def test_a_visitor_message_is_answered_once_it_is_committed(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder", settings=QUIET)
    await add_faq(services, tenant, QUESTION, ANSWER, keywords=["hours"])
    conversation = await start(services, tenant, (guest := visitor()), "Hi there")
    assert conversation.id is not None
    # when: the chat's send_message schedules the responder after its commit
    await say(services, tenant, guest, conversation.id, "opening hours?")
    await wait_for_runs()
    # then
    assert await bodies(services, tenant, conversation.id) == [
        "Hi there",
        "opening hours?",
        ANSWER,
    ]
    async with services.db.unit(tenant.id) as unit:
        senders = list(
            await unit.session.scalars(
                select(ChatMessage.sender_type)
                .where(col(ChatMessage.conversation_id) == conversation.id)
                .order_by(col(ChatMessage.id))
            )
        )
    assert senders == [SenderType.VISITOR, SenderType.VISITOR, SenderType.BOT]
