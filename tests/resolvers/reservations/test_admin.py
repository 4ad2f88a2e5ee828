"""Staff writes refuse what would make availability wrong, naming the field; unpaid holds block
their slot until they expire."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from tenantry.core.errors import Conflict, Unauthenticated, ValidationFailed
from tenantry.models.reservations import Reservation, ReservationSettings, ReservationStatus
from tenantry.resolvers import reservations
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.reservations.support import DAY, NOW, ReservationWriter
from tests.support import (
    FixedClock,
    create_member,
    guest_ctx,
    make_ctx,
    member_ctx,
    run,
)


async def test_settings_refuse_an_unknown_time_zone_and_keep_the_rest(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    with pytest.raises(ValidationFailed) as refused:
        await writer.settings(timezone="Mars/Olympus_Mons")
    await writer.settings(timezone="Europe/Berlin", hold_minutes=10)
    found = await run(
        services, tenant, lambda s: reservations.get_reservation_settings(s, ctx=writer.ctx)
    )
    assert refused.value.fields == {
        "timezone": ["The timezone field must be a valid IANA time zone, such as Europe/Berlin."]
    }
    assert (found.timezone, found.hold_minutes, found.slot_interval_minutes) == (
        "Europe/Berlin",
        10,
        30,
    )


async def test_only_admins_change_settings(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    data = reservations.SettingsUpdate(hold_minutes=5)
    with pytest.raises(Unauthenticated):
        await run(
            services,
            tenant,
            lambda s: reservations.update_reservation_settings(
                s, ctx=guest_ctx(services, tenant), data=data
            ),
        )


@pytest.mark.parametrize(
    ("hours", "field", "message"),
    [
        ([(1, "09:00", "12:00"), (1, "11:00", "13:00")], "hours.1.start", "overlap"),
        ([(2, "12:00", "09:00")], "hours.0.end", "after the start"),
    ],
)
async def test_hours_of_one_day_must_not_overlap_or_run_backwards(
    services: Services, factory: Factory, hours: Any, field: str, message: str
) -> None:
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    person = await writer.person()
    with pytest.raises(ValidationFailed) as refused:
        await writer.hours(person, hours)
    [(name, [text])] = refused.value.fields.items()
    assert name == field
    assert message in text


async def test_unknown_staff_and_a_booked_service_are_refused(
    services: Services, factory: Factory, clock: FixedClock
) -> None:
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    with pytest.raises(ValidationFailed) as unknown:
        await writer.service(staff_ids=[999_999])
    service, _ = await writer.shop()
    booking = reservations.BookingIn(
        service_id=service.id or 0, date=DAY, time="14:00", name="G", phone="1"
    )
    await run(
        services,
        tenant,
        lambda s: reservations.create_reservation(s, ctx=guest_ctx(services, tenant), data=booking),
    )
    with pytest.raises(Conflict) as booked:
        await run(
            services,
            tenant,
            lambda s: reservations.delete_service(s, ctx=writer.ctx, service_id=service.id or 0),
        )
    assert unknown.value.fields == {"staff_ids": ["The selected staff ids is invalid."]}
    assert booked.value.code == "service_has_reservations"


async def test_an_unpaid_hold_blocks_its_slot_until_it_expires(
    services: Services, factory: Factory, clock: FixedClock
) -> None:
    # given: payment required, a 15-minute hold
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    await writer.settings(payment_required=True, hold_minutes=15)
    service, _ = await writer.shop()
    booking = reservations.BookingIn(
        service_id=service.id or 0, date=DAY, time="14:00", name="G", phone="1"
    )

    async def book() -> Reservation:
        return await run(
            services,
            tenant,
            lambda s: reservations.create_reservation(
                s, ctx=make_ctx(services, tenant), data=booking
            ),
        )

    held = await book()
    # when: another booker tries during the hold, then after it
    clock.advance(14 * 60)
    with pytest.raises(Conflict) as during:
        await book()
    clock.advance(60)
    after = await book()
    # then
    assert (held.status, held.hold_expires_at) == (
        ReservationStatus.PENDING,
        NOW + timedelta(minutes=15),
    )
    assert during.value.code == "slot_unavailable"
    assert after.status == ReservationStatus.PENDING

    async def statuses(session: Any) -> list[str]:
        rows = await session.scalars(select(Reservation.status).order_by(col(Reservation.id)))
        return list(rows)

    assert await run(services, tenant, statuses) == ["cancelled", "pending"]


async def test_a_member_booking_takes_the_profile_when_name_and_phone_are_left_out(
    services: Services, factory: Factory, clock: FixedClock
) -> None:
    tenant = await factory.tenant()
    service, _ = await ReservationWriter(services, tenant).shop()
    member = await create_member(services, tenant, name="Mina", phone="010-5555-0000")
    booking = reservations.BookingIn(service_id=service.id or 0, date=DAY, time="10:00")
    made = await run(
        services,
        tenant,
        lambda s: reservations.create_reservation(
            s, ctx=member_ctx(services, tenant, member.id), data=booking
        ),
    )
    assert (made.name, made.phone, made.member_id) == ("Mina", "010-5555-0000", member.id)


async def test_first_settings_changes_at_once_make_one_row(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    await asyncio.gather(*[writer.settings(hold_minutes=minutes) for minutes in range(1, 9)])
    found = await run(services, tenant, lambda s: s.scalars(select(ReservationSettings)))
    assert len(list(found)) == 1
