"""Dialect A /entities and /entities/{slug}: envelopes, schema validation, schema changes."""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.entities.support import CUSTOMERS, EntityWriter
from tests.support import iso


def secret(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


NORMALIZED_CUSTOMERS = {
    "fields": [
        {"name": "company", "type": "text", "required": True, "unique": False},
        {"name": "email", "type": "email", "required": False, "unique": False},
    ],
    "public": False,
}


async def test_create_answers_201_with_the_entity(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    body = {"name": "Customers", "slug": "customers", "schema": CUSTOMERS}

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities", json=body, headers=secret(tenant.secret_key)
    )

    # then
    assert response.status_code == 201
    data = response.json()["data"]
    assert data == {
        "id": data["id"],
        "name": "Customers",
        "slug": "customers",
        "description": "",
        "schema": NORMALIZED_CUSTOMERS,
        "records_count": 0,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }


async def test_create_names_the_schema_field_at_fault(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    schema = {
        "fields": [
            {"name": "title", "type": "text"},
            {"name": "Title", "type": "text"},
            {"name": "size", "type": "huge"},
            {"name": "status", "type": "select"},
            {"name": "owner", "type": "relation"},
            {"name": "title", "type": "number", "required": "yes"},
        ]
    }

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities",
        json={"name": "Things", "slug": "things", "schema": schema},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "schema.fields.1.name": [
                "The schema.fields.1.name field must start with a lowercase letter and contain "
                "only lowercase letters, digits and underscores (at most 64 characters)."
            ],
            "schema.fields.2.type": [
                "The selected schema.fields.2.type is invalid: use one of text, number, "
                "boolean, date, email, url, select, relation."
            ],
            "schema.fields.3.options": [
                "The schema.fields.3.options field must be a non-empty array for select fields."
            ],
            "schema.fields.4.entity": [
                "The schema.fields.4.entity field must name an entity's slug for relation fields."
            ],
            "schema.fields.5.name": ["The schema.fields.5.name field has a duplicate value."],
            "schema.fields.5.required": [
                "The schema.fields.5.required field must be true or false."
            ],
        },
    }


async def test_create_requires_name_slug_and_schema(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities", json={}, headers=secret(tenant.secret_key)
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "name": ["The name field is required."],
        "slug": ["The slug field is required."],
        "schema": ["The schema field is required."],
    }


async def test_create_refuses_a_taken_slug(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await EntityWriter(services, tenant).entity("customers")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities",
        json={"name": "Again", "slug": "customers", "schema": CUSTOMERS},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"slug": ["The slug has already been taken."]}


async def test_a_relation_must_target_an_entity_of_the_same_tenant(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    other = await factory.tenant()
    await EntityWriter(services, other).entity("customers")
    schema = {"fields": [{"name": "customer", "type": "relation", "entity": "customers"}]}

    # when
    response = await client.post(
        f"/api/{tenant.slug}/entities",
        json={"name": "Orders", "slug": "orders", "schema": schema},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "schema.fields.0.entity": [
            "The schema.fields.0.entity field names an unknown entity: customers."
        ]
    }


async def test_list_answers_every_entity_with_its_record_count(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    customers = await writer.entity("customers", name="Customers")
    notes = await writer.entity("notes", {"fields": [{"name": "body", "type": "text"}]})
    await writer.record("customers", company="ACME")

    # when
    response = await client.get(f"/api/{tenant.slug}/entities", headers=secret(tenant.secret_key))

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": customers.id,
                "name": "Customers",
                "slug": "customers",
                "description": "",
                "schema": NORMALIZED_CUSTOMERS,
                "records_count": 1,
                "created_at": iso(customers.created_at),
                "updated_at": iso(customers.updated_at),
            },
            {
                "id": notes.id,
                "name": "Notes",
                "slug": "notes",
                "description": "",
                "schema": {
                    "fields": [
                        {"name": "body", "type": "text", "required": False, "unique": False}
                    ],
                    "public": False,
                },
                "records_count": 0,
                "created_at": iso(notes.created_at),
                "updated_at": iso(notes.updated_at),
            },
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }


