"""The shape of each tenant setting, checked when it is written and again when it is read: a
value the code cannot use is refused with the key and field named, and one already stored (by
SQL, or before these checks) is a clear error rather than a crash where it is read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter
from pydantic import ValidationError as PydanticError

from tenantry.core.errors import Unavailable, ValidationFailed

M = TypeVar("M", bound=BaseModel)

Count = Annotated[StrictInt, Field(ge=1)]
Money = Annotated[StrictInt, Field(ge=0)]


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Shipping(Shape):
    flat_rate: Money = 0
    free_over: Money | None = None


class Tax(Shape):
    rate_bps: Annotated[StrictInt, Field(ge=0, le=10_000)] = 0
    inclusive: StrictBool = False


class Downloads(Shape):
    expires_days: Count | None = 30
    max_downloads: Count | None = 5


class Comments(Shape):
    guests: StrictBool = False


class ShopPosts(Shape):
    public_read: StrictBool = True


class Feedback(Shape):
    per_ip: Count = 5


class GraphQLSettings(Shape):
    max_cost: Count | None = None


SHAPES: dict[str, TypeAdapter[Any]] = {
    "public": TypeAdapter(dict[str, Any]),
    "shipping": TypeAdapter(Shipping),
    "tax": TypeAdapter(Tax),
    "downloads": TypeAdapter(Downloads),
    "comments": TypeAdapter(Comments),
    "shop_posts": TypeAdapter(ShopPosts),
    "feedback": TypeAdapter(Feedback),
    "password_reset_url": TypeAdapter(
        Annotated[str, Field(min_length=8, max_length=2048, pattern=r"^https?://")]
    ),
    "rate_limit_per_hour": TypeAdapter(Count),
    "graphql": TypeAdapter(GraphQLSettings),
}


class TenantMisconfigured(Unavailable):
    default_code = "tenant_misconfigured"


def check_setting(key: str, value: Any) -> None:
    """ValidationFailed naming key.field when value is not a valid `key` setting."""
    try:
        SHAPES[key].validate_python(value)
    except PydanticError as exc:
        fields: dict[str, list[str]] = {}
        for error in exc.errors():
            where = ".".join([key, *map(str, error["loc"])])
            fields.setdefault(where, []).append(error["msg"])
        raise ValidationFailed(fields) from None


def read_setting(settings: Mapping[str, Any], key: str, shape: type[M]) -> M:
    """The stored `key` as its shape (its defaults when absent); TenantMisconfigured when
    what is stored does not fit."""
    stored = settings.get(key)
    try:
        return shape.model_validate(stored or {})
    except PydanticError:
        raise TenantMisconfigured(
            f"This shop's `{key}` setting is invalid; staff must correct it "
            f"(tenantry tenant settings … --set '{key}=…')."
        ) from None
