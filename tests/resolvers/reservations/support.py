"""Writing reservation rows through the domain's own functions, as staff would."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from tenantry.core.inputs import parse_input
from tenantry.models.reservations import ReservationService, ReservationStaff
from tenantry.resolvers import reservations
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.support import SECRET_KEY_PRINCIPAL, make_ctx, run


def _last_sunday_noon() -> datetime:
    """The app's clock in these tests: the last Sunday noon (UTC) before today. In the past,
    because access tokens minted at that time must not be issued in the future."""
    today = datetime.now(UTC).date()
    sunday = today - timedelta(days=today.isoweekday() % 7 or 7)
    return datetime(sunday.year, sunday.month, sunday.day, 12, tzinfo=UTC)


NOW = _last_sunday_noon()
DAY = (NOW.date() + timedelta(days=1)).isoformat()  # the Monday after NOW
EVERY_DAY = range(1, 8)


class ReservationWriter:
    def __init__(self, services: Services, tenant: TenantFixture) -> None:
        self.services = services
        self.tenant = tenant
        self.ctx = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)

    async def settings(self, **values: Any) -> None:
        data = parse_input(reservations.SettingsUpdate, values)
        await run(
            self.services,
            self.tenant,
            lambda s: reservations.update_reservation_settings(s, ctx=self.ctx, data=data),
        )

    async def service(
        self, name: str = "Haircut", *, duration: int = 60, **values: Any
    ) -> ReservationService:
        data = reservations.ServiceIn(name=name, duration_minutes=duration, **values)
        return await run(
            self.services,
            self.tenant,
            lambda s: reservations.create_service(s, ctx=self.ctx, data=data),
        )

    async def person(
        self, name: str = "Kim", *, services: Sequence[ReservationService] = ()
    ) -> ReservationStaff:
        ids = [service.id for service in services if service.id is not None]
        data = reservations.StaffIn(name=name, service_ids=ids)
        return await run(
            self.services,
            self.tenant,
            lambda s: reservations.create_staff(s, ctx=self.ctx, data=data),
        )

    async def hours(self, person: ReservationStaff, ranges: Sequence[tuple[int, str, str]]) -> None:
        assert person.id is not None
        staff_id = person.id
        hours = [reservations.HoursIn(weekday=d, start=a, end=b) for d, a, b in ranges]
        await run(
            self.services,
            self.tenant,
            lambda s: reservations.set_staff_hours(s, ctx=self.ctx, staff_id=staff_id, hours=hours),
        )

    async def shop(
        self,
        *,
        capacity: int = 1,
        staff: int = 1,
        start: str = "09:00",
        end: str = "18:00",
        **values: Any,
    ) -> tuple[ReservationService, list[ReservationStaff]]:
        """A service performed by staff people who work start..end every day."""
        service = await self.service(capacity=capacity, **values)
        people = []
        for index in range(staff):
            person = await self.person(f"Staff {index + 1}", services=[service])
            await self.hours(person, [(day, start, end) for day in EVERY_DAY])
            people.append(person)
        return service, people