async def test_show_answers_the_entity(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    entity = await EntityWriter(services, tenant).entity("customers", name="Customers")

    # when
    response = await client.get(
        f"/api/{tenant.slug}/entities/customers", headers=secret(tenant.secret_key)
    )

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "id": entity.id,
            "name": "Customers",
            "slug": "customers",
            "description": "",
            "schema": NORMALIZED_CUSTOMERS,
            "records_count": 0,
            "created_at": iso(entity.created_at),
            "updated_at": iso(entity.updated_at),
        }
    }


async def test_unknown_and_foreign_entities_are_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    other = await factory.tenant()
    await EntityWriter(services, other).entity("customers")
    headers = secret(tenant.secret_key)

    # when
    missing = await client.get(f"/api/{tenant.slug}/entities/nothing", headers=headers)
    foreign = await client.get(f"/api/{tenant.slug}/entities/customers", headers=headers)
    foreign_put = await client.put(
        f"/api/{tenant.slug}/entities/customers", json={"name": "Mine"}, headers=headers
    )
    foreign_delete = await client.delete(f"/api/{tenant.slug}/entities/customers", headers=headers)

    # then
    not_found = {"message": "Entity not found.", "code": "resource_missing"}
    for response in (missing, foreign, foreign_put, foreign_delete):
        assert response.status_code == 404
        assert response.json() == not_found


async def test_update_applies_the_schema_and_reports_records_that_no_longer_validate(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    fine = await writer.record("customers", company="42")
    texty = await writer.record("customers", company="ACME", email="a@example.com")
    schema = {"fields": [{"name": "company", "type": "number", "required": True}]}

    # when
    response = await client.put(
        f"/api/{tenant.slug}/entities/customers",
        json={"name": "Clients", "schema": schema},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["name"] == "Clients"
    assert body["data"]["schema"] == {
        "fields": [{"name": "company", "type": "number", "required": True, "unique": False}],
        "public": False,
    }
    assert body["meta"] == {
        "invalid_records": [
            {
                "id": fine.id,
                "errors": {"company": ["The company field must be a number."]},
            },
            {
                "id": texty.id,
                "errors": {
                    "company": ["The company field must be a number."],
                    "email": [
                        "The email field is not defined for this entity; send null to remove it."
                    ],
                },
            },
        ],
        "invalid_count": 2,
    }
    assert await writer.stored(texty.id) == {"company": "ACME", "email": "a@example.com"}


async def test_update_with_valid_records_reports_none(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    await writer.record("customers", company="ACME")
    schema: dict[str, Any] = {"fields": [*CUSTOMERS["fields"], {"name": "vip", "type": "boolean"}]}

    # when
    response = await client.put(
        f"/api/{tenant.slug}/entities/customers",
        json={"schema": schema},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 200
    assert response.json()["meta"] == {"invalid_records": [], "invalid_count": 0}


async def test_update_refuses_an_invalid_schema(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await EntityWriter(services, tenant).entity("customers")

    # when
    response = await client.put(
        f"/api/{tenant.slug}/entities/customers",
        json={"schema": {"fields": [{"name": "x", "type": "select", "options": []}]}},
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "schema.fields.0.options": [
            "The schema.fields.0.options field must be a non-empty array for select fields."
        ]
    }


async def test_delete_removes_the_entity_and_its_records(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    await writer.record("customers", company="ACME")
    headers = secret(tenant.secret_key)

    # when
    response = await client.delete(f"/api/{tenant.slug}/entities/customers", headers=headers)

    # then
    assert response.status_code == 200
    assert response.json() == {"message": "Entity deleted."}
    gone = await client.get(f"/api/{tenant.slug}/entities/customers/records", headers=headers)
    assert gone.status_code == 404


async def test_delete_is_refused_while_another_entity_relates_to_it(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    schema = {"fields": [{"name": "customer", "type": "relation", "entity": "customers"}]}
    await writer.entity("orders", schema)

    # when
    response = await client.delete(
        f"/api/{tenant.slug}/entities/customers", headers=secret(tenant.secret_key)
    )

    # then
    assert response.status_code == 409
    assert response.json() == {
        "message": "The entity is the target of relation fields: orders.customer.",
        "code": "entity_referenced",
    }
