"""Dialect A comments: GET, POST /blog/{slug}/comments · GET, POST /posts/{post}/comments ·
GET, POST /comments/{page_slug} · PUT, DELETE /comments/{id} · POST /comments/{id}/like."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.ids import parse_id
from tenantry.core.pagination import PageRequest
from tenantry.models.community import Comment
from tenantry.resolvers import boards, comments
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.platform.boards import author_json
from tenantry.rest.spec import PAGED, Body

DELETED = "Comment deleted."


def comment_json(
    comment: Comment,
    authors: boards.Authors,
    liked: set[int],
    replies: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """A deleted comment stays only as its thread's placeholder: no content, no author."""
    deleted = comment.is_deleted
    return {
        "id": comment.id,
        "content": None if deleted else comment.content,
        "author": None if deleted else author_json(authors.of(comment, comment.author_name)),
        "parent_id": comment.parent_id,
        "like_count": comment.like_count,
        "liked": comment.id in liked,
        "is_deleted": deleted,
        "replies": list(replies),
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.updated_at),
    }


async def thread_json(
    call: Call, top: Sequence[Comment], replies: dict[int, list[Comment]]
) -> list[dict[str, Any]]:
    """Authors and the caller's likes for every comment and reply: three statements at most."""
    every = [*top, *(reply for comment in top for reply in replies.get(comment.id or 0, []))]
    authors = await boards.load_authors(call.session, every)
    liked = await comments.liked_comment_ids(
        call.session,
        member_id=comments.viewer_member_id(call.ctx),
        comment_ids=(comment.id for comment in every),
    )
    return [
        comment_json(
            comment,
            authors,
            liked,
            [comment_json(reply, authors, liked) for reply in replies.get(comment.id or 0, [])],
        )
        for comment in top
    ]


async def one_comment_json(call: Call, comment: Comment) -> dict[str, Any]:
    replies = await comments.replies_by_parent_ids(call.session, [comment.id])
    [shaped] = await thread_json(call, [comment], replies)
    return shaped


def ref_of(call: Call) -> comments.TargetRef:
    params = call.request.path_params
    if "slug" in params:
        return comments.TargetRef(blog_slug=call.path("slug"))
    if "post" in params:
        return comments.TargetRef(post_id=parse_id(call.path("post"), "post"))
    return comments.TargetRef(page_slug=call.path("page_slug"))


async def list_comments(call: Call) -> Response:
    """The thread: top-level comments, a page of them, each with its replies."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    thread = await comments.list_comments(call.session, ctx=call.ctx, ref=ref_of(call), page=page)
    meta = {**page_meta(thread.page), "comment_count": thread.comment_count}
    return json({"data": await thread_json(call, thread.page.items, thread.replies), "meta": meta})


async def create_comment(call: Call) -> Response:
    """Comment, or reply to a comment with parent_id."""
    ref = ref_of(call)
    data = call.parse(comments.CommentIn, await call.json())
    comment = await comments.create_comment(call.session, ctx=call.ctx, ref=ref, data=data)
    [shaped] = await thread_json(call, [comment], {})
    return json({"data": shaped}, 201)


async def update_comment(call: Call) -> Response:
    comment_id = parse_id(call.path("id"), "comment")
    data = call.parse(comments.CommentUpdate, await call.json())
    comment = await comments.update_comment(
        call.session, ctx=call.ctx, comment_id=comment_id, data=data
    )
    return json({"data": await one_comment_json(call, comment)})


async def delete_comment(call: Call) -> Response:
    await comments.delete_comment(
        call.session, ctx=call.ctx, comment_id=parse_id(call.path("id"), "comment")
    )
    return json({"message": DELETED})


async def toggle_like(call: Call) -> Response:
    """Like the comment, or take the caller's like back."""
    state = await comments.toggle_comment_like(
        call.session, ctx=call.ctx, comment_id=parse_id(call.path("id"), "comment")
    )
    return json({"data": {"liked": state.liked, "like_count": state.like_count}})


# GET /comments/{page_slug} and PUT /comments/{id} share a shape; the method tells them apart.
def _list_route(path: str) -> Route:
    return Route(path, endpoint(list_comments, query=PAGED, public_read=True), methods=["GET"])


def _create_route(path: str) -> Route:
    created = endpoint(create_comment, body=Body.of(comments.CommentIn), status=201)
    return Route(path, created, methods=["POST"])


routes: list[BaseRoute] = [
    _list_route("/blog/{slug}/comments"),
    _create_route("/blog/{slug}/comments"),
    _list_route("/posts/{post}/comments"),
    _create_route("/posts/{post}/comments"),
    _list_route("/comments/{page_slug}"),
    _create_route("/comments/{page_slug}"),
    Route(
        "/comments/{id}",
        endpoint(update_comment, body=Body.of(comments.CommentUpdate)),
        methods=["PUT"],
    ),
    Route("/comments/{id}", endpoint(delete_comment), methods=["DELETE"]),
    Route("/comments/{id}/like", endpoint(toggle_like), methods=["POST"]),
]
