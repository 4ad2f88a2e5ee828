"""Dialect A boards: GET /boards, /boards/{board}, /boards/{board}/posts · POST /posts ·
GET, PUT, DELETE /posts/{post}."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.ids import parse_id
from tenantry.core.pagination import PageRequest
from tenantry.models.community import Board, BoardPost
from tenantry.resolvers import boards
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta, whole_list_meta
from tenantry.rest.spec import PAGED, Body, Param

SEARCH = Param("search", description="Only posts with these words in the title or content.")

DELETED = "Post deleted."


def board_json(board: Board) -> dict[str, Any]:
    return {
        "id": board.id,
        "slug": board.slug,
        "name": board.name,
        "description": board.description,
        "type": board.type,
        "read_access": board.read_access,
        "write_access": board.write_access,
        "comment_access": board.comment_access,
        "is_active": board.is_active,
        "position": board.position,
        "created_at": iso(board.created_at),
        "updated_at": iso(board.updated_at),
    }


def author_json(author: boards.Author | None) -> dict[str, Any] | None:
    if author is None:
        return None
    return {"id": author.id, "name": author.name, "type": author.type.value}


def post_json(post: BoardPost, relations: boards.PostRelations) -> dict[str, Any]:
    board = relations.board(post)
    return {
        "id": post.id,
        "board_id": post.board_id,
        "board": {"id": board.id, "slug": board.slug, "name": board.name} if board else None,
        "title": post.title,
        "content": post.content,
        "content_html": boards.content_html(post),
        "is_pinned": post.is_pinned,
        "is_answered": post.is_answered,
        "view_count": post.view_count,
        "comment_count": post.comment_count,
        "author": author_json(relations.author(post)),
        "created_at": iso(post.created_at),
        "updated_at": iso(post.updated_at),
    }


async def posts_json(call: Call, posts: Sequence[BoardPost]) -> list[dict[str, Any]]:
    relations = await boards.load_post_relations(call.session, posts)
    return [post_json(post, relations) for post in posts]


async def list_boards(call: Call) -> Response:
    found = await boards.list_boards(call.session, ctx=call.ctx)
    return json(
        {"data": [board_json(board) for board in found], "meta": whole_list_meta(len(found))}
    )


async def show_board(call: Call) -> Response:
    board = await boards.get_board(call.session, ctx=call.ctx, slug=call.path("board"))
    return json({"data": board_json(board)})


async def list_posts(call: Call) -> Response:
    """A board's posts, pinned first, then newest."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    filters = boards.PostFilters(search=call.query("search") or None)
    found = await boards.list_board_posts(
        call.session, ctx=call.ctx, board_slug=call.path("board"), filters=filters, page=page
    )
    return json({"data": await posts_json(call, found.items), "meta": page_meta(found)})


async def create_post(call: Call) -> Response:
    data = call.parse(boards.BoardPostIn, await call.json())
    post = await boards.create_board_post(call.session, ctx=call.ctx, data=data)
    [shaped] = await posts_json(call, [post])
    return json({"data": shaped}, 201)


async def show_post(call: Call) -> Response:
    post = await boards.get_board_post(
        call.session, ctx=call.ctx, post_id=parse_id(call.path("post"), "post")
    )
    [shaped] = await posts_json(call, [post])
    return json({"data": shaped})


async def update_post(call: Call) -> Response:
    post_id = parse_id(call.path("post"), "post")
    data = call.parse(boards.BoardPostUpdate, await call.json())
    post = await boards.update_board_post(call.session, ctx=call.ctx, post_id=post_id, data=data)
    [shaped] = await posts_json(call, [post])
    return json({"data": shaped})


async def delete_post(call: Call) -> Response:
    await boards.delete_board_post(
        call.session, ctx=call.ctx, post_id=parse_id(call.path("post"), "post")
    )
    return json({"message": DELETED})


routes: list[BaseRoute] = [
    Route("/boards", endpoint(list_boards, public_read=True), methods=["GET"]),
    Route("/boards/{board}", endpoint(show_board, public_read=True), methods=["GET"]),
    Route(
        "/boards/{board}/posts",
        endpoint(list_posts, query=(*PAGED, SEARCH), public_read=True),
        methods=["GET"],
    ),
    Route(
        "/posts",
        endpoint(create_post, body=Body.of(boards.BoardPostIn), status=201),
        methods=["POST"],
    ),
    Route("/posts/{post}", endpoint(show_post, public_read=True), methods=["GET"]),
    Route(
        "/posts/{post}",
        endpoint(update_post, body=Body.of(boards.BoardPostUpdate)),
        methods=["PUT"],
    ),
    Route("/posts/{post}", endpoint(delete_post), methods=["DELETE"]),
]
