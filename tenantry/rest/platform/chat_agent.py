"""Dialect A chat, the agents' side (staff token): /chat/agent/*."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.ids import parse_id
from tenantry.core.inputs import Input, RowId
from tenantry.core.pagination import PageRequest
from tenantry.models.chat import OperatorPresence, PresenceStatus
from tenantry.resolvers import chat
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.platform.chat import conversation_json, message_json
from tenantry.rest.spec import PAGED, Body

DETAIL_MESSAGES = 200


class InboxQuery(Input):
    filter: chat.InboxFilter = Field(
        default=chat.InboxFilter.ALL, description="Which conversations to list."
    )


class AssignIn(Input):
    staff_id: RowId | None = None


def presence_json(presence: OperatorPresence) -> dict[str, Any]:
    return {
        "staff_id": presence.staff_id,
        "status": PresenceStatus(presence.status).value,
        "updated_at": iso(presence.updated_at),
    }


async def inbox(call: Call) -> Response:
    """The operators' inbox: conversations with their last message, by filter."""
    chat.require_operator(call.ctx)  # 401/403 before any 422
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    query = call.parse(InboxQuery, {"filter": call.query("filter") or "all"})
    found = await chat.list_inbox(call.session, ctx=call.ctx, inbox=query.filter, page=page)
    items = [
        {
            **conversation_json(entry.conversation),
            "last_message": message_json(entry.last_message) if entry.last_message else None,
        }
        for entry in found.items
    ]
    return json({"data": items, "meta": page_meta(found)})


async def show_conversation(call: Call) -> Response:
    cid = parse_id(call.path("id"), "conversation")
    conversation = await chat.get_conversation_as_operator(
        call.session, ctx=call.ctx, conversation_id=cid
    )
    messages = await chat.messages_after(
        call.session, conversation_id=cid, after=None, limit=DETAIL_MESSAGES
    )
    body = {**conversation_json(conversation), "messages": [message_json(m) for m in messages]}
    return json({"data": body})


async def reply(call: Call) -> Response:
    """Answer the visitor as the calling operator."""
    chat.require_operator(call.ctx)  # 401/403 before any 422
    data = call.parse(chat.MessageIn, await call.json())
    message = await chat.reply_as_operator(
        call.session,
        ctx=call.ctx,
        conversation_id=parse_id(call.path("id"), "conversation"),
        data=data,
    )
    return json({"data": message_json(message)}, 201)


async def assign(call: Call) -> Response:
    """Assign the conversation to an operator (staff_id), or unassign it with null."""
    chat.require_operator(call.ctx)  # 401/403 before any 422
    data = call.parse(AssignIn, await call.json())
    conversation = await chat.assign_conversation(
        call.session,
        ctx=call.ctx,
        conversation_id=parse_id(call.path("id"), "conversation"),
        staff_id=data.staff_id,
    )
    return json({"data": conversation_json(conversation)})


async def close(call: Call) -> Response:
    conversation = await chat.close_conversation_as_operator(
        call.session, ctx=call.ctx, conversation_id=parse_id(call.path("id"), "conversation")
    )
    return json({"data": conversation_json(conversation)})


async def reopen(call: Call) -> Response:
    conversation = await chat.reopen_conversation(
        call.session, ctx=call.ctx, conversation_id=parse_id(call.path("id"), "conversation")
    )
    return json({"data": conversation_json(conversation)})


async def set_status(call: Call) -> Response:
    """Set the calling operator's presence (online, away, offline)."""
    chat.require_operator(call.ctx)  # 401/403 before any 422
    data = call.parse(chat.OperatorStatusIn, await call.json())
    presence = await chat.set_operator_status(call.session, ctx=call.ctx, data=data)
    return json({"data": presence_json(presence)})


async def stats(call: Call) -> Response:
    """Open, waiting and closed-today counts and average response times."""
    found = await chat.get_operator_stats(call.session, ctx=call.ctx)
    return json(
        {
            "data": {
                "open": found.open,
                "waiting": found.waiting,
                "assigned_to_me": found.assigned_to_me,
                "closed_today": found.closed_today,
                "average_first_response_seconds": found.average_first_response_seconds,
                "average_resolution_seconds": found.average_resolution_seconds,
            }
        }
    )


routes: list[BaseRoute] = [
    Route(
        "/chat/agent/conversations",
        endpoint(inbox, query=PAGED, query_models=(InboxQuery,)),
        methods=["GET"],
    ),
    Route("/chat/agent/conversations/{id}", endpoint(show_conversation), methods=["GET"]),
    Route(
        "/chat/agent/conversations/{id}/messages",
        endpoint(reply, body=Body.of(chat.MessageIn), status=201),
        methods=["POST"],
    ),
    Route(
        "/chat/agent/conversations/{id}/assign",
        endpoint(assign, body=Body.of(AssignIn)),
        methods=["POST"],
    ),
    Route("/chat/agent/conversations/{id}/close", endpoint(close), methods=["POST"]),
    Route("/chat/agent/conversations/{id}/reopen", endpoint(reopen), methods=["POST"]),
    Route(
        "/chat/agent/status",
        endpoint(set_status, body=Body.of(chat.OperatorStatusIn)),
        methods=["PUT"],
    ),
    Route("/chat/agent/stats", endpoint(stats), methods=["GET"]),
]
