"""The webhook worker against real receivers: what is sent, signed, retried and given up."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import time
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select
from standardwebhooks import Webhook

from tenantry.app import create_app
from tenantry.db.database import Database
from tenantry.mail import wait_for_deliveries
from tenantry.models.event import DomainEvent
from tenantry.models.mail import MailOutbox
from tenantry.models.tenant import StaffRole
from tenantry.models.webhooks import DeliveryStatus
from tenantry.resolvers.webhooks.deliveries import purge_old
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.serving.webhook_support import (
    attempts_of,
    drain,
    endpoint_row,
    new_customer,
    register,
    worker,
)
from tests.support import FixedClock
from tests.webhook_receiver import receiver

pytestmark = pytest.mark.usefixtures("app")


def diseller_valid(header: str, body: bytes, secret: str) -> bool:
    """DiSeller's signature checked as a receiver would, from the documented scheme alone."""
    parts = [part.split("=", 1) for part in header.split(",")]
    timestamp = next(value for name, value in parts if name == "t")
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return any(
        name == "v1" and hmac.compare_digest(value, expected.hexdigest()) for name, value in parts
    )


async def test_an_event_reaches_the_receiver_signed_in_the_seed_s_shape(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with receiver() as hooks:
        endpoint = await register(client, tenant, hooks.url, ["customer.created"])
        customer = await new_customer(client, tenant, "ada@example.com")

        await drain(services)

    [got] = hooks.received
    payload = got.payload
    assert set(payload) == {"id", "type", "created", "data"}
    assert (payload["type"], payload["data"]["object"]["id"]) == ("customer.created", customer)
    assert payload["id"].startswith("evt_")
    assert isinstance(payload["created"], int)
    secret = endpoint["secret"]
    assert diseller_valid(got.headers["x-diseller-signature"], got.body, secret)
    assert not diseller_valid(got.headers["x-diseller-signature"], got.body + b" ", secret)
    wrong = "whsec_" + "A" * 43 + "="
    assert not diseller_valid(got.headers["x-diseller-signature"], got.body, wrong)
    # Standard Webhooks, verified by its own library
    assert Webhook(secret).verify(got.body, got.headers) == payload
    assert got.headers["webhook-id"] == payload["id"]
    with pytest.raises(Exception, match="signature"):
        Webhook(wrong).verify(got.body, got.headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(secret).verify(got.body.replace(b"ada", b"eve"), got.headers)
    [(delivery, [attempt])] = await attempts_of(services, tenant, endpoint)
    assert (delivery.status, attempt.status_code, attempt.response_body) == (
        "succeeded",
        200,
        "ok",
    )


async def test_only_subscribed_events_after_the_endpoint_existed_are_sent(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await new_customer(client, tenant, "before@example.com")
    async with receiver() as hooks:
        await register(client, tenant, hooks.url, ["order.created"])
        await new_customer(client, tenant, "after@example.com")
        await new_customer(client, other, "other@example.com")

        await drain(services)

    assert hooks.received == []


async def test_a_failing_receiver_is_retried_with_growing_waits_until_it_answers(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: a receiver answering 500 five times, then 200
    tenant = await factory.tenant()
    clock = FixedClock()
    async with receiver() as hooks:
        hooks.answers(500, 500, 500, 500, 500)
        endpoint = await register(client, tenant, hooks.url)
        await new_customer(client, tenant, "retry@example.com")
        # when: the worker runs, and runs again whenever the next attempt is due
        waits = []
        for _ in range(6):
            await drain(services, clock)
            [(delivery, _)] = await attempts_of(services, tenant, endpoint)
            if delivery.status == DeliveryStatus.SUCCEEDED:
                break
            waits.append((delivery.next_attempt_at - clock.now()).total_seconds())
            clock.moment = delivery.next_attempt_at
    # then
    [(delivery, attempts)] = await attempts_of(services, tenant, endpoint)
    assert delivery.status == "succeeded"
    assert [a.status_code for a in attempts] == [500] * 5 + [200]
    assert len(set(hooks.event_ids())) == 1
    assert 4 <= waits[0] <= 6
    assert all(later > earlier for earlier, later in itertools.pairwise(waits))
    assert (await endpoint_row(services, tenant, endpoint)).failing_since is None


async def test_410_disables_the_endpoint(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with receiver() as hooks:
        hooks.answers(410)
        endpoint = await register(client, tenant, hooks.url)
        await new_customer(client, tenant, "gone@example.com")
        await drain(services)
        await new_customer(client, tenant, "later@example.com")
        await drain(services)

    assert len(hooks.received) == 1
    row = await endpoint_row(services, tenant, endpoint)
    assert (row.disabled, row.disabled_reason) == (True, "The receiver answered 410 Gone.")
    [(delivery, _)] = await attempts_of(services, tenant, endpoint)
    assert delivery.status == "failed"


async def test_a_receiver_slower_than_the_timeout_is_retried(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    clock = FixedClock()
    async with receiver() as hooks:
        hooks.answers(0.8)
        endpoint = await register(client, tenant, hooks.url)
        await new_customer(client, tenant, "slow@example.com")
        await drain(services, clock, webhook_timeout_seconds=0.3)
        clock.advance(10)
        await drain(services, clock, webhook_timeout_seconds=0.3)

    [(delivery, attempts)] = await attempts_of(services, tenant, endpoint)
    assert [(a.status_code, a.error) for a in attempts] == [
        (None, "Timed out after 0.3 s."),
        (200, None),
    ]
    assert delivery.status == "succeeded"
    assert hooks.event_ids()[0] == hooks.event_ids()[1]


async def test_a_delivery_is_given_up_after_the_retry_period_and_the_endpoint_disabled(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    await factory.staff(tenant)
    clock = FixedClock()
    async with receiver() as hooks:
        hooks.answers(*[503] * 50)
        endpoint = await register(client, tenant, hooks.url)
        await new_customer(client, tenant, "down@example.com")
        for _ in range(20):
            await drain(services, clock, webhook_retry_for_seconds=60.0)
            clock.advance(30)

    [(delivery, attempts)] = await attempts_of(services, tenant, endpoint)
    assert delivery.status == "failed"
    assert 2 <= len(attempts) <= 5
    row = await endpoint_row(services, tenant, endpoint)
    assert row.disabled is True
    assert row.disabled_reason == "Every delivery failed for the whole retry period."


async def test_events_of_a_rolled_back_transaction_are_never_sent(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with receiver() as hooks:
        await register(client, tenant, hooks.url)
        async with services.db.unit(tenant.id) as uow:
            uow.session.add(
                DomainEvent(type="customer.created", object_type="customer", object_id=1)
            )
            await uow.session.flush()
            await uow.rollback()
        duplicate = await client.post(
            "/v1/customers",
            json={"email": "bad-email"},
            headers={"Authorization": f"Bearer {tenant.secret_key}"},
        )
        assert duplicate.status_code == 400

        await drain(services)

    assert hooks.received == []


async def test_a_rolled_secret_signs_beside_the_old_one_for_a_day(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with receiver() as hooks:
        endpoint = await register(client, tenant, hooks.url)
        rolled = await client.post(
            f"/v1/webhook_endpoints/{endpoint['id']}/roll_secret",
            headers={"Authorization": f"Bearer {tenant.secret_key}"},
        )
        new_secret = rolled.json()["secret"]
        await new_customer(client, tenant, "rolled@example.com")
        await drain(services)
        clock = FixedClock()
        clock.advance(timedelta(days=1, minutes=1).total_seconds())
        await new_customer(client, tenant, "next-day@example.com")
        await drain(services, clock)

    first, second = hooks.received
    header = first.headers["x-diseller-signature"]
    assert header.count("v1=") == 2
    assert diseller_valid(header, first.body, endpoint["secret"])
    assert diseller_valid(header, first.body, new_secret)
    assert len(first.headers["webhook-signature"].split(" ")) == 2
    assert second.headers["x-diseller-signature"].count("v1=") == 1
    assert not diseller_valid(
        second.headers["x-diseller-signature"], second.body, endpoint["secret"]
    )
    assert diseller_valid(second.headers["x-diseller-signature"], second.body, new_secret)


async def test_one_endpoint_gets_its_events_in_the_order_they_happened(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with receiver() as hooks:
        await register(client, tenant, hooks.url)
        for n in range(40):
            await new_customer(client, tenant, f"c{n}@example.com")
        await drain(services)

    numbers = [int(event_id.removeprefix("evt_")) for event_id in hooks.event_ids()]
    assert len(numbers) == 40
    assert numbers == sorted(numbers)


async def test_a_slow_receiver_does_not_hold_up_the_others(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    slow_shop, fast_shop = await factory.tenant(), await factory.tenant()
    async with receiver() as slow, receiver() as fast:
        slow.answers(*[1.5] * 3)
        await register(client, slow_shop, slow.url)
        await register(client, fast_shop, fast.url)
        for n in range(3):
            await new_customer(client, slow_shop, f"s{n}@example.com")
        for n in range(20):
            await new_customer(client, fast_shop, f"f{n}@example.com")
        stop = asyncio.Event()
        running = asyncio.create_task(
            worker(services, webhook_timeout_seconds=2.0, webhook_poll_seconds=0.05).run(stop)
        )
        try:
            deadline = time.monotonic() + 10
            while len(fast.received) < 20:
                assert time.monotonic() < deadline, len(fast.received)
                await asyncio.sleep(0.02)
            slow_when_fast_done = len(slow.received)
        finally:
            stop.set()
            await running

    # Held up, the fast shop would wait for all three slow answers (4.5 s).
    assert slow_when_fast_done < 3


async def test_disabling_an_endpoint_mails_the_owners(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    _, owner = await factory.staff(tenant, role=StaffRole.OWNER)
    _, admin = await factory.staff(tenant, role=StaffRole.ADMIN)
    async with receiver() as hooks:
        hooks.answers(410)
        await register(client, tenant, hooks.url)
        await new_customer(client, tenant, "bye@example.com")
        await drain(services)
    await wait_for_deliveries()

    async with services.db.unit(tenant.id) as uow:
        sent = list(await uow.session.scalars(select(MailOutbox)))
    assert [(mail.to_address, mail.subject) for mail in sent] == [
        (owner, "A webhook endpoint was disabled")
    ]
    assert hooks.url in sent[0].body
    assert admin not in {mail.to_address for mail in sent}


async def test_finished_deliveries_are_kept_for_the_configured_days(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with receiver() as hooks:
        endpoint = await register(client, tenant, hooks.url)
        await new_customer(client, tenant, "old@example.com")
        await drain(services)
    clock = FixedClock()
    clock.advance(timedelta(days=31).total_seconds())

    async with services.db.unit(None) as uow:
        kept_before = len(await attempts_of(services, tenant, endpoint))
        await purge_old(uow.session, now=clock.now(), keep_days=30)
        await uow.commit()

    assert kept_before == 1
    assert await attempts_of(services, tenant, endpoint) == []


async def test_the_server_runs_a_worker_of_its_own_by_default(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    settings = services.settings.model_copy(
        update={"webhook_worker_in_process": True, "webhook_poll_seconds": 0.05}
    )
    server = create_app(
        settings, services=Services.from_settings(settings, db=Database.from_settings(settings))
    )
    async with receiver() as hooks:
        await register(client, tenant, hooks.url)
        async with server.router.lifespan_context(server):
            customer = await new_customer(client, tenant, "self@example.com")
            deadline = time.monotonic() + 10
            while not hooks.received:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)

    [got] = hooks.received
    assert got.payload["data"]["object"]["id"] == customer
