"""get_operator_stats: the dashboard's averages, on a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tenantry.resolvers import chat
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.chat.support import new_agent, run, visitor
from tests.support import FixedClock, make_ctx


async def test_averages_of_first_response_and_resolution(
    services: Services, factory: Factory
) -> None:
    # given: one chat answered after 30 s and closed after 90 s, one answered after 60 s
    tenant = await factory.tenant()
    staff = await new_agent(factory, tenant)
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0))

    async def at(seconds: int, principal: object, call: object) -> object:
        clock.moment = start + timedelta(seconds=seconds)
        ctx = make_ctx(services, tenant, principal, clock)  # type: ignore[arg-type]
        return await run(services, tenant, principal, call, ctx=ctx)  # type: ignore[arg-type]

    start = clock.moment
    data = chat.StartConversationIn(visitor_name="A", initial_message="Hi")
    answer = chat.MessageIn(content="Hello")
    first = await at(0, visitor(), lambda s, c: chat.start_conversation(s, ctx=c, data=data))
    second = await at(0, visitor(), lambda s, c: chat.start_conversation(s, ctx=c, data=data))
    ids = [first.id, second.id]  # type: ignore[attr-defined]
    await at(
        30,
        staff,
        lambda s, c: chat.reply_as_operator(s, ctx=c, conversation_id=ids[0], data=answer),
    )
    await at(
        60,
        staff,
        lambda s, c: chat.reply_as_operator(s, ctx=c, conversation_id=ids[1], data=answer),
    )
    await at(
        90,
        staff,
        lambda s, c: chat.close_conversation_as_operator(s, ctx=c, conversation_id=ids[0]),
    )
    # when
    stats = await at(100, staff, lambda s, c: chat.get_operator_stats(s, ctx=c))
    # then
    assert stats == chat.OperatorStats(
        open=1,
        waiting=0,
        assigned_to_me=1,
        closed_today=1,
        average_first_response_seconds=45.0,
        average_resolution_seconds=90.0,
    )
