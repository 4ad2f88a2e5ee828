"""What the shop posts API accepts; parsed the same way from REST bodies and GraphQL inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import EmailStr, Field, field_validator

from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input, RowId, not_blank, parse_input
from tenantry.core.pagination import PageRequest
from tenantry.resolvers.shop_posts.body_data import body_data_errors
from tenantry.resolvers.shop_posts.markup import clean_content

POSTS_PER_PAGE = 20
MAX_POSTS_PER_PAGE = 50
MAX_PAGES_PER_PAGE = 100
MAX_CONTENT_LENGTH = 200_000
MAX_FEEDBACK_LENGTH = 10_000

M = TypeVar("M", bound=Input)


def _storable(value: object) -> object:
    # PostgreSQL text cannot hold NUL; refusing it keeps both databases alike.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("contains invalid characters")
    return value


def _clean(value: str | None) -> str | None:
    return clean_content(value) if value is not None else None


def _image_url(value: str | None) -> str | None:
    if value and not value.startswith(("http://", "https://", "/")):
        raise ValueError("must be a valid URL")
    return value or None


class PostIn(Input):
    title: str = Field(min_length=1, max_length=300)
    content: str = Field(default="", max_length=MAX_CONTENT_LENGTH)
    active: bool = True
    post_type: str | None = Field(default=None, max_length=100)
    category_id: RowId | None = None
    image_link: str | None = Field(default=None, max_length=2048)
    body_data: dict[str, Any] = Field(default_factory=dict)

    _title = field_validator("title", mode="before")(not_blank)
    _text = field_validator("title", "content", "post_type", mode="before")(_storable)
    _content = field_validator("content")(_clean)
    _image = field_validator("image_link")(_image_url)


class PostUpdate(Input):
    """Only the fields present change; body_data is merged into the stored one."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    content: str | None = Field(default=None, max_length=MAX_CONTENT_LENGTH)
    active: bool | None = None
    post_type: str | None = Field(default=None, max_length=100)
    category_id: RowId | None = None
    image_link: str | None = Field(default=None, max_length=2048)
    body_data: dict[str, Any] | None = None

    _title = field_validator("title", mode="before")(not_blank)
    _text = field_validator("title", "content", "post_type", mode="before")(_storable)
    _content = field_validator("content")(_clean)
    _image = field_validator("image_link")(_image_url)


class BodyDataIn(Input):
    """update_body_data: the new body_data, replacing the stored one."""

    body_data: dict[str, Any]


class LandingPageIn(Input):
    name: str = Field(min_length=1, max_length=300)
    page_type: Literal["static", "dynamic"] = "static"
    keyword: str = Field(default="", max_length=200)
    intro: str = Field(default="", max_length=5000)
    content: str = Field(default="", max_length=MAX_CONTENT_LENGTH)
    category_id: RowId | None = None
    active: bool = True
    body_data: dict[str, Any] = Field(default_factory=dict)

    _name = field_validator("name", mode="before")(not_blank)
    _text = field_validator("name", "keyword", "intro", "content", mode="before")(_storable)


class LandingPageUpdate(Input):
    name: str | None = Field(default=None, min_length=1, max_length=300)
    page_type: Literal["static", "dynamic"] | None = None
    keyword: str | None = Field(default=None, max_length=200)
    intro: str | None = Field(default=None, max_length=5000)
    content: str | None = Field(default=None, max_length=MAX_CONTENT_LENGTH)
    category_id: RowId | None = None
    active: bool | None = None
    body_data: dict[str, Any] | None = None

    _name = field_validator("name", mode="before")(not_blank)
    _text = field_validator("name", "keyword", "intro", "content", mode="before")(_storable)


class FeedbackIn(Input):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr = Field(max_length=254)
    content: str = Field(min_length=1, max_length=MAX_FEEDBACK_LENGTH)

    _blank = field_validator("name", "email", "content", mode="before")(not_blank)
    _text = field_validator("name", "content", mode="before")(_storable)


def parse_with_body_data(model: type[M], data: dict[str, Any]) -> M:
    """model parsed from data, failing with its field errors and every body_data rule at once."""
    errors: dict[str, list[str]] = {}
    parsed: M | None = None
    try:
        parsed = parse_input(model, data)
    except ValidationFailed as exc:
        errors = dict(exc.fields)
    body_data = data.get("body_data")
    found = [] if body_data is None or "body_data" in errors else body_data_errors(body_data)
    if found:
        errors["body_data"] = found
    if errors or parsed is None:
        raise ValidationFailed(errors)
    return parsed


def page_request(
    page: str | int | None,
    per_page: str | int | None,
    *,
    default: int = POSTS_PER_PAGE,
    maximum: int = MAX_POSTS_PER_PAGE,
) -> PageRequest:
    """Like PageRequest.parse, but a per_page above the maximum is lowered to it, not refused."""
    try:
        wanted = int(per_page) if per_page not in (None, "") else None
    except (TypeError, ValueError):
        wanted = None  # PageRequest.parse reports it
    if wanted is not None and wanted > maximum:
        per_page = maximum
    return PageRequest.parse(page, per_page, default=default, maximum=maximum)


@dataclass(frozen=True)
class PostFilters:
    query: str | None = None
    category_id: int | None = None
    active: bool | None = None
    post_type: str | None = None
    body_data_key: str | None = None
    body_data_value: str | None = None


@dataclass(frozen=True)
class LandingPageFilters:
    query: str | None = None
    category_id: int | None = None
    ids: tuple[int, ...] | None = None
