from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_cursor, parse_id
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import chat
from tenantry.schema.chat.types import (
    ChatAgentStats,
    ChatAvailability,
    ChatConversation,
    ChatConversationPage,
    ChatInboxEntry,
    ChatInboxPage,
    ChatMessage,
    GQLInfo,
    InboxFilter,
)
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(
        description="The visitor's (visitor_id cookie or socket visitorId) or member's own "
        "conversations, latest activity first."
    )
    async def chat_conversations(
        self, info: GQLInfo, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> ChatConversationPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        found = await chat.list_my_conversations(context.session, ctx=context.ctx, page=request)
        return ChatConversationPage(
            items=[ChatConversation.from_model(c) for c in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="One conversation, for its visitor or member and for agents.")
    async def chat_conversation(self, info: GQLInfo, id: strawberry.ID) -> ChatConversation:
        context = info.context
        found = await chat.get_conversation(
            context.session, ctx=context.ctx, conversation_id=parse_id(id, "conversation")
        )
        return ChatConversation.from_model(found)

    @strawberry.field(
        description="Messages oldest first: those after `after` (catching up after a "
        "reconnect), or the latest `limit` without it."
    )
    async def chat_messages(
        self,
        info: GQLInfo,
        conversation_id: strawberry.ID,
        after: strawberry.ID | None = None,
        limit: int | None = None,
    ) -> list[ChatMessage]:
        context = info.context
        found = await chat.list_messages(
            context.session,
            ctx=context.ctx,
            conversation_id=parse_id(conversation_id, "conversation"),
            after=None if after is None else parse_cursor(after, "after"),
            limit=limit,
        )
        return [ChatMessage.from_model(message) for message in found]

    @strawberry.field(description="Whether an agent is online to answer now.")
    async def chat_availability(self, info: GQLInfo) -> ChatAvailability:
        context = info.context
        found = await chat.get_availability(context.session, ctx=context.ctx)
        return ChatAvailability(available=found.available, online_agents=found.online_agents)

    @strawberry.field(description="Agents: conversations, latest activity first.")
    async def agent_inbox(
        self,
        info: GQLInfo,
        filter: InboxFilter = chat.InboxFilter.ALL,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> ChatInboxPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        found = await chat.list_inbox(
            context.session, ctx=context.ctx, inbox=chat.InboxFilter(filter), page=request
        )
        return ChatInboxPage(
            items=[ChatInboxEntry.from_entry(entry) for entry in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="Agents: the support dashboard's figures.")
    async def chat_agent_stats(self, info: GQLInfo) -> ChatAgentStats:
        context = info.context
        stats = await chat.get_operator_stats(context.session, ctx=context.ctx)
        return ChatAgentStats.from_stats(stats)
