"""How the endpoint behaves by environment and transport: production closes the schema to
browsing; a subscription sent over HTTP is told to use a WebSocket; the client's mistakes are
logged in one line, without a traceback."""

from __future__ import annotations

import logging

import httpx
import pytest

from tenantry.config import Settings
from tenantry.schema import build_schema
from tests.conftest import Factory

pytestmark = pytest.mark.usefixtures("app")

INTROSPECTION = "{ __schema { queryType { name } } }"
MISSPELLED = "{ viewr { kind } }"


def production(**values: object) -> Settings:
    return Settings(environment="production", secret_key="s" * 40, **values)  # type: ignore[arg-type]


async def test_production_refuses_introspection_and_suggests_nothing() -> None:
    schema = build_schema(production())

    introspection = await schema.execute(INTROSPECTION)
    misspelled = await schema.execute(MISSPELLED)

    assert introspection.errors is not None
    assert "introspection" in introspection.errors[0].message.lower()
    assert misspelled.errors is not None
    assert misspelled.errors[0].message == "Cannot query field 'viewr' on type 'Query'."


async def test_development_and_an_explicit_switch_keep_the_schema_browsable() -> None:
    development = build_schema(Settings(environment="development"))
    opened = build_schema(production(graphql_introspection=True))

    browsed = await development.execute(INTROSPECTION)
    suggested = await development.execute(MISSPELLED)
    allowed = await opened.execute(INTROSPECTION)

    assert browsed.errors is None
    assert suggested.errors is not None
    assert "Did you mean 'viewer'?" in suggested.errors[0].message
    assert allowed.errors is None


def test_graphiql_follows_the_environment_unless_set() -> None:
    assert Settings(environment="development").graphiql_enabled is True
    assert production().graphiql_enabled is False
    assert production(graphiql=True).graphiql_enabled is True
    assert production(graphiql=True).introspection_enabled is True


async def test_a_subscription_over_http_is_told_to_use_a_websocket(
    client: httpx.AsyncClient, factory: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    tenant = await factory.tenant()
    caplog.set_level(logging.INFO)

    response = await client.post(
        f"/api/{tenant.slug}/graphql", json={"query": "subscription { blogPostPublished { id } }"}
    )

    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST", "reason": "subscription_needs_websocket"}
    assert error["message"].startswith("Subscriptions need a WebSocket")
    assert not [record for record in caplog.records if record.exc_info]


async def test_the_client_s_mistakes_are_logged_in_one_line_without_a_traceback(
    client: httpx.AsyncClient, factory: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    tenant = await factory.tenant()
    caplog.set_level(logging.INFO)
    login = (
        'mutation { login(input: {email: "no@example.com", password: "wrong-pass-1"}) { token } }'
    )

    answers = [
        await client.post(f"/api/{tenant.slug}/graphql", json={"query": query})
        for query in (MISSPELLED, "{ viewer {", login)
    ]

    reasons = [answer.json()["errors"][0]["extensions"]["reason"] for answer in answers]
    assert reasons == ["graphql_validation_failed", "graphql_parse_failed", "invalid_credentials"]
    logged = [r for r in caplog.records if r.name.startswith(("tenantry.graphql", "strawberry"))]
    assert len(logged) == 3, [r.getMessage() for r in logged]
    assert all(r.levelno == logging.INFO and not r.exc_info for r in logged)
