"""Dialect A chat, the visitor's side: /chat/conversations*, /chat/availability.

The visitor is whoever holds the `visitor_id` cookie (or a member token); starting a conversation
without either hands out a new visitor id in that cookie.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import MAX_ID, parse_cursor, parse_id
from tenantry.core.pagination import PageRequest
from tenantry.models.chat import ChatMessage, Conversation, ConversationStatus, SenderType
from tenantry.resolvers import chat
from tenantry.resolvers.chat.messages import DEFAULT_LIMIT, MAX_LIMIT
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.spec import PAGED, Body, Param
from tenantry.serving.credentials import VISITOR_COOKIE

DETAIL_MESSAGES = 50

CURSOR: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
AFTER = Param(
    "after", CURSOR, "Only messages after this id (0: from the first); without it, the latest."
)
POLL_AFTER = Param("after", CURSOR, "Only messages after this id (the last one seen); default 0.")
LIMIT = Param(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    "At most this many messages.",
)
TIMEOUT = Param(
    "timeout",
    {"type": "number", "minimum": 0},
    "Seconds to wait for a message; at most the server's poll timeout (25 by default), "
    "which is also the default.",
)


def message_json(message: ChatMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "conversation_id": message.conversation_id,
        "sender_type": SenderType(message.sender_type).value,
        "staff_id": message.staff_id,
        "content": message.body,
        "created_at": iso(message.created_at),
    }


def conversation_json(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": conversation.id,
        "visitor_name": conversation.visitor_name,
        "visitor_email": conversation.visitor_email,
        "member_id": conversation.member_id,
        "status": ConversationStatus(conversation.status).value,
        "assigned_staff_id": conversation.assigned_staff_id,
        "last_message_at": iso(conversation.last_message_at),
        "first_response_at": iso(conversation.first_response_at),
        "closed_at": iso(conversation.closed_at),
        "created_at": iso(conversation.created_at),
    }


def typing_json(typing: chat.Typing) -> dict[str, Any]:
    return {
        "sender": typing.sender,
        "is_typing": typing.is_typing,
        "at": iso(typing.at),
        "expires_at": iso(typing.expires_at),
    }


def after_query(call: Call) -> int | None:
    raw = call.query("after")
    return None if raw is None or raw == "" else parse_cursor(raw, "after")


def number_query(call: Call, name: str, *, decimal: bool = False) -> Any:
    raw = call.query(name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw) if decimal else int(raw)
    except ValueError:
        kind = "a number" if decimal else "an integer"
        raise ValidationFailed.single(name, f"The {name} field must be {kind}.") from None
    return value


async def start_conversation(call: Call) -> Response:
    """Open a conversation with a first message; a new visitor gets a visitor_id cookie."""
    data = call.parse(chat.StartConversationIn, await call.json())
    ctx = call.ctx
    minted = None
    if not chat.has_identity(ctx):
        minted = chat.new_visitor_id()
        ctx = chat.with_visitor(ctx, minted)
    conversation = await chat.start_conversation(call.session, ctx=ctx, data=data)
    body = {
        "conversation_id": conversation.id,
        **conversation_json(conversation),
        "visitor_id": conversation.visitor_id,
    }
    response = json({"data": body}, 201)
    if minted is not None:
        response.set_cookie(
            VISITOR_COOKIE,
            minted,
            max_age=chat.VISITOR_COOKIE_MAX_AGE,
            path="/",
            httponly=True,
            samesite="lax",
            secure=call.request.url.scheme == "https",
        )
    return response


async def list_conversations(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await chat.list_my_conversations(call.session, ctx=call.ctx, page=page)
    return json({"data": [conversation_json(c) for c in found.items], "meta": page_meta(found)})


async def show_conversation(call: Call) -> Response:
    cid = parse_id(call.path("id"), "conversation")
    conversation = await chat.get_conversation(call.session, ctx=call.ctx, conversation_id=cid)
    messages = await chat.messages_after(
        call.session, conversation_id=cid, after=None, limit=DETAIL_MESSAGES
    )
    body = {**conversation_json(conversation), "messages": [message_json(m) for m in messages]}
    return json({"data": body})


async def send_message(call: Call) -> Response:
    data = call.parse(chat.MessageIn, await call.json())
    message = await chat.send_message(
        call.session,
        ctx=call.ctx,
        conversation_id=parse_id(call.path("id"), "conversation"),
        data=data,
    )
    return json({"data": message_json(message)}, 201)


async def list_messages(call: Call) -> Response:
    """Messages oldest first: the first `limit` after `after`, or the latest `limit`."""
    after = after_query(call)
    limit = number_query(call, "limit")
    found = await chat.list_messages(
        call.session,
        ctx=call.ctx,
        conversation_id=parse_id(call.path("id"), "conversation"),
        after=after,
        limit=limit,
    )
    # This list pages by cursor, not by number: its meta says which page it is (decision 162).
    meta = {"after": after, "limit": DEFAULT_LIMIT if limit is None else limit, "count": len(found)}
    return json({"data": [message_json(m) for m in found], "meta": meta})


async def poll(call: Call) -> Response:
    """Long-poll: the messages after `after` at once if any, else the first to arrive, the
    operator's typing, or nothing once `timeout` seconds pass."""
    # poll_messages reads in short units of its own and waits on the broadcast only, so this
    # request holds no database session while it waits.
    found = await chat.poll_messages(
        call.services.db,
        call.services.broadcast,
        ctx=call.ctx,
        conversation_id=parse_id(call.path("id"), "conversation"),
        after=after_query(call),
        wait_seconds=number_query(call, "timeout", decimal=True),
        limit=number_query(call, "limit"),
    )
    body: dict[str, Any] = {"messages": [message_json(m) for m in found.messages]}
    if found.typing is not None:
        body["typing"] = typing_json(found.typing)
    return json({"data": body})


