"""Dialect A /entities/{slug}/records: envelopes and record validation."""

from __future__ import annotations

import httpx

from tenantry.models.entities import EntityRecord
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.entities.support import EntityWriter
from tests.support import iso

PRODUCTS = {
    "fields": [
        {"name": "title", "type": "text", "required": True},
        {"name": "price", "type": "number"},
        {"name": "in_stock", "type": "boolean"},
        {"name": "released", "type": "date"},
        {"name": "contact", "type": "email"},
        {"name": "homepage", "type": "url"},
        {"name": "size", "type": "select", "options": ["S", "M", "L"]},
        {"name": "sku", "type": "text", "unique": True},
    ]
}


def secret(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def record_json(record: EntityRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "data": record.data,
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
    }


async def test_create_answers_201_with_the_record(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await EntityWriter(services, tenant).entity("customers")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities/customers/records",
        json={"company": "ACME Inc", "email": "john@acme.com"},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 201
    data = response.json()["data"]
    assert data == {
        "id": data["id"],
        "data": {"company": "ACME Inc", "email": "john@acme.com"},
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }


async def test_create_accepts_the_data_wrapped_in_data(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await EntityWriter(services, tenant).entity("customers")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities/customers/records",
        json={"data": {"company": "ACME Inc"}},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 201
    assert response.json()["data"]["data"] == {"company": "ACME Inc"}


async def test_create_stores_values_in_their_type(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await EntityWriter(services, tenant).entity("products", PRODUCTS)
    body = {
        "title": "Shirt",
        "price": "19.5",
        "in_stock": "1",
        "released": "2024-02-29",
        "contact": "sales@example.com",
        "homepage": "https://example.com/shirt",
        "size": "M",
        "sku": None,
    }

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities/products/records",
        json=body,
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 201
    assert response.json()["data"]["data"] == {
        "title": "Shirt",
        "price": 19.5,
        "in_stock": True,
        "released": "2024-02-29",
        "contact": "sales@example.com",
        "homepage": "https://example.com/shirt",
        "size": "M",
    }


async def test_create_names_every_invalid_field(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await EntityWriter(services, tenant).entity("products", PRODUCTS)
    body = {
        "title": "  ",
        "price": "cheap",
        "in_stock": "maybe",
        "released": "2023-02-30",
        "contact": "not-an-email",
        "homepage": "javascript:alert(1)",
        "size": "XL",
        "colour": "red",
    }

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities/products/records",
        json=body,
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "title": ["The title field is required."],
            "price": ["The price field must be a number."],
            "in_stock": ["The in stock field must be true or false."],
            "released": ["The released field must be a valid date."],
            "contact": ["The contact field must be a valid email address."],
            "homepage": ["The homepage field must be a valid URL."],
            "size": ["The selected size is invalid."],
            "colour": ["The colour field is not defined for this entity; send null to remove it."],
        },
    }


async def test_a_unique_field_refuses_a_value_already_taken(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("products", PRODUCTS)
    await writer.record("products", title="First", sku="A-1")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities/products/records",
        json={"title": "Second", "sku": "A-1"},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"sku": ["The sku has already been taken."]}


async def test_a_relation_accepts_a_record_of_its_target_entity(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    customer = await writer.record("customers", company="ACME")
    await writer.entity(
        "orders", {"fields": [{"name": "customer", "type": "relation", "entity": "customers"}]}
    )

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities/orders/records",
        json={"customer": customer.id},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 201
    assert response.json()["data"]["data"] == {"customer": customer.id}


async def test_a_relation_to_another_tenants_record_is_invalid(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    other = await factory.tenant()
    relation = {"fields": [{"name": "customer", "type": "relation", "entity": "customers"}]}
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    await writer.entity("orders", relation)
    foreign = EntityWriter(services, other)
    await foreign.entity("customers")
    their_customer = await foreign.record("customers", company="Theirs")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities/orders/records",
        json={"customer": their_customer.id},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"customer": ["The selected customer is invalid."]}


async def test_a_relation_to_a_record_of_another_entity_is_invalid(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    note = await writer.entity("notes", {"fields": [{"name": "body", "type": "text"}]})
    other_record = await writer.record(note.slug, body="hello")
    await writer.entity(
        "orders", {"fields": [{"name": "customer", "type": "relation", "entity": "customers"}]}
    )

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities/orders/records",
        json={"customer": other_record.id},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"customer": ["The selected customer is invalid."]}


async def test_show_answers_the_record(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    record = await writer.record("customers", company="ACME")

    # when
    response = await client.get(
        f"/api/{tenant.slug}/entities/customers/records/{record.id}",
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 200
    assert response.json() == {"data": record_json(record)}


async def test_unknown_foreign_and_misplaced_records_are_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    other = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    await writer.entity("notes", {"fields": [{"name": "body", "type": "text"}]})
    note = await writer.record("notes", body="hi")
    foreign = EntityWriter(services, other)
    await foreign.entity("customers")
    theirs = await foreign.record("customers", company="Theirs")
    base = f"/api/{tenant.slug}/entities/customers/records"
    headers = secret(tenant.secret_key)

    # when
    answers = [
        await client.get(f"{base}/999999", headers=headers),
        await client.get(f"{base}/abc", headers=headers),
        await client.get(f"{base}/{theirs.id}", headers=headers),
        await client.get(f"{base}/{note.id}", headers=headers),
        await client.put(f"{base}/{theirs.id}", json={"company": "x"}, headers=headers),
        await client.delete(f"{base}/{theirs.id}", headers=headers),
    ]

    # then
    for response in answers:
        assert response.status_code == 404
        assert response.json() == {"message": "Record not found.", "code": "resource_missing"}


async def test_records_of_an_unknown_entity_are_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    headers = secret(tenant.secret_key)
    base = f"/api/{tenant.slug}/entities/nothing/records"

    # when
    answers = [
        await client.get(base, headers=headers),
        await client.post(base, json={"a": 1}, headers=headers),
        await client.get(f"{base}/1", headers=headers),
    ]

    # then
    for response in answers:
        assert response.status_code == 404
        assert response.json() == {"message": "Entity not found.", "code": "resource_missing"}


async def test_update_merges_and_null_removes_a_field(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    record = await writer.record("customers", company="ACME", email="a@acme.com")

    # when
    response = await client.put(
        f"/api/{tenant.slug}/entities/customers/records/{record.id}",
        json={"company": "ACME Corp", "email": None},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 200
    assert response.json()["data"]["data"] == {"company": "ACME Corp"}
    assert await writer.stored(record.id) == {"company": "ACME Corp"}


async def test_update_validates_the_merged_record(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    record = await writer.record("customers", company="ACME")

    # when
    response = await client.put(
        f"/api/{tenant.slug}/entities/customers/records/{record.id}",
        json={"company": None, "email": "bad"},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "company": ["The company field is required."],
        "email": ["The email field must be a valid email address."],
    }
    assert await writer.stored(record.id) == {"company": "ACME"}


async def test_update_keeps_its_own_unique_value(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("products", PRODUCTS)
    record = await writer.record("products", title="Shirt", sku="A-1")

    # when
    response = await client.put(
        f"/api/{tenant.slug}/entities/products/records/{record.id}",
        json={"title": "Shirt v2", "sku": "A-1"},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 200
    assert response.json()["data"]["data"] == {"title": "Shirt v2", "sku": "A-1"}


async def test_delete_removes_the_record(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    record = await writer.record("customers", company="ACME")
    url = f"/api/{tenant.slug}/entities/customers/records/{record.id}"
    headers = secret(tenant.secret_key)

    # when
    response = await client.delete(url, headers=headers)

    # then
    assert response.status_code == 200
    assert response.json() == {"message": "Record deleted."}
    assert (await client.get(url, headers=headers)).status_code == 404
