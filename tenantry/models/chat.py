"""Live support chat: conversations, their messages, and agents' presence."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)


class ConversationStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Conversation(TenantOwned, table=True):
    __table_args__ = (
        Index("ix_conversation_inbox", "tenant_id", "status", "last_message_at"),
        Index("ix_conversation_visitor", "tenant_id", "visitor_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    visitor_id: str | None = Field(default=None, max_length=64)
    member_id: int | None = Field(
        default=None, foreign_key="member.id", ondelete="SET NULL", index=True
    )
    visitor_name: str = Field(default="", max_length=200)
    visitor_email: str | None = Field(default=None, max_length=254)
    status: ConversationStatus = enum_field(ConversationStatus.OPEN)
    assigned_staff_id: int | None = Field(
        default=None, foreign_key="staff.id", ondelete="SET NULL", index=True
    )
    last_message_at: datetime | None = datetime_field()
    first_response_at: datetime | None = datetime_field()
    closed_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class SenderType(StrEnum):
    VISITOR = "visitor"
    AGENT = "agent"
    BOT = "bot"
    SYSTEM = "system"


class ChatMessage(TenantOwned, table=True):
    __tablename__ = "chat_message"
    __table_args__ = (Index("ix_chat_message_conversation", "conversation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", ondelete="CASCADE")
    sender_type: SenderType = enum_field()
    staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    body: str
    created_at: datetime = created_at_field()


class PresenceStatus(StrEnum):
    ONLINE = "online"
    AWAY = "away"
    OFFLINE = "offline"


class OperatorPresence(TenantOwned, table=True):
    __tablename__ = "agent_presence"
    __table_args__ = (UniqueConstraint("tenant_id", "staff_id"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", ondelete="CASCADE")
    status: PresenceStatus = enum_field(PresenceStatus.OFFLINE)
    updated_at: datetime = updated_at_field()