async def close_conversation(call: Call) -> Response:
    conversation = await chat.close_conversation(
        call.session, ctx=call.ctx, conversation_id=parse_id(call.path("id"), "conversation")
    )
    return json({"data": conversation_json(conversation)})


async def set_typing(call: Call) -> Response:
    """Tell the other side the visitor is (or stopped) typing."""
    data = call.parse(chat.TypingIn, await call.json())
    typing = await chat.set_typing(
        call.session,
        ctx=call.ctx,
        conversation_id=parse_id(call.path("id"), "conversation"),
        is_typing=data.is_typing,
    )
    return json({"data": typing_json(typing)}, 202)


async def availability(call: Call) -> Response:
    """Whether any operator is online to answer."""
    found = await chat.get_availability(call.session, ctx=call.ctx)
    return json({"data": {"available": found.available, "online_agents": found.online_agents}})


routes: list[BaseRoute] = [
    Route(
        "/chat/conversations",
        endpoint(start_conversation, body=Body.of(chat.StartConversationIn), status=201),
        methods=["POST"],
    ),
    Route("/chat/conversations", endpoint(list_conversations, query=PAGED), methods=["GET"]),
    Route("/chat/conversations/{id}", endpoint(show_conversation), methods=["GET"]),
    Route(
        "/chat/conversations/{id}/messages",
        endpoint(send_message, body=Body.of(chat.MessageIn), status=201),
        methods=["POST"],
    ),
    Route(
        "/chat/conversations/{id}/messages",
        endpoint(list_messages, query=(AFTER, LIMIT)),
        methods=["GET"],
    ),
    Route(
        "/chat/conversations/{id}/poll",
        endpoint(poll, query=(POLL_AFTER, TIMEOUT, LIMIT)),
        methods=["GET"],
    ),
    Route("/chat/conversations/{id}/close", endpoint(close_conversation), methods=["POST"]),
    Route(
        "/chat/conversations/{id}/typing",
        endpoint(set_typing, body=Body.of(chat.TypingIn), status=202),
        methods=["POST"],
    ),
    Route("/chat/availability", endpoint(availability), methods=["GET"]),
]
