"""Who may write and read entities and records through dialect A."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.entities.support import CUSTOMERS, EntityWriter
from tests.rest.platform.auth_support import register
from tests.support import staff_token

PUBLIC_NOTES = {"fields": [{"name": "body", "type": "text"}], "public": True}


async def credentials(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    tenant: TenantFixture,
    who: str,
) -> dict[str, str]:
    if who == "anonymous":
        return {}
    if who == "publishable key":
        return {"X-API-Key": tenant.publishable_key}
    if who == "member":
        return {"Authorization": f"Bearer {(await register(client, tenant))['token']}"}
    if who == "secret key":
        return {"Authorization": f"Bearer {tenant.secret_key}"}
    role = StaffRole.AGENT if who == "agent staff" else StaffRole.ADMIN
    staff_id, _ = await factory.staff(tenant, role=role)
    return {"Authorization": f"Bearer {await staff_token(services, tenant, staff_id)}"}


REFUSAL_CODES = {401: "unauthenticated", 403: "forbidden"}
REFUSED = [
    ("anonymous", 401, "Unauthenticated."),
    ("publishable key", 401, "Unauthenticated."),
    ("member", 403, "This action is unauthorized."),
    ("agent staff", 403, "This action is unauthorized."),
]


@pytest.mark.parametrize(("who", "status", "message"), REFUSED)
async def test_only_admins_may_create_entities(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    who: str,
    status: int,
    message: str,
) -> None:
    # given
    tenant = await factory.tenant()
    headers = await credentials(client, factory, services, tenant, who)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities",
        json={"name": "Customers", "slug": "customers", "schema": CUSTOMERS},
        headers=headers,
    )

    # then
    assert response.status_code == status
    assert response.json() == {"message": message, "code": REFUSAL_CODES[status]}


@pytest.mark.parametrize(("who", "status", "message"), REFUSED)
async def test_only_admins_may_write_records(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    who: str,
    status: int,
    message: str,
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("notes", PUBLIC_NOTES)
    record = await writer.record("notes", body="hi")
    headers = await credentials(client, factory, services, tenant, who)
    base = f"/api/{tenant.slug}/entities/notes"

    # when
    answers = [
        await client.post(f"{base}/records", json={"body": "x"}, headers=headers),
        await client.put(f"{base}/records/{record.id}", json={"body": "x"}, headers=headers),
        await client.delete(f"{base}/records/{record.id}", headers=headers),
        await client.put(base, json={"name": "x"}, headers=headers),
        await client.delete(base, headers=headers),
    ]

    # then
    for response in answers:
        assert response.status_code == status
        assert response.json() == {"message": message, "code": REFUSAL_CODES[status]}


@pytest.mark.parametrize("who", ["admin staff", "secret key"])
async def test_admin_staff_and_secret_keys_create_entities(
    client: httpx.AsyncClient, factory: Factory, services: Services, who: str
) -> None:
    # given
    tenant = await factory.tenant()
    headers = await credentials(client, factory, services, tenant, who)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities",
        json={"name": "Customers", "slug": "customers", "schema": CUSTOMERS},
        headers=headers,
    )

    # then
    assert response.status_code == 201


@pytest.mark.parametrize(("who", "status", "message"), REFUSED[:3])
async def test_records_of_a_private_entity_are_for_staff_only(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    who: str,
    status: int,
    message: str,
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    record = await writer.record("customers", company="ACME")
    headers = await credentials(client, factory, services, tenant, who)
    base = f"/api/{tenant.slug}/entities/customers"

    # when
    answers = [
        await client.get(base, headers=headers),
        await client.get(f"{base}/records", headers=headers),
        await client.get(f"{base}/records/{record.id}", headers=headers),
    ]

    # then
    for response in answers:
        assert response.status_code == status
        assert response.json() == {"message": message, "code": REFUSAL_CODES[status]}


@pytest.mark.parametrize("who", ["agent staff", "secret key"])
async def test_every_staff_member_and_secret_keys_read_private_records(
    client: httpx.AsyncClient, factory: Factory, services: Services, who: str
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    await writer.record("customers", company="ACME")
    headers = await credentials(client, factory, services, tenant, who)

    # when
    response = await client.get(f"/api/{tenant.slug}/entities/customers/records", headers=headers)

    # then
    assert response.status_code == 200
    assert response.json()["meta"]["total"] == 1


async def test_anyone_reads_a_public_entity_and_its_records(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("notes", PUBLIC_NOTES)
    record = await writer.record("notes", body="hello")
    base = f"/api/{tenant.slug}/entities/notes"

    # when
    entity = await client.get(base)
    listed = await client.get(f"{base}/records")
    shown = await client.get(f"{base}/records/{record.id}")

    # then
    assert entity.status_code == 200
    assert entity.json()["data"]["schema"]["public"] is True
    assert [item["data"] for item in listed.json()["data"]] == [{"body": "hello"}]
    assert shown.json()["data"]["data"] == {"body": "hello"}


async def test_the_public_list_shows_only_public_entities(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    await writer.entity("notes", PUBLIC_NOTES)

    # when
    public = await client.get(
        f"/api/{tenant.slug}/entities", headers={"X-API-Key": tenant.publishable_key}
    )
    staff = await client.get(
        f"/api/{tenant.slug}/entities", headers={"Authorization": f"Bearer {tenant.secret_key}"}
    )

    # then
    assert [entity["slug"] for entity in public.json()["data"]] == ["notes"]
    assert [entity["slug"] for entity in staff.json()["data"]] == ["customers", "notes"]
