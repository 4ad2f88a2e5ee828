"""Board object types. Boards and authors resolve through the operation's loaders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.models import community as rows
from tenantry.resolvers import boards
from tenantry.schema.boards import loaders
from tenantry.schema.context import GraphQLContext
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(rows.BoardType, name="BoardType")
BoardType = rows.BoardType
strawberry.enum(rows.Audience, name="BoardAudience", description="Who may read, write or comment.")
BoardAudience = rows.Audience
strawberry.enum(boards.AuthorType, name="CommunityAuthorType")
CommunityAuthorType = boards.AuthorType


@strawberry.type(description="The writer of a post or comment; guests have no id.")
class CommunityAuthor:
    id: strawberry.ID | None
    name: str
    type: CommunityAuthorType

    @classmethod
    def from_author(cls, author: boards.Author | None) -> CommunityAuthor | None:
        if author is None:
            return None
        return cls(
            id=strawberry.ID(str(author.id)) if author.id is not None else None,
            name=author.name,
            type=author.type,
        )


@dataclass(frozen=True)
class AuthorRef:
    """What the author loaders need of a row."""

    member_id: int | None
    staff_id: int | None


@strawberry.type
class Board:
    id: strawberry.ID
    slug: str
    name: str
    description: str
    type: BoardType
    read_access: BoardAudience
    write_access: BoardAudience
    comment_access: BoardAudience
    is_active: bool
    position: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, board: rows.Board) -> Board:
        return cls(
            id=strawberry.ID(str(board.id)),
            slug=board.slug,
            name=board.name,
            description=board.description,
            type=rows.BoardType(board.type),
            read_access=rows.Audience(board.read_access),
            write_access=rows.Audience(board.write_access),
            comment_access=rows.Audience(board.comment_access),
            is_active=board.is_active,
            position=board.position,
            created_at=board.created_at,
            updated_at=board.updated_at,
        )


@strawberry.type
class BoardPost:
    id: strawberry.ID
    board_id: strawberry.ID
    title: str
    content: str = strawberry.field(description="Plain text or Markdown, as written.")
    content_html: str = strawberry.field(description="The rendered, sanitized HTML.")
    is_pinned: bool
    is_answered: bool
    view_count: int
    comment_count: int
    created_at: datetime
    updated_at: datetime
    row_board_id: strawberry.Private[int]
    author_ref: strawberry.Private[AuthorRef]

    @classmethod
    def from_model(cls, post: rows.BoardPost) -> BoardPost:
        return cls(
            id=strawberry.ID(str(post.id)),
            board_id=strawberry.ID(str(post.board_id)),
            title=post.title,
            content=post.content,
            content_html=boards.content_html(post),
            is_pinned=post.is_pinned,
            is_answered=post.is_answered,
            view_count=post.view_count,
            comment_count=post.comment_count,
            created_at=post.created_at,
            updated_at=post.updated_at,
            row_board_id=post.board_id,
            author_ref=AuthorRef(post.member_id, post.staff_id),
        )

    @strawberry.field
    async def board(self, info: GQLInfo) -> Board | None:
        found = await loaders.board_by_id(info.context).load(self.row_board_id)
        return Board.from_model(found) if found else None

    @strawberry.field
    async def author(self, info: GQLInfo) -> CommunityAuthor | None:
        return CommunityAuthor.from_author(await loaders.author(info.context, self.author_ref))


@strawberry.type
class BoardPostPage:
    items: list[BoardPost]
    page_info: PageInfo
