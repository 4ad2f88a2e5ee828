"""What chat publishes, on which channel, and the payload of each event.

Messages go out only after the commit that stored them, so a subscriber that missed one finds it
with `after`. A message whose text would not fit a NOTIFY payload goes out without its body
(`"body": null`); subscribers load it by id.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.models.chat import (
    ChatMessage,
    Conversation,
    ConversationStatus,
    OperatorPresence,
    SenderType,
)
from tenantry.realtime import channels
from tenantry.realtime.events import EventTooLarge, encode_event, publish_after_commit

MESSAGE_CREATED = "chat.message"
TYPING = "chat.typing"
INBOX_CHANGED = "chat.inbox"
PRESENCE_CHANGED = "chat.presence"

# What happened to a conversation, as agentInbox reports it.
INBOX_CREATED = "created"
INBOX_MESSAGE = "message"
INBOX_ASSIGNED = "assigned"
INBOX_CLOSED = "closed"
INBOX_REOPENED = "reopened"


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def message_data(message: ChatMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "conversation_id": message.conversation_id,
        "sender_type": str(message.sender_type),
        "staff_id": message.staff_id,
        "body": message.body,
        "created_at": iso(message.created_at),
    }


def message_from_data(data: dict[str, Any]) -> ChatMessage | None:
    """The message an event carries; None when it came without its body (load it by id)."""
    if data.get("body") is None:
        return None
    return ChatMessage(
        id=int(data["id"]),
        conversation_id=int(data["conversation_id"]),
        sender_type=SenderType(str(data["sender_type"])),
        staff_id=data.get("staff_id"),
        body=str(data["body"]),
        created_at=datetime.fromisoformat(str(data["created_at"])),
    )


def publish_message(session: AsyncSession, *, ctx: Ctx, message: ChatMessage) -> None:
    data = message_data(message)
    channel = channels.chat(ctx.tenant.id, message.conversation_id)
    try:
        encode_event(MESSAGE_CREATED, data)
    except EventTooLarge:
        data["body"] = None
    publish_after_commit(session, channel=channel, event=MESSAGE_CREATED, data=data)


def inbox_data(conversation: Conversation, kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "conversation_id": conversation.id,
        "status": str(ConversationStatus(conversation.status)),
        "assigned_staff_id": conversation.assigned_staff_id,
        "visitor_name": conversation.visitor_name,
        "last_message_at": iso(conversation.last_message_at),
    }


def publish_inbox(
    session: AsyncSession, *, ctx: Ctx, conversation: Conversation, kind: str
) -> None:
    publish_after_commit(
        session,
        channel=channels.agent_inbox(ctx.tenant.id),
        event=INBOX_CHANGED,
        data=inbox_data(conversation, kind),
    )


def publish_presence(session: AsyncSession, *, ctx: Ctx, presence: OperatorPresence) -> None:
    publish_after_commit(
        session,
        channel=channels.agent_presence(ctx.tenant.id),
        event=PRESENCE_CHANGED,
        data={
            "staff_id": presence.staff_id,
            "status": str(presence.status),
            "updated_at": iso(presence.updated_at),
        },
    )


def typing_data(
    *, conversation_id: int, sender: str, is_typing: bool, at: datetime
) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id,
        "sender": sender,
        "is_typing": is_typing,
        "at": iso(at),
    }
