"""The webhook worker against real receivers: what is sent, signed, retried and given up."""

from __future__ import annotations

import hashlib
import hmac
import itertools
from datetime import timedelta

import httpx
import pytest
from standardwebhooks import Webhook

from tenantry.models.event import DomainEvent
from tenantry.models.webhooks import DeliveryStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.serving.webhook_support import (
    attempts_of,
    drain,
    endpoint_row,
    new_customer,
    register,
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
