"""Dialect B /v1/webhook_endpoints and /v1/events."""

from __future__ import annotations

import base64
import re
from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.serving.webhook_support import new_customer
from tests.support import bearer

pytestmark = pytest.mark.usefixtures("app")

URL = "https://127.0.0.1:9/hooks"  # nothing listens: a delivery to it fails at once


def key(tenant: TenantFixture) -> dict[str, str]:
    return bearer(tenant.secret_key)


async def create(client: httpx.AsyncClient, tenant: TenantFixture, **body: Any) -> httpx.Response:
    body.setdefault("url", URL)
    body.setdefault("enabled_events", ["order.created", "refund.processed"])
    return await client.post("/v1/webhook_endpoints", json=body, headers=key(tenant))


async def test_creating_an_endpoint_answers_its_secret_once(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await create(client, tenant, description="ERP")

    assert response.status_code == 200, response.text
    body = response.json()
    assert re.fullmatch(r"we_\d+", body["id"])
    assert body == {
        "id": body["id"],
        "object": "webhook_endpoint",
        "url": URL,
        "enabled_events": ["order.created", "refund.processed"],
        "description": "ERP",
        "status": "enabled",
        "disabled_reason": None,
        "created": body["created"],
        "secret": body["secret"],
    }
    assert len(base64.b64decode(body["secret"].removeprefix("whsec_"))) == 32
    fetched = await client.get(f"/v1/webhook_endpoints/{body['id']}", headers=key(tenant))
    assert "secret" not in fetched.json()
    listed = (await client.get("/v1/webhook_endpoints", headers=key(tenant))).json()
    assert listed["total"] == 1
    assert "secret" not in listed["data"][0]


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"enabled_events": ["order.shipped"]}, "enabled_events"),
        ({"enabled_events": ["*", "order.created"]}, "enabled_events"),
        ({"enabled_events": []}, "enabled_events"),
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": ""}, "url"),
    ],
)
async def test_invalid_input_names_the_field(
    client: httpx.AsyncClient, factory: Factory, body: dict[str, Any], param: str
) -> None:
    tenant = await factory.tenant()

    response = await create(client, tenant, **body)

    assert response.status_code == 400
    assert response.json()["error"]["param"] == param
    assert (await client.get("/v1/webhook_endpoints", headers=key(tenant))).json()["total"] == 0


async def test_an_endpoint_is_updated_disabled_and_deleted(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    made = (await create(client, tenant)).json()
    path = f"/v1/webhook_endpoints/{made['id']}"

    updated = await client.post(
        path, json={"enabled_events": ["*"], "disabled": True}, headers=key(tenant)
    )
    deleted = await client.delete(path, headers=key(tenant))
    gone = await client.get(path, headers=key(tenant))

    assert updated.json()["enabled_events"] == ["*"]
    assert (updated.json()["status"], updated.json()["disabled_reason"]) == (
        "disabled",
        "Disabled by the shop.",
    )
    assert deleted.json() == {"id": made["id"], "object": "webhook_endpoint", "deleted": True}
    assert gone.status_code == 404
    assert gone.json()["error"]["message"] == f"No such webhook_endpoint: '{made['id']}'"


async def test_rolling_answers_a_new_secret(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    made = (await create(client, tenant)).json()

    rolled = await client.post(
        f"/v1/webhook_endpoints/{made['id']}/roll_secret", headers=key(tenant)
    )

    assert rolled.status_code == 200
    assert rolled.json()["secret"].startswith("whsec_")
    assert rolled.json()["secret"] != made["secret"]


async def test_another_tenant_s_endpoint_is_not_found(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = (await create(client, other)).json()
    path = f"/v1/webhook_endpoints/{theirs['id']}"

    answers = [
        await client.get(path, headers=key(tenant)),
        await client.post(path, json={"disabled": True}, headers=key(tenant)),
        await client.delete(path, headers=key(tenant)),
        await client.post(f"{path}/roll_secret", headers=key(tenant)),
    ]

    assert [a.status_code for a in answers] == [404] * 4
    still = (await client.get(path, headers=key(other))).json()
    assert still["status"] == "enabled"


async def test_events_list_what_was_recorded_newest_first(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    first = await new_customer(client, tenant, "a@example.com")
    second = await new_customer(client, tenant, "b@example.com")
    await new_customer(client, other, "c@example.com")

    listed = (await client.get("/v1/events?limit=1", headers=key(tenant))).json()
    typed = (await client.get("/v1/events?type=order.created", headers=key(tenant))).json()

    [newest] = listed["data"]
    assert (listed["total"], listed["has_more"]) == (2, True)
    assert newest == {
        "object": "event",
        "id": newest["id"],
        "type": "customer.created",
        "created": newest["created"],
        "data": {"object": newest["data"]["object"]},
    }
    assert newest["data"]["object"]["id"] == second
    assert typed == {"data": [], "has_more": False, "total": 0}
    one = await client.get(f"/v1/events/{newest['id']}", headers=key(tenant))
    assert one.json() == newest
    assert first != second


@pytest.mark.parametrize("raw", ["evt_999999999", "evt_x", "we_1"])
async def test_an_unknown_event_is_404(
    client: httpx.AsyncClient, factory: Factory, raw: str
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/v1/events/{raw}", headers=key(tenant))

    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"No such event: '{raw}'"


async def test_a_publishable_key_cannot_manage_endpoints(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.post(
        "/v1/webhook_endpoints",
        json={"url": URL, "enabled_events": ["*"]},
        headers=bearer(tenant.publishable_key),
    )

    assert response.status_code == 401
