"""Variables no column could hold are the operation's BAD_USER_INPUT before anything runs, on
both databases (PostgreSQL answered INTERNAL_SERVER_ERROR)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Factory
from tests.live import LiveServer, graphql_socket
from tests.support import error_of, graphql

pytestmark = pytest.mark.usefixtures("app")

SUBSCRIBE = "subscription($number: String!) { orderStatus(orderNumber: $number) { __typename } }"
LOGIN = """
mutation($input: LoginInput!) { login(input: $input) { token } }
"""


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("ada\x00@example.com", "The input.email field must not contain NUL characters."),
        ("ada\ud800@example.com", "The input.email field must be valid Unicode text."),
    ],
)
async def test_unstorable_text_in_variables_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, email: str, message: str
) -> None:
    tenant = await factory.tenant()
    variables: dict[str, Any] = {"input": {"email": email, "password": "whatever-123"}}

    # json.dumps escapes a lone surrogate (\\ud800), as a client's JSON would carry it.
    body = json.dumps({"query": LOGIN, "variables": variables}).encode()
    response = await client.post(
        "/graphql",
        content=body,
        headers={"X-Tenant": tenant.slug, "Content-Type": "application/json"},
    )

    assert response.status_code == 200
    found, extensions = error_of(response.json())
    assert found == "The given data was invalid."
    assert extensions["code"] == "BAD_USER_INPUT"
    assert extensions["fields"] == {"input.email": [message]}


async def test_ordinary_variables_still_run(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(
        client,
        LOGIN,
        {"input": {"email": "nobody@example.com", "password": "whatever-123"}},
        tenant=tenant.slug,
    )

    assert error_of(body)[1]["reason"] == "invalid_credentials"


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_unstorable_variables_over_a_socket_are_bad_user_input(
    live_server: LiveServer, factory: Factory, protocol: str
) -> None:
    # given: variables over a socket used to reach the resolvers unchecked
    tenant = await factory.tenant()
    variables = {"number": "ORD\x00"}
    async with graphql_socket(live_server.ws(), protocol=protocol) as socket:
        await socket.init({"tenant": tenant.slug})
        # when
        operation_id = await socket.start(SUBSCRIBE, variables)
        answer = await socket.receive()
    # then
    assert answer["id"] == operation_id
    assert answer["type"] == "error", answer
    payload = answer["payload"]  # a list of errors, or the legacy protocol's one error
    [error] = payload if isinstance(payload, list) else [payload]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["fields"] == {
        "number": ["The number field must not contain NUL characters."]
    }
