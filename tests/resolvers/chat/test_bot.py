"""The functions the AI agents use: bot messages, typing, and reading a conversation as staff."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Conflict, Forbidden, NotFound, Unauthenticated
from tenantry.models.chat import ConversationStatus, SenderType
from tenantry.realtime import channels
from tenantry.resolvers import chat
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.chat.support import (
    bodies,
    heard,
    load,
    member,
    new_agent,
    run,
    start,
    visitor,
)
from tests.support import SECRET_KEY_PRINCIPAL, make_ctx


async def test_a_bot_message_is_stored_then_published(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    conversation = await start(services, tenant, visitor())
    assert conversation.id is not None
    channel = channels.chat(tenant.id, conversation.id)
    # when
    async with services.broadcast.subscribe(channel=channel) as subscriber:
        message = await run(
            services,
            tenant,
            SECRET_KEY_PRINCIPAL,
            lambda session, ctx: chat.add_bot_message(
                session, ctx=ctx, conversation_id=conversation.id or 0, body="Refunds take 3 days."
            ),
        )
        events = await heard(subscriber)
    # then
    assert message.sender_type == SenderType.BOT
    assert await bodies(services, tenant, conversation.id) == ["Hello!", "Refunds take 3 days."]
    # (the memory broker may still be delivering the first message when the test subscribes)
    assert [
        (event, data["id"], data["body"]) for event, data in events if data["sender_type"] == "bot"
    ] == [(chat.MESSAGE_CREATED, message.id, "Refunds take 3 days.")]
    assert (await load(services, tenant, conversation.id)).first_response_at is None


async def test_a_bot_message_rolled_back_is_never_published(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    conversation = await start(services, tenant, visitor())
    assert conversation.id is not None
    channel = channels.chat(tenant.id, conversation.id)
    # when
    async with services.broadcast.subscribe(channel=channel) as subscriber:
        async with services.db.unit(tenant.id) as uow:
            ctx = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)
            await chat.add_bot_message(
                uow.session, ctx=ctx, conversation_id=conversation.id, body="Never mind"
            )
            await uow.rollback()
        events = await heard(subscriber)
    # then
    assert [data["body"] for _, data in events if data["sender_type"] == "bot"] == []
    assert await bodies(services, tenant, conversation.id) == ["Hello!"]


async def test_a_bot_cannot_post_to_a_closed_conversation(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    someone = visitor()
    conversation = await start(services, tenant, someone)
    assert conversation.id is not None
    await run(
        services,
        tenant,
        someone,
        lambda session, ctx: chat.close_conversation(
            session, ctx=ctx, conversation_id=conversation.id or 0
        ),
    )
    # when / then
    with pytest.raises(Conflict):
        await run(
            services,
            tenant,
            SECRET_KEY_PRINCIPAL,
            lambda session, ctx: chat.add_bot_message(
                session, ctx=ctx, conversation_id=conversation.id or 0, body="Hi"
            ),
        )


async def test_a_bot_cannot_post_to_another_tenants_conversation(
    services: Services, factory: Factory
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    conversation = await start(services, other, visitor())
    # when / then
    with pytest.raises(NotFound):
        await run(
            services,
            tenant,
            SECRET_KEY_PRINCIPAL,
            lambda session, ctx: chat.add_bot_message(
                session, ctx=ctx, conversation_id=conversation.id or 0, body="Hi"
            ),
        )


async def test_publish_typing_sends_an_ephemeral_event(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    conversation = await start(services, tenant, visitor())
    assert conversation.id is not None
    channel = channels.chat_typing(tenant.id, conversation.id)
    # when
    async with services.broadcast.subscribe(channel=channel) as subscriber:
        await chat.publish_typing(
            services.broadcast,
            tenant_id=tenant.id,
            conversation_id=conversation.id,
            sender="bot",
            is_typing=True,
        )
        events = await heard(subscriber)
    # then
    [(event, data)] = events
    assert event == chat.TYPING
    assert (data["conversation_id"], data["sender"], data["is_typing"]) == (
        conversation.id,
        "bot",
        True,
    )


async def test_publish_typing_refuses_an_unknown_sender(services: Services) -> None:
    with pytest.raises(ValueError, match="unknown typing sender"):
        await chat.publish_typing(
            services.broadcast, tenant_id=1, conversation_id=1, sender="robot", is_typing=True
        )


async def test_staff_and_the_secret_key_read_any_conversation_of_the_tenant(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    conversation = await start(services, tenant, visitor())
    cid = conversation.id or 0
    staff = await new_agent(factory, tenant)
    # when
    found = [
        await run(
            services,
            tenant,
            principal,
            lambda session, ctx: chat.get_conversation_for_staff(
                session, ctx=ctx, conversation_id=cid
            ),
        )
        for principal in (staff, SECRET_KEY_PRINCIPAL)
    ]
    # then
    assert [c.id for c in found] == [cid, cid]
    assert found[0].status == ConversationStatus.OPEN


@pytest.mark.parametrize(
    ("principal", "error"),
    [(visitor(), Unauthenticated), (member(1), Forbidden)],
)
async def test_visitors_and_members_are_not_staff(
    services: Services, factory: Factory, principal: object, error: type[Exception]
) -> None:
    # given
    tenant = await factory.tenant()
    conversation = await start(services, tenant, visitor())
    # when / then
    with pytest.raises(error):
        await run(
            services,
            tenant,
            principal,  # type: ignore[arg-type]
            lambda session, ctx: chat.get_conversation_for_staff(
                session, ctx=ctx, conversation_id=conversation.id or 0
            ),
        )
