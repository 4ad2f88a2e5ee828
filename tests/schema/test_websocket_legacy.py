"""The legacy graphql-ws subprotocol on a real uvicorn server, authenticated the same way."""

from __future__ import annotations

from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.live import LEGACY_WS, LiveServer, access_token, graphql_socket

VIEWER = "{ viewer { kind tenantSlug } }"


async def test_anonymous_legacy_socket_names_its_tenant(
    live_server: LiveServer, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    async with graphql_socket(live_server.ws(), protocol=LEGACY_WS) as socket:
        # when
        ack = await socket.init({"tenant": tenant.slug})
    # then
    assert ack == {
        "type": "connection_ack",
        "payload": {"tenant": tenant.slug, "principal": "anonymous"},
    }


async def test_legacy_socket_with_a_member_token_acts_as_the_member(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    token = await access_token(services, tenant.info, kind=SessionKind.MEMBER)
    async with graphql_socket(live_server.ws(), protocol=LEGACY_WS) as socket:
        # when
        ack = await socket.init({"authorization": f"Bearer {token}"})
    # then
    assert ack == {
        "type": "connection_ack",
        "payload": {"tenant": tenant.slug, "principal": "member"},
    }


async def test_legacy_socket_on_a_tenant_path_with_a_publishable_key(
    live_server: LiveServer, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    path = f"/api/{tenant.slug}/graphql"
    async with graphql_socket(live_server.ws(path), protocol=LEGACY_WS) as socket:
        # when
        ack = await socket.init({"apiKey": tenant.publishable_key})
    # then
    assert ack == {
        "type": "connection_ack",
        "payload": {"tenant": tenant.slug, "principal": "api_key"},
    }


async def test_legacy_socket_carries_subscriptions_only(
    live_server: LiveServer, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    async with graphql_socket(live_server.ws(), protocol=LEGACY_WS) as socket:
        await socket.init({"tenant": tenant.slug})
        # when
        operation_id = await socket.start(VIEWER)
        answer = await socket.receive()
    # then: strawberry runs queries and mutations over graphql-transport-ws only
    assert answer["id"] == operation_id
    assert answer["type"] == "error"


async def test_legacy_socket_with_an_invalid_token_gets_connection_error(
    live_server: LiveServer, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    async with graphql_socket(live_server.ws(), protocol=LEGACY_WS) as socket:
        # when
        answer = await socket.init({"authorization": "Bearer not-a-jwt", "tenant": tenant.slug})
        code, _ = await socket.closed_with()
    # then: graphql-ws has no 4403; strawberry reports the refusal, then closes
    assert answer == {
        "type": "connection_error",
        "payload": {"message": "Invalid or expired token."},
    }
    assert code == 1011


async def test_legacy_socket_without_a_tenant_gets_connection_error(
    live_server: LiveServer,
) -> None:
    async with graphql_socket(live_server.ws(), protocol=LEGACY_WS) as socket:
        answer = await socket.init({})
        code, _ = await socket.closed_with()
    assert answer == {"type": "connection_error", "payload": {"message": "Tenant required."}}
    assert code == 1011


async def test_a_query_over_the_legacy_protocol_is_refused_with_a_reason(
    live_server: LiveServer, factory: Factory
) -> None:
    # given: graphql-ws serves subscriptions only
    tenant = await factory.tenant()
    async with graphql_socket(live_server.ws(), protocol=LEGACY_WS) as socket:
        await socket.init({"tenant": tenant.slug})
        # when
        operation_id = await socket.start(VIEWER)
        answer = await socket.receive()
    # then: the client's mistake, not an internal error
    assert answer == {
        "id": operation_id,
        "type": "error",
        "payload": {
            "message": "queries are not allowed",
            "extensions": {"code": "BAD_REQUEST", "reason": "operation_not_allowed"},
        },
    }
