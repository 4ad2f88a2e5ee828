"""Typing indicators: published, never stored, and taken as stopped after a few seconds.

An event says who is typing and when; a consumer treats `is_typing: true` as expired
`chat_typing_ttl_seconds` after `at` unless another event renews it, so a client that vanished
mid-word never leaves "typing…" on the other side.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from broadcaster import Broadcast
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.clock import utcnow
from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict
from tenantry.core.inputs import Input
from tenantry.models.chat import ConversationStatus
from tenantry.realtime import channels
from tenantry.realtime.events import encode_event, publish_after_commit
from tenantry.resolvers.chat.access import (
    get_conversation_for_staff,
    get_own_conversation,
    on_staff_side,
)
from tenantry.resolvers.chat.events import TYPING, typing_data

VISITOR = "visitor"
AGENT = "agent"
BOT = "bot"
SENDERS = frozenset({VISITOR, AGENT, BOT})


class TypingIn(Input):
    is_typing: bool = True


@dataclass(frozen=True)
class Typing:
    conversation_id: int
    sender: str
    is_typing: bool
    at: datetime
    expires_at: datetime | None

    @classmethod
    def from_data(cls, data: dict[str, Any], *, ttl_seconds: float) -> Typing:
        at = datetime.fromisoformat(str(data["at"]))
        is_typing = bool(data["is_typing"])
        return cls(
            conversation_id=int(data["conversation_id"]),
            sender=str(data["sender"]),
            is_typing=is_typing,
            at=at,
            expires_at=at + timedelta(seconds=ttl_seconds) if is_typing else None,
        )


def seen_by(sender: str, *, staff_side: bool) -> bool:
    """Each side is told only about the other side's typing."""
    return sender == VISITOR if staff_side else sender != VISITOR


class TypingWatch:
    """The other side's typing as one listener should see it.

    `hear` keeps the events of the other side (and drops the caller's own); each `is_typing`
    lapses `chat_typing_ttl_seconds` after it was sent unless renewed, and `lapsed` answers the
    stop a listener is owed for each, so a client that vanished mid-word never leaves "typing…".
    """

    def __init__(self, ctx: Ctx) -> None:
        self._staff_side = on_staff_side(ctx)
        self._ttl = ctx.settings.chat_typing_ttl_seconds
        self._typing: dict[str, Typing] = {}

    def hear(self, data: dict[str, Any]) -> Typing | None:
        if not seen_by(str(data["sender"]), staff_side=self._staff_side):
            return None
        typing = Typing.from_data(data, ttl_seconds=self._ttl)
        if typing.is_typing:
            self._typing[typing.sender] = typing
        else:
            self._typing.pop(typing.sender, None)
        return typing

    def next_lapse(self, now: datetime) -> float | None:
        """Seconds until the next typing lapses; None while nobody is typing."""
        expiries = [t.expires_at for t in self._typing.values() if t.expires_at is not None]
        return max((min(expiries) - now).total_seconds(), 0.0) if expiries else None

    def lapsed(self, now: datetime) -> list[Typing]:
        stops: list[Typing] = []
        for sender, typing in list(self._typing.items()):
            if typing.expires_at is not None and typing.expires_at <= now:
                del self._typing[sender]
                stops.append(replace(typing, is_typing=False, at=now, expires_at=None))
        return stops


async def publish_typing(
    broadcast: Broadcast, *, tenant_id: int, conversation_id: int, sender: str, is_typing: bool
) -> None:
    """Sends a typing event now; there is nothing to commit. The caller has checked access."""
    if sender not in SENDERS:
        raise ValueError(f"unknown typing sender {sender!r}")
    data = typing_data(
        conversation_id=conversation_id, sender=sender, is_typing=is_typing, at=utcnow()
    )
    await broadcast.publish(
        channel=channels.chat_typing(tenant_id, conversation_id),
        message=encode_event(TYPING, data),
    )


async def set_typing(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, is_typing: bool
) -> Typing:
    """The caller's side is typing (or stopped): the staff side as "agent", the visitor's as
    "visitor"."""
    if on_staff_side(ctx):
        conversation = await get_conversation_for_staff(
            session, ctx=ctx, conversation_id=conversation_id
        )
        sender = AGENT
    else:
        conversation = await get_own_conversation(session, ctx=ctx, conversation_id=conversation_id)
        sender = VISITOR
    if conversation.status != ConversationStatus.OPEN:
        raise Conflict("This conversation is closed.", code="conversation_closed")
    data = typing_data(
        conversation_id=conversation_id, sender=sender, is_typing=is_typing, at=ctx.now()
    )
    # Queued on the unit only so that a failed request announces nothing; no row is written.
    publish_after_commit(
        session,
        channel=channels.chat_typing(ctx.tenant.id, conversation_id),
        event=TYPING,
        data=data,
    )
    return Typing.from_data(data, ttl_seconds=ctx.settings.chat_typing_ttl_seconds)
