"""reservationStatus and reservationsChanged through schema.subscribe: the booker and staff hear
each change after it commits; others are refused."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
import pytest
from strawberry.types import ExecutionResult

from tenantry.auth.principal import Principal
from tenantry.realtime import channels
from tenantry.schema import build_schema
from tenantry.schema.context import GraphQLContext
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import until_subscribed
from tests.resolvers.reservations.support import DAY, ReservationWriter
from tests.support import (
    SECRET_KEY_PRINCIPAL,
    member_principal,
    members,
)

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast

STATUS = """
subscription($number: String!, $phone: String) {
  reservationStatus(number: $number, phone: $phone) { number status date time }
}
"""
SCHEDULE = """
subscription($date: String!) { reservationsChanged(date: $date) { number status time } }
"""


class Listener:
    def __init__(
        self,
        services: Services,
        tenant: TenantFixture,
        principal: Principal,
        document: str,
        variables: dict[str, Any],
    ) -> None:
        self.services = services
        self.document = document
        self.variables = variables
        self.context = GraphQLContext(
            request=None,  # type: ignore[arg-type]
            services=services,
            tenant=tenant.info,
            principal=principal,
        )
        self.results: asyncio.Queue[ExecutionResult] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        stream = await build_schema(self.services.settings).subscribe(
            self.document, variable_values=self.variables, context_value=self.context
        )
        if isinstance(stream, ExecutionResult):
            await self.results.put(stream)
            return
        async for result in stream:
            await self.results.put(result)

    async def start(self, channel: str) -> Listener:
        self.task = asyncio.create_task(self._run())
        await until_subscribed(self.services.broadcast, channel)
        return self

    async def refusal(self) -> str:
        self.task = asyncio.create_task(self._run())
        result = await asyncio.wait_for(self.results.get(), 5)
        assert result.errors
        [error] = result.errors
        assert error.extensions is not None
        return str(error.extensions["code"])

    async def next(self) -> dict[str, Any]:
        result = await asyncio.wait_for(self.results.get(), 5)
        assert result.errors is None, result.errors
        assert result.data is not None
        return dict(next(iter(result.data.values())))

    async def stop(self) -> None:
        assert self.task is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


async def post(client: httpx.AsyncClient, tenant: TenantFixture, path: str, body: Any) -> Any:
    response = await client.post(f"/api/{tenant.slug}{path}", json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()["data"]


@pytest.mark.usefixtures("clock")
async def test_the_guest_and_staff_hear_changes_and_strangers_are_refused(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: a guest's booking, awaiting staff
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    await writer.settings(confirmation_mode="staff")
    service, _ = await writer.shop()
    made = await post(
        client,
        tenant,
        "/reservations",
        {"service_id": service.id, "date": DAY, "time": "15:00", "name": "G", "phone": "010-77"},
    )
    number = made["reservation_number"]
    channel = channels.reservation(tenant.id, number)
    guest = await Listener(
        services, tenant, Principal(), STATUS, {"number": number, "phone": "01077"}
    ).start(channel)
    staff = await Listener(
        services, tenant, SECRET_KEY_PRINCIPAL, STATUS, {"number": number}
    ).start(channel)
    [stranger_id] = await members(services, tenant)
    stranger = Listener(services, tenant, member_principal(stranger_id), STATUS, {"number": number})
    day = await Listener(services, tenant, SECRET_KEY_PRINCIPAL, SCHEDULE, {"date": DAY}).start(
        channels.reservations_on(tenant.id, DAY)
    )
    member_day = Listener(services, tenant, member_principal(stranger_id), SCHEDULE, {"date": DAY})
    try:
        # when: staff confirm, then the guest cancels
        await writer_confirm(client, tenant, number)
        await post(client, tenant, f"/reservations/{number}/cancel", {"phone": "010-77"})
        # then
        for listener in (guest, staff, day):
            first, second = await listener.next(), await listener.next()
            assert (first["number"], first["status"]) == (number, "CONFIRMED")
            assert second["status"] == "CANCELLED"
        assert await stranger.refusal() == "NOT_FOUND"
        assert await member_day.refusal() == "FORBIDDEN"
    finally:
        for listener in (guest, staff, day):
            await listener.stop()


async def writer_confirm(client: httpx.AsyncClient, tenant: TenantFixture, number: str) -> None:
    response = await client.post(
        "/graphql",
        json={
            "query": "mutation($n: String!) { confirmReservation(number: $n) { status } }",
            "variables": {"n": number},
        },
        headers={"X-Tenant": tenant.slug, "Authorization": f"Bearer {tenant.secret_key}"},
    )
    assert response.json()["data"]["confirmReservation"]["status"] == "CONFIRMED"
