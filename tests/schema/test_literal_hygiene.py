"""Values written into the document are held to the variables' rules: NUL, lone surrogates,
integers beyond a BIGINT and nesting over 32 levels are BAD_USER_INPUT naming the field before
anything runs (a NUL in a JSON literal answered INTERNAL_SERVER_ERROR on PostgreSQL), and
NaN or Infinity in variables too. (A lone surrogate escape in a literal is the parser's
GRAPHQL_PARSE_FAILED already.)"""

from __future__ import annotations

import json

import httpx
import pytest

from tenantry.models.entities import EntityRecord
from tenantry.serving.services import Services
from tests.id_fuzzing import ENTITY, Callers, make_callers
from tests.support import count, error_of, graphql, without_cost


@pytest.fixture
async def callers(services: Services) -> Callers:
    return await make_callers(services)


def record_with(data: str) -> str:
    return f'mutation {{ createEntityRecord(slug: "{ENTITY}", data: {data}) {{ id }} }}'


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (r'{company: "a\u0000b"}', "must not contain NUL characters"),
        ("{company: 99999999999999999999}", "is out of range"),
    ],
)
async def test_an_unstorable_literal_is_bad_user_input_and_nothing_is_stored(
    client: httpx.AsyncClient,
    services: Services,
    callers: Callers,
    data: str,
    problem: str,
) -> None:
    # when
    body = await graphql(
        client, record_with(data), tenant=callers.tenant.slug, bearer=callers.staff_token
    )
    # then
    message, extensions = error_of(body)
    assert message == "The given data was invalid."
    assert extensions["code"] == "BAD_USER_INPUT"
    assert extensions["fields"] == {"data.company": [f"The data.company field {problem}."]}
    assert body["data"] is None
    assert await count(services, callers.tenant, EntityRecord) == 0


async def test_a_literal_nested_too_deeply_is_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    deep = "{company: " + "[" * 40 + '"x"' + "]" * 40 + "}"

    body = await graphql(
        client, record_with(deep), tenant=callers.tenant.slug, bearer=callers.staff_token
    )

    message, extensions = error_of(body)
    assert message == "The JSON body is nested too deeply."
    assert (extensions["code"], extensions["reason"]) == ("BAD_REQUEST", "body_too_deep")


async def test_a_storable_literal_runs(client: httpx.AsyncClient, callers: Callers) -> None:
    body = await graphql(
        client,
        record_with('{company: "Acme\\u00e9"}'),
        tenant=callers.tenant.slug,
        bearer=callers.staff_token,
    )

    assert "errors" not in body, body


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
async def test_a_non_finite_number_in_variables_is_bad_user_input(
    client: httpx.AsyncClient, callers: Callers, token: str
) -> None:
    # JSON has no NaN; Python's parser (and so the server's) takes the bare token anyway.
    text = f'mutation($d: JSON!) {{ createEntityRecord(slug: "{ENTITY}", data: $d) {{ id }} }}'
    raw = json.dumps({"query": text, "variables": {"d": {"company": "x", "size": 0}}})
    raw = raw.replace('"size": 0', f'"size": {token}')
    headers = {
        "X-Tenant": callers.tenant.slug,
        "Authorization": f"Bearer {callers.staff_token}",
        "Content-Type": "application/json",
    }

    response = await client.post("/graphql", content=raw, headers=headers)

    assert response.status_code == 200
    _, extensions = error_of(without_cost(response.json()))
    assert extensions["code"] == "BAD_USER_INPUT"
    assert extensions["fields"] == {"d.size": ["The d.size field must be a finite number."]}


async def test_a_lone_surrogate_in_the_document_is_the_client_s_error(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    # json.dumps escapes it; the server's parser turns "\ud800" back into a lone surrogate,
    # which measuring the document's size used to trip over (a 500).
    text = record_with('{company: "a\ud800"}')
    headers = {
        "X-Tenant": callers.tenant.slug,
        "Authorization": f"Bearer {callers.staff_token}",
        "Content-Type": "application/json",
    }

    response = await client.post("/graphql", content=json.dumps({"query": text}), headers=headers)

    assert response.status_code < 500, response.text
    codes = {error["extensions"]["code"] for error in response.json()["errors"]}
    assert codes <= {"BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED"}, response.text
