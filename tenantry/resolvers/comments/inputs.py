"""What comment writes accept, and how a caller names the thing commented on."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, field_validator

from tenantry.core.inputs import Input, RowId, not_blank

MAX_CONTENT_LENGTH = 5000


class CommentIn(Input):
    content: str = Field(min_length=1, max_length=MAX_CONTENT_LENGTH)
    parent_id: RowId | None = None
    author_name: str | None = Field(default=None, max_length=200)  # guests only

    _content = field_validator("content", mode="before")(not_blank)


class CommentUpdate(Input):
    content: str = Field(min_length=1, max_length=MAX_CONTENT_LENGTH)

    _content = field_validator("content", mode="before")(not_blank)


@dataclass(frozen=True)
class TargetRef:
    """Exactly one of: a blog post's slug, a board post's id, a standalone page's slug."""

    blog_slug: str | None = None
    post_id: int | None = None
    page_slug: str | None = None
