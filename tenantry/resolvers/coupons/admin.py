"""Staff manage coupons: create, change, delete, and hand one to a member."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import Field, field_validator
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.inputs import Input, RowId
from tenantry.models.catalog import Product, ProductCategory
from tenantry.models.coupon import Coupon, CouponAssignment, CouponType
from tenantry.models.member import Member
from tenantry.resolvers.coupons.quotes import normalize_code

CODE_PATTERN = r"^[A-Za-z0-9_-]+$"
MAX_AMOUNT = 10**12
TAKEN = "The code has already been taken."
PERCENT_RANGE = "The value field must not be greater than 100 for a percent coupon."
WINDOW = "The ends at field must be a date after starts at."


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class CouponFields(Input):
    name: str | None = Field(default=None, max_length=200)
    max_discount: int | None = Field(default=None, ge=1, le=MAX_AMOUNT)
    min_order_amount: int | None = Field(default=None, ge=0, le=MAX_AMOUNT)
    usage_limit: int | None = Field(default=None, ge=1, le=10**9)
    per_member_limit: int | None = Field(default=None, ge=1, le=10**9)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    is_active: bool | None = None
    is_public: bool | None = None
    product_ids: list[RowId] | None = Field(default=None, max_length=1000)
    category_ids: list[RowId] | None = Field(default=None, max_length=1000)

    _aware = field_validator("starts_at", "ends_at")(_utc)


class CouponIn(CouponFields):
    code: str = Field(min_length=1, max_length=64, pattern=CODE_PATTERN)
    type: CouponType
    value: int = Field(ge=1, le=MAX_AMOUNT)


class CouponUpdate(CouponFields):
    """Only the fields present change; null clears the optional limits and dates."""

    code: str | None = Field(default=None, min_length=1, max_length=64, pattern=CODE_PATTERN)
    type: CouponType | None = None
    value: int | None = Field(default=None, ge=1, le=MAX_AMOUNT)


NULLABLE = ("max_discount", "usage_limit", "per_member_limit", "starts_at", "ends_at")
DEFAULTS = ("name", "min_order_amount", "is_active", "is_public", "product_ids", "category_ids")


def _check(coupon: Coupon) -> None:
    if coupon.type == CouponType.PERCENT and coupon.value > 100:
        raise ValidationFailed.single("value", PERCENT_RANGE)
    if coupon.starts_at and coupon.ends_at and coupon.ends_at <= coupon.starts_at:
        raise ValidationFailed.single("ends_at", WINDOW)


def _apply(coupon: Coupon, data: CouponFields) -> None:
    given = data.model_fields_set
    for name in NULLABLE:
        if name in given:
            setattr(coupon, name, getattr(data, name))
    for name in DEFAULTS:
        value = getattr(data, name)
        if value is not None:
            setattr(coupon, name, list(dict.fromkeys(value)) if isinstance(value, list) else value)


async def _flush_unique(session: AsyncSession) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        if "code" not in str(exc.orig):
            raise
        raise ValidationFailed.single("code", TAKEN) from None


async def _ensure_known(session: AsyncSession, data: CouponFields) -> None:
    """Every product and category the coupon is limited to is one of this shop's."""
    for field, model in (("product_ids", Product), ("category_ids", ProductCategory)):
        wanted = set(getattr(data, field) or ())
        if not wanted:
            continue
        found = set(await session.scalars(select(model.id).where(col(model.id).in_(wanted))))
        if wanted - found:
            attribute = field.replace("_", " ")
            raise ValidationFailed.single(field, f"The selected {attribute} are invalid.")


async def _ensure_free(session: AsyncSession, code: str, *, exclude_id: int | None = None) -> None:
    query = select(Coupon.id).where(col(Coupon.code) == code)
    if exclude_id is not None:
        query = query.where(col(Coupon.id) != exclude_id)
    if await session.scalar(query) is not None:
        raise ValidationFailed.single("code", TAKEN)


async def get_coupon(session: AsyncSession, *, ctx: Ctx, coupon_id: int) -> Coupon:
    require_admin(ctx)
    coupon = await session.get(Coupon, coupon_id)
    if coupon is None:
        raise NotFound("coupon")
    return coupon


async def create_coupon(session: AsyncSession, *, ctx: Ctx, data: CouponIn) -> Coupon:
    require_admin(ctx)
    code = normalize_code(data.code)
    await _ensure_free(session, code)
    await _ensure_known(session, data)
    coupon = Coupon(code=code, type=data.type, value=data.value)
    _apply(coupon, data)
    _check(coupon)
    session.add(coupon)
    await _flush_unique(session)
    return coupon


async def update_coupon(
    session: AsyncSession, *, ctx: Ctx, coupon_id: int, data: CouponUpdate
) -> Coupon:
    coupon = await get_coupon(session, ctx=ctx, coupon_id=coupon_id)
    if data.code is not None:
        code = normalize_code(data.code)
        await _ensure_free(session, code, exclude_id=coupon.id)
        coupon.code = code
    if data.type is not None:
        coupon.type = data.type
    if data.value is not None:
        coupon.value = data.value
    await _ensure_known(session, data)
    _apply(coupon, data)
    _check(coupon)
    await _flush_unique(session)
    return coupon


async def delete_coupon(session: AsyncSession, *, ctx: Ctx, coupon_id: int) -> None:
    coupon = await get_coupon(session, ctx=ctx, coupon_id=coupon_id)
    await session.delete(coupon)
    await session.flush()


async def assign_coupon(
    session: AsyncSession, *, ctx: Ctx, coupon_id: int, member_id: int
) -> Coupon:
    """Assigning twice is the same as once."""
    coupon = await get_coupon(session, ctx=ctx, coupon_id=coupon_id)
    if await session.get(Member, member_id) is None:
        raise ValidationFailed.single("member_id", "The selected member id is invalid.")
    existing = await session.scalar(
        select(CouponAssignment.id).where(
            col(CouponAssignment.coupon_id) == coupon_id,
            col(CouponAssignment.member_id) == member_id,
        )
    )
    if existing is None:
        session.add(CouponAssignment(coupon_id=coupon_id, member_id=member_id))
        await session.flush()
    return coupon
