"""Query cost limits and error masking at the GraphQL edge."""

from __future__ import annotations

import httpx
import pytest
from graphql import GraphQLError, GraphQLSyntaxError, Source

from tenantry.config import Settings
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.schema import build_schema
from tenantry.schema.errors import format_error
from tests.conftest import Factory, TenantFixture


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_a_query_deeper_than_the_limit_is_refused() -> None:
    schema = build_schema(Settings(graphql_max_depth=0))
    result = await schema.execute("{ viewer { kind } }")
    assert result.errors is not None
    assert "exceeds maximum operation depth of 0" in result.errors[0].message


async def test_a_query_within_the_depth_limit_passes_validation() -> None:
    schema = build_schema(Settings(graphql_max_depth=1))
    result = await schema.execute("{ viewer { kind } }")
    assert result.errors is not None
    assert "depth" not in result.errors[0].message


async def test_too_many_aliases_are_refused(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    fields = " ".join(f"a{i}: viewer {{ kind }}" for i in range(31))
    response = await client.post(f"/api/{tenant.slug}/graphql", json={"query": f"{{ {fields} }}"})
    message = response.json()["errors"][0]["message"]
    assert "aliases found" in message


async def test_too_many_tokens_are_refused(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    fields = " ".join("viewer { kind }" for _ in range(1500))
    response = await client.post(f"/api/{tenant.slug}/graphql", json={"query": f"{{ {fields} }}"})
    assert "more than 5000 tokens" in response.json()["errors"][0]["message"]


async def test_a_document_over_the_size_limit_is_refused_before_parsing(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # A comment costs no tokens, so only the byte limit stops it.
    padded = {"query": "# " + "x" * (64 * 1024) + "\n{ site { name } }"}
    small = {"query": "{ site { name } }"}
    response = await client.post(f"/api/{tenant.slug}/graphql", json=padded)
    assert response.status_code == 413
    assert "exceeds 65536 bytes" in response.text
    assert (await client.post(f"/api/{tenant.slug}/graphql", json=small)).status_code == 200


def test_unexpected_errors_are_masked() -> None:
    error = GraphQLError("boom: password=hunter2", original_error=RuntimeError("secret detail"))
    formatted = format_error(error)
    assert formatted.message == "Unexpected error."
    assert formatted.extensions == {"code": "INTERNAL_SERVER_ERROR", "reason": "internal_error"}


def test_domain_errors_carry_their_code_and_fields() -> None:
    invalid = format_error(
        GraphQLError("x", original_error=ValidationFailed({"email": ["The email is bad."]}))
    )
    missing = format_error(GraphQLError("x", original_error=NotFound("post")))
    assert invalid.extensions == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"email": ["The email is bad."]},
    }
    assert (missing.message, missing.extensions) == (
        "Post not found.",
        {"code": "NOT_FOUND", "reason": "resource_missing"},
    )


def test_client_syntax_errors_are_shown_as_they_are_with_a_reason() -> None:
    source = Source("{")
    error = GraphQLSyntaxError(source, 1, "Expected Name, found <EOF>.")
    formatted = format_error(error)
    assert (formatted.message, formatted.extensions) == (
        "Syntax Error: Expected Name, found <EOF>.",
        {"code": "GRAPHQL_PARSE_FAILED", "reason": "graphql_parse_failed"},
    )


def test_client_validation_errors_are_shown_as_they_are_with_a_reason() -> None:
    error = GraphQLError("Cannot query field 'nope' on type 'Query'.")
    formatted = format_error(error)
    assert (formatted.message, formatted.extensions) == (
        "Cannot query field 'nope' on type 'Query'.",
        {"code": "GRAPHQL_VALIDATION_FAILED", "reason": "graphql_validation_failed"},
    )
