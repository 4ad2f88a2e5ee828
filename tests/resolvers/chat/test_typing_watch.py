"""TypingWatch: which typing a listener hears, and when a typing it heard lapses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.models.tenant import ApiKeyKind, StaffRole
from tenantry.resolvers.chat import TypingWatch, on_staff_side
from tenantry.resolvers.chat.events import typing_data
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import make_ctx

AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
VISITOR = Principal(visitor_id="v-1")
AGENT = Principal(kind=PrincipalKind.STAFF, staff_id=1, staff_role=StaffRole.AGENT)
SECRET = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET, key_id=1)
MEMBER = Principal(kind=PrincipalKind.MEMBER, member_id=1)


def typing(sender: str, *, is_typing: bool = True, at: datetime = AT) -> dict[str, object]:
    return typing_data(conversation_id=1, sender=sender, is_typing=is_typing, at=at)


async def ctx_of(services: Services, factory: Factory, principal: Principal) -> Ctx:
    return make_ctx(services, await factory.tenant(), principal)


@pytest.mark.parametrize(
    ("principal", "staff_side"),
    [(VISITOR, False), (MEMBER, False), (AGENT, True), (SECRET, True)],
)
async def test_the_side_of_each_caller(
    services: Services, factory: Factory, principal: Principal, staff_side: bool
) -> None:
    assert on_staff_side(await ctx_of(services, factory, principal)) is staff_side


@pytest.mark.parametrize(
    ("principal", "heard"),
    [
        (VISITOR, ["agent", "bot"]),
        (MEMBER, ["agent", "bot"]),
        (AGENT, ["visitor"]),
        (SECRET, ["visitor"]),
    ],
)
async def test_each_side_hears_only_the_other(
    services: Services, factory: Factory, principal: Principal, heard: list[str]
) -> None:
    watch = TypingWatch(await ctx_of(services, factory, principal))

    found = [watch.hear(typing(sender)) for sender in ("visitor", "agent", "bot")]

    assert [t.sender for t in found if t is not None] == heard


async def test_a_typing_lapses_after_the_ttl_with_one_stop(
    services: Services, factory: Factory
) -> None:
    # given
    ctx = await ctx_of(services, factory, VISITOR)
    ttl = timedelta(seconds=ctx.settings.chat_typing_ttl_seconds)
    watch = TypingWatch(ctx)
    watch.hear(typing("agent"))
    # when / then
    assert watch.next_lapse(AT) == ttl.total_seconds()
    assert watch.lapsed(AT + ttl / 2) == []
    [stop] = watch.lapsed(AT + ttl)
    assert (stop.sender, stop.is_typing, stop.expires_at) == ("agent", False, None)
    assert watch.lapsed(AT + ttl * 2) == []
    assert watch.next_lapse(AT + ttl * 2) is None


async def test_a_renewed_typing_lapses_later_and_a_stop_forgets_it(
    services: Services, factory: Factory
) -> None:
    ctx = await ctx_of(services, factory, AGENT)
    ttl = timedelta(seconds=ctx.settings.chat_typing_ttl_seconds)
    watch = TypingWatch(ctx)
    watch.hear(typing("visitor"))
    watch.hear(typing("visitor", at=AT + ttl / 2))

    assert watch.lapsed(AT + ttl) == []
    watch.hear(typing("visitor", is_typing=False, at=AT + ttl))
    assert watch.next_lapse(AT + ttl) is None
