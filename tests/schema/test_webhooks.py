"""Webhooks over GraphQL for staff: endpoints, deliveries with their attempts, redelivery,
health."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.serving.webhook_support import drain, new_customer
from tests.support import error_of, graphql, member_token, members
from tests.webhook_receiver import receiver

pytestmark = pytest.mark.usefixtures("app")

CREATE = """
mutation($url: String!) {
  createWebhookEndpoint(input: {url: $url, enabledEvents: ["customer.created"]}) {
    secret endpoint { id url enabledEvents disabled }
  }
}
"""
DELIVERIES = """
query($id: ID!) {
  webhookDeliveries(endpointId: $id) {
    items { id eventId status attemptCount attempts { statusCode error responseBody } }
    pageInfo { total }
  }
}
"""
HEALTH = "{ webhookHealth { endpoint { url } queued failedLastDay oldestUndeliveredAt } }"


async def test_staff_register_follow_and_redeliver(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with receiver() as hooks:
        hooks.answers(500)
        made = await graphql(client, CREATE, {"url": hooks.url}, bearer=tenant.secret_key)
        endpoint = made["data"]["createWebhookEndpoint"]["endpoint"]
        assert made["data"]["createWebhookEndpoint"]["secret"].startswith("whsec_")
        await new_customer(client, tenant, "graph@example.com")
        await drain(services)

        waiting = await graphql(client, HEALTH, bearer=tenant.secret_key)
        failed = await graphql(client, DELIVERIES, {"id": endpoint["id"]}, bearer=tenant.secret_key)
        [delivery] = failed["data"]["webhookDeliveries"]["items"]
        again = await graphql(
            client,
            "mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { status eventId } }",
            {"id": delivery["id"]},
            bearer=tenant.secret_key,
        )
        await drain(services)
        after = await graphql(client, DELIVERIES, {"id": endpoint["id"]}, bearer=tenant.secret_key)

    assert waiting["data"]["webhookHealth"] == [
        {
            "endpoint": {"url": hooks.url},
            "queued": 1,
            "failedLastDay": 1,
            "oldestUndeliveredAt": waiting["data"]["webhookHealth"][0]["oldestUndeliveredAt"],
        }
    ]
    assert delivery["eventId"].startswith("evt_")
    assert (delivery["status"], delivery["attemptCount"]) == ("PENDING", 1)
    assert delivery["attempts"] == [{"statusCode": 500, "error": None, "responseBody": "ok"}]
    assert again["data"]["redeliverWebhook"] == {
        "status": "PENDING",
        "eventId": delivery["eventId"],
    }
    newest = after["data"]["webhookDeliveries"]["items"][0]
    assert (newest["status"], newest["attempts"][0]["statusCode"]) == ("SUCCEEDED", 200)
    assert after["data"]["webhookDeliveries"]["pageInfo"]["total"] == 2


async def test_update_roll_and_delete(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    made = await graphql(client, CREATE, {"url": "https://127.0.0.1:9/h"}, bearer=tenant.secret_key)
    endpoint_id = made["data"]["createWebhookEndpoint"]["endpoint"]["id"]

    updated = await graphql(
        client,
        """mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: {enabledEvents: ["*"],
             disabled: true}) { enabledEvents disabled disabledReason } }""",
        {"id": endpoint_id},
        bearer=tenant.secret_key,
    )
    rolled = await graphql(
        client,
        "mutation($id: ID!) { rollWebhookSecret(id: $id) { secret } }",
        {"id": endpoint_id},
        bearer=tenant.secret_key,
    )
    deleted = await graphql(
        client,
        "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }",
        {"id": endpoint_id},
        bearer=tenant.secret_key,
    )
    listed = await graphql(client, "{ webhookEndpoints { id } }", bearer=tenant.secret_key)

    assert updated["data"]["updateWebhookEndpoint"] == {
        "enabledEvents": ["*"],
        "disabled": True,
        "disabledReason": "Disabled by the shop.",
    }
    assert (
        rolled["data"]["rollWebhookSecret"]["secret"]
        != made["data"]["createWebhookEndpoint"]["secret"]
    )
    assert deleted["data"]["deleteWebhookEndpoint"] is True
    assert listed["data"]["webhookEndpoints"] == []


async def test_members_and_other_tenants_see_nothing(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    made = await graphql(client, CREATE, {"url": "https://127.0.0.1:9/h"}, bearer=other.secret_key)
    theirs = made["data"]["createWebhookEndpoint"]["endpoint"]["id"]
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)

    as_member = await graphql(client, "{ webhookEndpoints { id } }", bearer=token)
    as_other = await graphql(client, DELIVERIES, {"id": theirs}, bearer=tenant.secret_key)
    listed = await graphql(client, "{ webhookEndpoints { id } }", bearer=tenant.secret_key)

    assert error_of(as_member)[1]["code"] == "FORBIDDEN"
    assert error_of(as_other)[1]["code"] == "NOT_FOUND"
    assert listed["data"]["webhookEndpoints"] == []


@pytest.mark.parametrize(
    ("events", "field"),
    [(["nope"], "enabled_events"), ([], "enabled_events")],
)
async def test_invalid_events_name_the_field(
    client: httpx.AsyncClient, factory: Factory, events: list[str], field: str
) -> None:
    tenant = await factory.tenant()

    body = await graphql(
        client,
        """mutation($events: [String!]!) { createWebhookEndpoint(input: {url: "https://127.0.0.1:9/h",
             enabledEvents: $events}) { secret } }""",
        {"events": events},
        bearer=tenant.secret_key,
    )

    _, extensions = error_of(body)
    assert (extensions["code"], list(extensions["fields"])) == ("BAD_USER_INPUT", [field])
