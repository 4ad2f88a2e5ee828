"""Chat object types: conversations, messages, the agents' inbox, presence and live events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from tenantry.models import chat as rows
from tenantry.resolvers import chat
from tenantry.schema.context import GraphQLContext
from tenantry.schema.ids import graphql_id, optional_id
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(rows.SenderType, name="ChatSender")
ChatSender = rows.SenderType
strawberry.enum(rows.ConversationStatus, name="ChatConversationStatus")
ConversationStatus = rows.ConversationStatus
strawberry.enum(rows.PresenceStatus, name="ChatAgentStatus")
PresenceStatus = rows.PresenceStatus
strawberry.enum(chat.InboxFilter, name="ChatInboxFilter")
InboxFilter = chat.InboxFilter


@strawberry.type(name="ChatMessage")
class ChatMessage:
    id: strawberry.ID
    conversation_id: strawberry.ID
    sender_type: ChatSender
    staff_id: strawberry.ID | None = strawberry.field(description="The agent who wrote it.")
    content: str
    created_at: datetime

    @classmethod
    def from_model(cls, message: rows.ChatMessage) -> ChatMessage:
        return cls(
            id=graphql_id(message.id),
            conversation_id=graphql_id(message.conversation_id),
            sender_type=rows.SenderType(message.sender_type),
            staff_id=optional_id(message.staff_id),
            content=message.body,
            created_at=message.created_at,
        )


@strawberry.type
class ChatConversation:
    id: strawberry.ID
    visitor_name: str
    visitor_email: str | None
    member_id: strawberry.ID | None
    status: ConversationStatus
    assigned_staff_id: strawberry.ID | None
    last_message_at: datetime | None
    first_response_at: datetime | None
    closed_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, conversation: rows.Conversation) -> ChatConversation:
        return cls(
            id=graphql_id(conversation.id),
            visitor_name=conversation.visitor_name,
            visitor_email=conversation.visitor_email,
            member_id=optional_id(conversation.member_id),
            status=rows.ConversationStatus(conversation.status),
            assigned_staff_id=optional_id(conversation.assigned_staff_id),
            last_message_at=conversation.last_message_at,
            first_response_at=conversation.first_response_at,
            closed_at=conversation.closed_at,
            created_at=conversation.created_at,
        )


@strawberry.type
class ChatConversationPage:
    items: list[ChatConversation]
    page_info: PageInfo


@strawberry.type
class StartChatConversationPayload:
    conversation: ChatConversation
    visitor_id: str | None = strawberry.field(
        description="The visitor id the conversation belongs to; keep it (the visitor_id "
        "cookie is set too) to read it again and to authenticate the socket."
    )


@strawberry.type
class ChatInboxEntry:
    conversation: ChatConversation
    last_message: ChatMessage | None

    @classmethod
    def from_entry(cls, entry: chat.InboxEntry) -> ChatInboxEntry:
        last = entry.last_message
        return cls(
            conversation=ChatConversation.from_model(entry.conversation),
            last_message=ChatMessage.from_model(last) if last is not None else None,
        )


@strawberry.type
class ChatInboxPage:
    items: list[ChatInboxEntry]
    page_info: PageInfo


@strawberry.type
class ChatAvailability:
    available: bool
    online_agents: int


@strawberry.type
class ChatAgentStats:
    open: int
    waiting: int = strawberry.field(description="Open and not yet answered by an agent.")
    assigned_to_me: int
    closed_today: int = strawberry.field(description="Today in the shop's timezone.")
    average_first_response_seconds: float | None
    average_resolution_seconds: float | None

    @classmethod
    def from_stats(cls, stats: chat.OperatorStats) -> ChatAgentStats:
        return cls(
            open=stats.open,
            waiting=stats.waiting,
            assigned_to_me=stats.assigned_to_me,
            closed_today=stats.closed_today,
            average_first_response_seconds=stats.average_first_response_seconds,
            average_resolution_seconds=stats.average_resolution_seconds,
        )


@strawberry.type
class ChatAgentPresence:
    staff_id: strawberry.ID
    status: PresenceStatus
    updated_at: datetime

    @classmethod
    def from_model(cls, presence: rows.OperatorPresence) -> ChatAgentPresence:
        return cls(
            staff_id=graphql_id(presence.staff_id),
            status=rows.PresenceStatus(presence.status),
            updated_at=presence.updated_at,
        )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ChatAgentPresence:
        return cls(
            staff_id=strawberry.ID(str(data["staff_id"])),
            status=rows.PresenceStatus(str(data["status"])),
            updated_at=datetime.fromisoformat(str(data["updated_at"])),
        )


@strawberry.type(description="Someone is typing, or stopped. isTyping true lapses at expiresAt.")
class ChatTyping:
    conversation_id: strawberry.ID
    sender: str = strawberry.field(description="visitor, agent or bot.")
    is_typing: bool
    at: datetime
    expires_at: datetime | None

    @classmethod
    def from_typing(cls, typing: chat.Typing) -> ChatTyping:
        return cls(
            conversation_id=strawberry.ID(str(typing.conversation_id)),
            sender=typing.sender,
            is_typing=typing.is_typing,
            at=typing.at,
            expires_at=typing.expires_at,
        )


@strawberry.type(description="A conversation that changed: created, message, assigned, ...")
class ChatInboxEvent:
    kind: str = strawberry.field(description="created, message, assigned, closed or reopened.")
    conversation_id: strawberry.ID
    status: ConversationStatus
    assigned_staff_id: strawberry.ID | None
    visitor_name: str
    last_message_at: datetime | None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ChatInboxEvent:
        last = data.get("last_message_at")
        assigned = data.get("assigned_staff_id")
        return cls(
            kind=str(data["kind"]),
            conversation_id=strawberry.ID(str(data["conversation_id"])),
            status=rows.ConversationStatus(str(data["status"])),
            assigned_staff_id=strawberry.ID(str(assigned)) if assigned is not None else None,
            visitor_name=str(data["visitor_name"]),
            last_message_at=datetime.fromisoformat(str(last)) if last else None,
        )
