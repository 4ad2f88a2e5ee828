"""Entities over GraphQL: queries, typed record filters, mutations and the validation report."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.entities.support import CUSTOMERS, EntityWriter
from tests.support import error_codes, graphql

ENTITY = """
query Entity($slug: String!) {
  entity(slug: $slug) {
    id slug name description public schema recordsCount
    fields { name type required unique label options entity }
  }
}
"""

RECORDS = """
query Records($slug: String!, $filter: [RecordFilterInput!], $sort: String, $perPage: Int!) {
  entityRecords(slug: $slug, filter: $filter, sort: $sort, perPage: $perPage) {
    items { id data }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""

CREATE_ENTITY = """
mutation Create($input: CreateEntityInput!) {
  createEntity(input: $input) { slug fields { name type } }
}
"""

UPDATE_ENTITY = """
mutation Update($slug: String!, $input: UpdateEntityInput!) {
  updateEntity(slug: $slug, input: $input) {
    entity { slug fields { name type } }
    invalidRecords { id errors }
    invalidCount
    checkedCount
  }
}
"""

REPORT = """
query Report($slug: String!) {
  entityValidationReport(slug: $slug) { invalidRecords { id errors } invalidCount }
}
"""

RECORD_WRITES = """
mutation Writes($slug: String!, $data: JSON!) {
  created: createEntityRecord(slug: $slug, data: $data) { id data }
}
"""

UPDATE_RECORD = """
mutation Update($slug: String!, $id: ID!, $data: JSON!) {
  updateEntityRecord(slug: $slug, id: $id, data: $data) { id data }
}
"""

DELETE_RECORD = """
mutation Delete($slug: String!, $id: ID!) { deleteEntityRecord(slug: $slug, id: $id) }
"""

SCORES = {
    "fields": [
        {"name": "player", "type": "text", "required": True},
        {"name": "points", "type": "number"},
        {"name": "won", "type": "boolean"},
    ]
}


async def scoreboard(services: Services, tenant: TenantFixture) -> dict[str, int]:
    writer = EntityWriter(services, tenant)
    await writer.entity("scores", SCORES)
    ids = {}
    for player, points, won in [("Ann", 30, True), ("Bob", 12.5, False), ("Cho", 7, True)]:
        record = await writer.record("scores", player=player, points=points, won=won)
        assert record.id is not None
        ids[player] = record.id
    return ids


async def test_entity_exposes_its_fields(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    entity = await writer.entity("customers", name="Customers")
    await writer.record("customers", company="ACME")

    # when
    body = await graphql(client, ENTITY, {"slug": "customers"}, bearer=tenant.secret_key)

    # then
    assert body == {
        "data": {
            "entity": {
                "id": str(entity.id),
                "slug": "customers",
                "name": "Customers",
                "description": "",
                "public": False,
                "schema": {
                    "fields": [
                        {"name": "company", "type": "text", "required": True, "unique": False},
                        {"name": "email", "type": "email", "required": False, "unique": False},
                    ],
                    "public": False,
                },
                "recordsCount": 1,
                "fields": [
                    {
                        "name": "company",
                        "type": "TEXT",
                        "required": True,
                        "unique": False,
                        "label": None,
                        "options": [],
                        "entity": None,
                    },
                    {
                        "name": "email",
                        "type": "EMAIL",
                        "required": False,
                        "unique": False,
                        "label": None,
                        "options": [],
                        "entity": None,
                    },
                ],
            }
        }
    }


async def test_an_unknown_entity_is_not_found(client: httpx.AsyncClient, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()

    # when
    body = await graphql(client, ENTITY, {"slug": "nothing"}, bearer=tenant.secret_key)

    # then
    assert error_codes(body) == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("filters", "sort", "expected"),
    [
        ([{"field": "points", "op": "GT", "floatValue": 10}], "points", ["Bob", "Ann"]),
        ([{"field": "points", "op": "LTE", "value": "12.5"}], "-points", ["Bob", "Cho"]),
        ([{"field": "won", "booleanValue": True}], "player", ["Ann", "Cho"]),
        ([{"field": "won", "op": "NE", "jsonValue": True}], None, ["Bob"]),
        ([{"field": "player", "op": "IN", "values": ["Ann", "Cho"]}], "-player", ["Cho", "Ann"]),
        ([{"field": "points", "op": "IN", "jsonValue": [7, 30]}], "player", ["Ann", "Cho"]),
        ([{"field": "player", "op": "CONTAINS", "value": "O"}], "player", ["Bob", "Cho"]),
        (None, "-points", ["Ann", "Bob", "Cho"]),
    ],
)
async def test_records_take_typed_filters(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    filters: list[dict[str, Any]] | None,
    sort: str | None,
    expected: list[str],
) -> None:
    # given
    tenant = await factory.tenant()
    await scoreboard(services, tenant)
    variables = {"slug": "scores", "filter": filters, "sort": sort, "perPage": 10}

    # when
    body = await graphql(client, RECORDS, variables, bearer=tenant.secret_key)

    # then
    assert "errors" not in body, body
    page = body["data"]["entityRecords"]
    assert [item["data"]["player"] for item in page["items"]] == expected
    assert page["pageInfo"]["total"] == len(expected)


async def test_a_filter_needs_exactly_one_value(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await scoreboard(services, tenant)
    filters = [{"field": "points", "op": "GT", "floatValue": 1, "value": "2"}]

    # when
    body = await graphql(
        client,
        RECORDS,
        {"slug": "scores", "filter": filters, "perPage": 10},
        bearer=tenant.secret_key,
    )

    # then
    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"filter.0": ["The filter.0 input needs exactly one value."]},
    }


async def test_create_entity_and_records(client: httpx.AsyncClient, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    entity_input = {"name": "Customers", "slug": "customers", "schema": CUSTOMERS}

    # when
    created = await graphql(
        client, CREATE_ENTITY, {"input": entity_input}, bearer=tenant.secret_key
    )
    record = await graphql(
        client,
        RECORD_WRITES,
        {"slug": "customers", "data": {"company": "ACME Inc", "email": "john@acme.com"}},
        bearer=tenant.secret_key,
    )

    # then
    assert created == {
        "data": {
            "createEntity": {
                "slug": "customers",
                "fields": [{"name": "company", "type": "TEXT"}, {"name": "email", "type": "EMAIL"}],
            }
        }
    }
    assert record["data"]["created"]["data"] == {"company": "ACME Inc", "email": "john@acme.com"}


async def test_an_invalid_record_names_its_fields(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await EntityWriter(services, tenant).entity("customers")

    # when
    body = await graphql(
        client,
        RECORD_WRITES,
        {"slug": "customers", "data": {"email": "nope"}},
        bearer=tenant.secret_key,
    )

    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {
            "company": ["The company field is required."],
            "email": ["The email field must be a valid email address."],
        },
    }


async def test_update_and_delete_a_record(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    ids = await scoreboard(services, tenant)
    ann = str(ids["Ann"])

    # when
    updated = await graphql(
        client,
        UPDATE_RECORD,
        {"slug": "scores", "id": ann, "data": {"points": 31, "won": None}},
        bearer=tenant.secret_key,
    )
    deleted = await graphql(
        client, DELETE_RECORD, {"slug": "scores", "id": ann}, bearer=tenant.secret_key
    )
    again = await graphql(
        client, DELETE_RECORD, {"slug": "scores", "id": ann}, bearer=tenant.secret_key
    )

    # then
    assert updated["data"]["updateEntityRecord"] == {
        "id": ann,
        "data": {"player": "Ann", "points": 31},
    }
    assert deleted == {"data": {"deleteEntityRecord": True}}
    assert error_codes(again) == ["NOT_FOUND"]


async def test_update_entity_answers_the_report_and_the_report_query_agrees(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    ids = await scoreboard(services, tenant)
    schema = {"fields": [*SCORES["fields"][:1], {"name": "points", "type": "boolean"}]}

    # when
    updated = await graphql(
        client,
        UPDATE_ENTITY,
        {"slug": "scores", "input": {"schema": schema}},
        bearer=tenant.secret_key,
    )
    report = await graphql(client, REPORT, {"slug": "scores"}, bearer=tenant.secret_key)

    # then
    invalid = [
        {
            "id": str(ids[player]),
            "errors": {
                "points": ["The points field must be true or false."],
                "won": ["The won field is not defined for this entity; send null to remove it."],
            },
        }
        for player in ("Ann", "Bob", "Cho")
    ]
    assert updated == {
        "data": {
            "updateEntity": {
                "entity": {
                    "slug": "scores",
                    "fields": [
                        {"name": "player", "type": "TEXT"},
                        {"name": "points", "type": "BOOLEAN"},
                    ],
                },
                "invalidRecords": invalid,
                "invalidCount": 3,
                "checkedCount": 3,
            }
        }
    }
    assert report == {
        "data": {"entityValidationReport": {"invalidRecords": invalid, "invalidCount": 3}}
    }


async def test_a_publishable_key_may_not_create_entities(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    entity_input = {"name": "Customers", "slug": "customers", "schema": CUSTOMERS}

    # when
    body = await graphql(
        client,
        CREATE_ENTITY,
        {"input": entity_input},
        tenant=tenant.slug,
        api_key=tenant.publishable_key,
    )

    # then
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_the_report_is_for_admins(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await scoreboard(services, tenant)

    # when
    body = await graphql(client, REPORT, {"slug": "scores"}, tenant=tenant.slug)

    # then
    assert error_codes(body) == ["UNAUTHENTICATED"]
