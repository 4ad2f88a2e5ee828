"""Comments name their target by type and id, with no foreign key: deleting a target deletes
them explicitly. Outside the comments package, so that targets import it without a cycle."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from tenantry.models.community import Comment, CommentTarget


async def delete_comments_of(
    session: AsyncSession, *, target_type: CommentTarget, target_ids: Any
) -> None:
    """target_ids: a list of ids or a select of them."""
    await session.execute(
        delete(Comment)
        .where(
            col(Comment.target_type) == target_type,
            col(Comment.target_id).in_(target_ids),
        )
        .execution_options(synchronize_session=False)
    )
