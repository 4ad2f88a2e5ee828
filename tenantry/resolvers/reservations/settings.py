"""A tenant's reservation settings: one row, or the defaults (with the shop's time zone) until
staff change something."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.models.reservations import ReservationSettings
from tenantry.resolvers.reservations.availability import Rules
from tenantry.resolvers.reservations.inputs import SettingsUpdate


def _default_zone(ctx: Ctx) -> str:
    try:
        ZoneInfo(ctx.tenant.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return ctx.tenant.timezone


async def get_reservation_settings(session: AsyncSession, *, ctx: Ctx) -> ReservationSettings:
    """Anyone may read them: a booking page needs the time zone and the policy."""
    row = await session.scalar(select(ReservationSettings))
    if row is None:
        return ReservationSettings(tenant_id=ctx.tenant.id, timezone=_default_zone(ctx))
    return row


async def update_reservation_settings(
    session: AsyncSession, *, ctx: Ctx, data: SettingsUpdate
) -> ReservationSettings:
    require_admin(ctx)
    row = await session.scalar(select(ReservationSettings).with_for_update())
    if row is None:
        row = ReservationSettings(timezone=_default_zone(ctx))
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
        except IntegrityError:  # another admin's first change won: change that row
            row = await session.scalar(select(ReservationSettings).with_for_update())
            assert row is not None
    for name in data.model_fields_set:
        value = getattr(data, name)
        if value is not None:
            setattr(row, name, value)
    await session.flush()
    return row


def rules_of(settings: ReservationSettings) -> Rules:
    return Rules(
        zone=ZoneInfo(settings.timezone),
        interval_minutes=settings.slot_interval_minutes,
        window_days=settings.booking_window_days,
        lead_minutes=settings.min_lead_minutes,
    )
