"""What board writes accept; parsed the same way from REST bodies and GraphQL inputs."""

from __future__ import annotations

from pydantic import Field, field_validator

from tenantry.core.inputs import Input, RowId, not_blank
from tenantry.models.community import Audience, BoardType

MAX_CONTENT_LENGTH = 100_000


class BoardIn(Input):
    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=100)
    description: str = Field(default="", max_length=5000)
    type: BoardType = BoardType.FREE
    read_access: Audience = Audience.PUBLIC
    write_access: Audience = Audience.MEMBERS
    comment_access: Audience = Audience.MEMBERS
    is_active: bool = True
    position: int = Field(default=0, ge=-1_000_000, le=1_000_000)

    _name = field_validator("name", mode="before")(not_blank)


class BoardUpdate(Input):
    """Only the fields present are changed."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=5000)
    type: BoardType | None = None
    read_access: Audience | None = None
    write_access: Audience | None = None
    comment_access: Audience | None = None
    is_active: bool | None = None
    position: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)

    _name = field_validator("name", mode="before")(not_blank)


class BoardPostIn(Input):
    board_id: RowId
    title: str = Field(min_length=1, max_length=300)
    content: str = Field(default="", max_length=MAX_CONTENT_LENGTH)
    is_pinned: bool = False  # staff only

    _title = field_validator("title", mode="before")(not_blank)


class BoardPostUpdate(Input):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    content: str | None = Field(default=None, max_length=MAX_CONTENT_LENGTH)
    is_pinned: bool | None = None  # staff only
    is_answered: bool | None = None  # staff only, Q&A boards

    _title = field_validator("title", mode="before")(not_blank)
