"""Available dates for a month: one service performed by 20 people (Monday to Saturday,
09:00-18:00, UTC), 2,000 confirmed bookings in that month; the first five days fully booked.

tenantry answers GET /api/{tenant}/reservation/available-dates (middleware, the ORM with the
tenant criteria, six statements, the pure calendar); the baseline
(bench/baseline_reservations.py) answers the same JSON from hand-written SQL and a loop.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.scenarios.base import Call, Scenario, single
from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.config import Settings
from tenantry.core.context import Ctx, TenantInfo
from tenantry.db.database import Database
from tenantry.models.reservations import Reservation, ReservationStatus
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers import reservations, tenants

TENANT_SLUG = "bench-salon"
STAFF = 20
BOOKINGS = 2_000
FULL_DAYS = 5  # the month's first days, every person booked every hour
OPEN, CLOSE = 9, 18
WORKDAYS = range(1, 7)  # Monday to Saturday


def next_month(today: date | None = None) -> str:
    """The month after this one: inside the booking window, past the lead time."""
    today = today or datetime.now(UTC).date()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return f"{first:%Y-%m}"


def query(seeded: dict[str, Any]) -> str:
    return f"service_id={seeded['service_id']}&month={seeded['month']}"


async def seed_salon(
    db: Database,
    settings: Settings,
    *,
    slug: str = TENANT_SLUG,
    staff: int = STAFF,
    bookings: int = BOOKINGS,
    month: str | None = None,
) -> dict[str, Any]:
    """The policy, service, people and hours through the domain's functions; the bookings as
    rows (a booking through the API would need the month's days to be in the future's window
    anyway, and 2,000 of them would take minutes)."""
    month = month or next_month()
    async with db.unit(None) as uow:
        tenant = await tenants.create_tenant(
            uow.session, data=tenants.TenantIn(slug=slug, name="Bench Salon")
        )
        info = TenantInfo.from_model(tenant)
        await uow.commit()
    ctx = Ctx(
        tenant=info,
        settings=settings,
        principal=Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET),
    )
    async with db.unit(info.id) as uow:
        session = uow.session
        await reservations.update_reservation_settings(
            session,
            ctx=ctx,
            data=reservations.SettingsUpdate(timezone="UTC", booking_window_days=120),
        )
        service = await reservations.create_service(
            session, ctx=ctx, data=reservations.ServiceIn(name="Cut", duration_minutes=60)
        )
        assert service.id is not None
        hours = [
            reservations.HoursIn(weekday=day, start=f"{OPEN:02d}:00", end=f"{CLOSE:02d}:00")
            for day in WORKDAYS
        ]
        people = []
        for index in range(staff):
            person = await reservations.create_staff(
                session,
                ctx=ctx,
                data=reservations.StaffIn(name=f"Staff {index + 1}", service_ids=[service.id]),
            )
            assert person.id is not None
            await reservations.set_staff_hours(session, ctx=ctx, staff_id=person.id, hours=hours)
            people.append(person.id)
        for index, (day, staff_id, hour) in enumerate(_booked(month, people, bookings)):
            starts_at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
            ends_at = starts_at + timedelta(hours=1)
            number = f"RSV-BENCH-{index:06d}"
            session.add(
                Reservation(
                    number=number,
                    service_id=service.id,
                    staff_id=staff_id,
                    name="Bench",
                    local_date=day.isoformat(),
                    local_time=f"{hour:02d}:00",
                    starts_at=starts_at,
                    ends_at=ends_at,
                    blocked_from=starts_at,
                    blocked_until=ends_at,
                    slot_key=number,
                    status=ReservationStatus.CONFIRMED,
                )
            )
        await uow.commit()
    return {"tenant": slug, "service_id": service.id, "month": month}


def _booked(month: str, people: list[int], bookings: int) -> list[tuple[date, int, int]]:
    """(day, person, hour) of each booking, none twice: the first FULL_DAYS days full, the
    rest spread over the other days, people and hours in that order."""
    year, number = (int(part) for part in month.split("-"))
    days = [date(year, number, d) for d in range(1, calendar.monthrange(year, number)[1] + 1)]
    slots = [
        (day, person, hour)
        for day in days[:FULL_DAYS]
        for person in people
        for hour in range(OPEN, CLOSE)
    ]
    rest = days[FULL_DAYS:]
    slots += [
        (
            rest[i % len(rest)],
            people[(i // len(rest)) % len(people)],
            OPEN + i // (len(rest) * len(people)),
        )
        for i in range(len(rest) * len(people) * (CLOSE - OPEN))
    ]
    return slots[:bookings]


SCENARIO = Scenario(
    name="availability",
    description=f"REST available dates for a month, {STAFF} staff, {BOOKINGS:,} bookings",
    seed=lambda db, settings, clients: seed_salon(db, settings),
    tenantry=single(
        lambda seeded: Call(
            "GET", f"/api/{seeded['tenant']}/reservation/available-dates?{query(seeded)}"
        )
    ),
    baseline=single(
        lambda seeded: Call(
            "GET",
            f"/reservation/available-dates?{query(seeded)}",
            headers={"X-Tenant": seeded["tenant"]},
        )
    ),
    baseline_app="bench.baseline_reservations:create_app",
)
