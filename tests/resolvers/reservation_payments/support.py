"""Reservation payment tests' world: a KRW shop with Toss keys that requires payment for its
bookings (a 15-minute hold), one person working 09:00-18:00 every day, a member who books, and
the booker's REST calls; the app's clock is frozen at NOW and moved by the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from sqlmodel import col, select

from tenantry.models.payments import Payment, Refund
from tenantry.models.reservations import Reservation
from tenantry.serving.hold_sweeper import HoldSweeper
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.payments.toss_support import Buyer, configure_toss, toss_shop_buyer
from tests.resolvers.reservations.support import DAY, ReservationWriter
from tests.support import FixedClock

PRICE = 30_000  # won
HOLD = timedelta(minutes=15)
URLS = {"success_url": "https://shop.example/success", "fail_url": "https://shop.example/fail"}
GUEST = {"name": "Hong Gildong", "phone": "010-1234-5678"}


@dataclass
class Salon:
    services: Services
    tenant: TenantFixture
    buyer: Buyer
    service_id: int
    clock: FixedClock
    numbers: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.tenant.slug

    def path(self, tail: str) -> str:
        return f"/api/{self.slug}/{tail}"

    async def book(
        self,
        client: httpx.AsyncClient,
        *,
        time: str = "10:00",
        buyer: Buyer | None = None,
        guest: bool = False,
    ) -> httpx.Response:
        body: dict[str, Any] = {"service_id": self.service_id, "date": DAY, "time": time}
        headers = {}
        if guest:
            body |= GUEST
        else:
            headers = (buyer or self.buyer).headers
        return await client.post(self.path("reservations"), json=body, headers=headers)

    async def hold(self, client: httpx.AsyncClient, **kwargs: Any) -> str:
        """A booking held unpaid: its number."""
        response = await self.book(client, **kwargs)
        assert response.status_code == 201, response.text
        return str(response.json()["data"]["reservation_number"])

    async def ready(self, client: httpx.AsyncClient, number: str, **extra: Any) -> httpx.Response:
        headers = extra.pop("headers", self.buyer.headers)
        body = {"reservation_number": number, **URLS, **extra}
        return await client.post(
            self.path("reservation-payments/toss/ready"), json=body, headers=headers
        )

    async def confirm(
        self,
        client: httpx.AsyncClient,
        key: str,
        number: str,
        amount: int = PRICE,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> httpx.Response:
        body = {"payment_key": key, "order_id": number, "amount": amount, **extra}
        return await client.post(
            self.path("reservation-payments/toss/confirm"),
            json=body,
            headers=self.buyer.headers if headers is None else headers,
        )

    async def buyer_of_another_member(self) -> dict[str, str]:
        return (await toss_shop_buyer(self.services, self.tenant)).headers

    async def sweep(self) -> int:
        """One sweep of every tenant (as the server's loop makes): this shop's holds released."""
        released = await HoldSweeper(
            self.services.db, self.services.settings, clock=lambda: self.clock.moment
        ).sweep()
        return released.get(self.tenant.id, 0)

    async def reservation(self, number: str) -> Reservation:
        async with self.services.db.unit(self.tenant.id) as uow:
            found = await uow.session.scalar(
                select(Reservation).where(col(Reservation.number) == number)
            )
        assert found is not None
        return found

    async def payments(self, number: str) -> list[Payment]:
        reservation = await self.reservation(number)
        async with self.services.db.unit(self.tenant.id) as uow:
            rows = await uow.session.scalars(
                select(Payment)
                .where(col(Payment.reservation_id) == reservation.id)
                .order_by(col(Payment.id))
            )
            return list(rows)

    async def refunds(self, payment_id: int | None) -> list[Refund]:
        async with self.services.db.unit(self.tenant.id) as uow:
            rows = await uow.session.scalars(
                select(Refund).where(col(Refund.payment_id) == payment_id)
            )
            return list(rows)


async def salon(
    services: Services,
    factory: Factory,
    clock: FixedClock,
    *,
    confirmation_mode: str = "auto",
) -> Salon:
    tenant = await factory.tenant(currency="KRW")
    await configure_toss(services, tenant)
    writer = ReservationWriter(services, tenant)
    await writer.settings(
        payment_required=True, hold_minutes=15, confirmation_mode=confirmation_mode
    )
    service, _ = await writer.shop(price=PRICE)
    assert service.id is not None
    return Salon(services, tenant, await toss_shop_buyer(services, tenant), service.id, clock)
