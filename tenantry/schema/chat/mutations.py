"""Chat writes: visitors and members on their own conversations, agents on any of the shop's."""

from __future__ import annotations

import strawberry
from starlette.requests import Request

from tenantry.core.ids import parse_id, parse_reference
from tenantry.core.inputs import parse_input
from tenantry.resolvers import chat
from tenantry.schema.chat.inputs import StartChatConversationInput
from tenantry.schema.chat.types import (
    ChatAgentPresence,
    ChatConversation,
    ChatMessage,
    ChatTyping,
    GQLInfo,
    PresenceStatus,
    StartChatConversationPayload,
)
from tenantry.schema.context import GraphQLContext
from tenantry.serving.credentials import VISITOR_COOKIE


def _remember_visitor(context: GraphQLContext, visitor_id: str) -> None:
    """Over HTTP the new visitor id also goes into the visitor_id cookie."""
    response, request = context.response, context.request
    if response is None or not isinstance(request, Request):
        return
    response.set_cookie(
        VISITOR_COOKIE,
        visitor_id,
        max_age=chat.VISITOR_COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Starts a conversation with its first message. A caller with neither a "
        "visitor id nor a member token is given a new visitor id."
    )
    async def start_chat_conversation(
        self, info: GQLInfo, input: StartChatConversationInput
    ) -> StartChatConversationPayload:
        context = info.context
        ctx = context.ctx
        data = parse_input(
            chat.StartConversationIn,
            {
                "visitor_name": input.visitor_name,
                "visitor_email": input.visitor_email,
                "initial_message": input.initial_message,
            },
        )
        if not chat.has_identity(ctx):
            ctx = chat.with_visitor(ctx, chat.new_visitor_id())
            assert ctx.principal.visitor_id is not None
            _remember_visitor(context, ctx.principal.visitor_id)
        conversation = await chat.start_conversation(context.session, ctx=ctx, data=data)
        return StartChatConversationPayload(
            conversation=ChatConversation.from_model(conversation),
            visitor_id=conversation.visitor_id,
        )

    @strawberry.mutation(description="The visitor's or member's message.")
    async def send_chat_message(
        self, info: GQLInfo, conversation_id: strawberry.ID, content: str
    ) -> ChatMessage:
        context = info.context
        data = parse_input(chat.MessageIn, {"content": content})
        message = await chat.send_message(
            context.session,
            ctx=context.ctx,
            conversation_id=parse_id(conversation_id, "conversation"),
            data=data,
        )
        return ChatMessage.from_model(message)

    @strawberry.mutation(description="The visitor or member ends their conversation.")
    async def close_chat_conversation(
        self, info: GQLInfo, conversation_id: strawberry.ID
    ) -> ChatConversation:
        context = info.context
        conversation = await chat.close_conversation(
            context.session,
            ctx=context.ctx,
            conversation_id=parse_id(conversation_id, "conversation"),
        )
        return ChatConversation.from_model(conversation)

    @strawberry.mutation(
        description="Tells the other side that the caller is typing (agents as agent, everyone "
        "else as visitor). Never stored; repeat it every few seconds while typing."
    )
    async def set_chat_typing(
        self, info: GQLInfo, conversation_id: strawberry.ID, is_typing: bool
    ) -> ChatTyping:
        context = info.context
        typing = await chat.set_typing(
            context.session,
            ctx=context.ctx,
            conversation_id=parse_id(conversation_id, "conversation"),
            is_typing=is_typing,
        )
        return ChatTyping.from_typing(typing)

    @strawberry.mutation(
        description="Agents: a reply. The first one sets firstResponseAt and takes an "
        "unassigned conversation."
    )
    async def agent_reply(
        self, info: GQLInfo, conversation_id: strawberry.ID, content: str
    ) -> ChatMessage:
        context = info.context
        data = parse_input(chat.MessageIn, {"content": content})
        message = await chat.reply_as_operator(
            context.session,
            ctx=context.ctx,
            conversation_id=parse_id(conversation_id, "conversation"),
            data=data,
        )
        return ChatMessage.from_model(message)

    @strawberry.mutation(description="Agents: to an active staff member; the caller by default.")
    async def assign_conversation(
        self,
        info: GQLInfo,
        conversation_id: strawberry.ID,
        staff_id: strawberry.ID | None = None,
    ) -> ChatConversation:
        context = info.context
        target = None if staff_id is None else parse_reference(staff_id, "staff_id")
        conversation = await chat.assign_conversation(
            context.session,
            ctx=context.ctx,
            conversation_id=parse_id(conversation_id, "conversation"),
            staff_id=target,
        )
        return ChatConversation.from_model(conversation)

    @strawberry.mutation(description="Agents: closes a conversation.")
    async def close_conversation_as_agent(
        self, info: GQLInfo, conversation_id: strawberry.ID
    ) -> ChatConversation:
        context = info.context
        conversation = await chat.close_conversation_as_operator(
            context.session,
            ctx=context.ctx,
            conversation_id=parse_id(conversation_id, "conversation"),
        )
        return ChatConversation.from_model(conversation)

    @strawberry.mutation(description="Agents: opens a closed conversation again.")
    async def reopen_conversation(
        self, info: GQLInfo, conversation_id: strawberry.ID
    ) -> ChatConversation:
        context = info.context
        conversation = await chat.reopen_conversation(
            context.session,
            ctx=context.ctx,
            conversation_id=parse_id(conversation_id, "conversation"),
        )
        return ChatConversation.from_model(conversation)

    @strawberry.mutation(
        description="Agents: online, away or offline. Online agents confirm it every few "
        "minutes; an unconfirmed status stops counting for chatAvailability."
    )
    async def set_agent_status(
        self,
        info: GQLInfo,
        status: PresenceStatus,
    ) -> ChatAgentPresence:
        context = info.context
        data = parse_input(chat.OperatorStatusIn, {"status": status})
        presence = await chat.set_operator_status(context.session, ctx=context.ctx, data=data)
        return ChatAgentPresence.from_model(presence)
