"""The batch loads that shape a page of posts without N+1 queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.models.community import Board, BoardPost
from tenantry.resolvers.boards.authors import Author, Authors, load_authors
from tenantry.resolvers.boards.boards import boards_by_ids
from tenantry.resolvers.markdown import render_markdown


def content_html(post: BoardPost) -> str:
    """Plain text and Markdown alike, rendered and sanitized as the blog does."""
    return render_markdown(post.content)


@dataclass(frozen=True)
class PostRelations:
    """Boards and authors of a page of posts: at most three statements."""

    boards: dict[int, Board] = field(default_factory=dict)
    authors: Authors = field(default_factory=Authors)

    def board(self, post: BoardPost) -> Board | None:
        return self.boards.get(post.board_id)

    def author(self, post: BoardPost) -> Author | None:
        return self.authors.of(post)


async def load_post_relations(session: AsyncSession, posts: Sequence[BoardPost]) -> PostRelations:
    return PostRelations(
        boards=await boards_by_ids(session, (post.board_id for post in posts)),
        authors=await load_authors(session, posts),
    )
