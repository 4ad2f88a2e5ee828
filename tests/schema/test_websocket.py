"""graphql-transport-ws on a real uvicorn server: connection_init authenticates the socket."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tenantry.auth.tokens import TokenType, encode_token
from tenantry.models.tenant import TenantStatus
from tenantry.resolvers import tenants
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.live import GraphQLSocket, LiveServer, access_token, graphql_socket
from tests.support import without_cost

VIEWER = "{ viewer { kind tenantSlug } }"
FORBIDDEN = 4403


async def run_viewer(socket: GraphQLSocket) -> dict[str, Any]:
    operation_id = await socket.start(VIEWER)
    result = await socket.receive()
    assert result["id"] == operation_id
    assert result["type"] == "next"
    assert await socket.receive() == {"id": operation_id, "type": "complete"}
    payload: dict[str, Any] = result["payload"]
    return without_cost(payload)


async def refused(server: LiveServer, payload: dict[str, Any], path: str = "/graphql") -> int:
    async with graphql_socket(server.ws(path)) as socket:
        with suppress(ConnectionClosed):  # a refusal at the upgrade may close before init
            await socket.send({"type": "connection_init", "payload": payload})
        code, _ = await socket.closed_with()
    assert code is not None
    return code


async def test_anonymous_socket_names_its_tenant(live_server: LiveServer, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    async with graphql_socket(live_server.ws()) as socket:
        # when
        ack = await socket.init({"tenant": tenant.slug})
        result = await run_viewer(socket)
    # then
    assert ack == {
        "type": "connection_ack",
        "payload": {"tenant": tenant.slug, "principal": "anonymous"},
    }
    assert result == {"data": {"viewer": {"kind": "anonymous", "tenantSlug": tenant.slug}}}


async def test_publishable_key_socket_acts_as_the_key(
    live_server: LiveServer, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    async with graphql_socket(live_server.ws()) as socket:
        # when
        ack = await socket.init({"apiKey": tenant.publishable_key})
        result = await run_viewer(socket)
    # then
    assert ack["type"] == "connection_ack"
    assert result == {"data": {"viewer": {"kind": "api_key", "tenantSlug": tenant.slug}}}


async def test_member_bearer_socket_acts_as_the_member(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    token = await access_token(services, tenant.info, kind=SessionKind.MEMBER)
    async with graphql_socket(live_server.ws()) as socket:
        # when
        ack = await socket.init({"authorization": f"Bearer {token}"})
        result = await run_viewer(socket)
    # then
    assert ack["payload"] == {"tenant": tenant.slug, "principal": "member"}
    assert result == {"data": {"viewer": {"kind": "member", "tenantSlug": tenant.slug}}}


async def test_staff_bearer_socket_acts_as_the_staff(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant)
    token = await access_token(services, tenant.info, kind=SessionKind.STAFF, subject_id=staff_id)
    async with graphql_socket(live_server.ws()) as socket:
        # when
        ack = await socket.init({"authorization": f"Bearer {token}", "tenant": tenant.slug})
        result = await run_viewer(socket)
    # then
    assert ack["payload"] == {"tenant": tenant.slug, "principal": "staff"}
    assert result == {"data": {"viewer": {"kind": "staff", "tenantSlug": tenant.slug}}}


async def test_socket_on_a_tenant_path_needs_no_tenant_in_the_payload(
    live_server: LiveServer, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        # when
        ack = await socket.init({})
        result = await run_viewer(socket)
    # then
    assert ack["payload"] == {"tenant": tenant.slug, "principal": "anonymous"}
    assert result == {"data": {"viewer": {"kind": "anonymous", "tenantSlug": tenant.slug}}}


async def test_handshake_header_credentials_hold_when_the_payload_has_none(
    live_server: LiveServer, factory: Factory
) -> None:
    # given: a server-side client that authenticates the upgrade request itself
    tenant = await factory.tenant()
    headers = {"Authorization": f"Bearer {tenant.secret_key}"}
    async with graphql_socket(live_server.ws(), headers=headers) as socket:
        # when
        ack = await socket.init({})
        result = await run_viewer(socket)
    # then
    assert ack["payload"] == {"tenant": tenant.slug, "principal": "api_key"}
    assert result == {"data": {"viewer": {"kind": "api_key", "tenantSlug": tenant.slug}}}


async def test_socket_without_any_tenant_is_refused(live_server: LiveServer) -> None:
    assert await refused(live_server, {}) == FORBIDDEN


async def test_unknown_tenant_is_refused(live_server: LiveServer) -> None:
    assert await refused(live_server, {"tenant": "no-such-tenant"}) == FORBIDDEN


async def test_invalid_bearer_token_is_refused(live_server: LiveServer, factory: Factory) -> None:
    tenant = await factory.tenant()
    payload = {"authorization": "Bearer not-a-jwt", "tenant": tenant.slug}
    assert await refused(live_server, payload) == FORBIDDEN


async def test_bearer_token_alone_that_is_invalid_is_refused(live_server: LiveServer) -> None:
    assert await refused(live_server, {"authorization": "Bearer not-a-jwt"}) == FORBIDDEN


async def test_expired_bearer_token_is_refused(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given: a token of this tenant that expired an hour ago
    tenant = await factory.tenant()
    token, _ = encode_token(
        secret=services.settings.secret_key,
        type_=TokenType.ACCESS,
        subject_id=1,
        tenant_id=tenant.id,
        family="f",
        now=datetime.now(UTC) - timedelta(hours=2),
        ttl=3600,
    )
    # when / then
    assert await refused(live_server, {"authorization": f"Bearer {token}"}) == FORBIDDEN
    payload = {"authorization": f"Bearer {token}", "tenant": tenant.slug}
    assert await refused(live_server, payload) == FORBIDDEN


async def test_token_of_another_tenant_is_refused(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant_a = await factory.tenant()
    tenant_b = await factory.tenant()
    token = await access_token(services, tenant_a.info, kind=SessionKind.MEMBER)
    # when
    code = await refused(live_server, {"authorization": f"Bearer {token}", "tenant": tenant_b.slug})
    # then
    assert code == FORBIDDEN


async def test_api_key_of_another_tenant_is_refused(
    live_server: LiveServer, factory: Factory
) -> None:
    tenant_a = await factory.tenant()
    tenant_b = await factory.tenant()
    payload = {"apiKey": tenant_a.publishable_key, "tenant": tenant_b.slug}
    assert await refused(live_server, payload) == FORBIDDEN


async def test_payload_tenant_cannot_override_the_tenant_path(
    live_server: LiveServer, factory: Factory
) -> None:
    tenant_a = await factory.tenant()
    tenant_b = await factory.tenant()
    path = f"/api/{tenant_a.slug}/graphql"
    assert await refused(live_server, {"tenant": tenant_b.slug}, path) == FORBIDDEN


async def test_suspended_tenant_is_refused(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    async with services.db.unit(None) as uow:
        await tenants.set_tenant_status(
            uow.session, slug=tenant.slug, status=TenantStatus.SUSPENDED
        )
        await uow.commit()
    # when / then
    assert await refused(live_server, {"tenant": tenant.slug}) == FORBIDDEN
    assert await refused(live_server, {"apiKey": tenant.publishable_key}) == FORBIDDEN


async def test_suspended_tenant_path_is_refused(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    async with services.db.unit(None) as uow:
        await tenants.set_tenant_status(
            uow.session, slug=tenant.slug, status=TenantStatus.SUSPENDED
        )
        await uow.commit()
    # when / then
    assert await refused(live_server, {}, f"/api/{tenant.slug}/graphql") == FORBIDDEN


async def test_operation_before_connection_init_closes_the_socket(
    live_server: LiveServer, factory: Factory
) -> None:
    # given
    await factory.tenant()
    async with graphql_socket(live_server.ws()) as socket:
        # when
        await socket.start(VIEWER)
        code, _ = await socket.closed_with()
    # then
    assert code == 4401


async def test_upgrade_from_a_foreign_origin_is_refused(
    live_server: LiveServer, factory: Factory
) -> None:
    # given: a page elsewhere would open the socket with the user's cookies
    tenant = await factory.tenant()
    headers = {"Origin": "https://attacker.example", "X-Tenant": tenant.slug}
    # when
    with pytest.raises(InvalidStatus) as refusal:
        async with graphql_socket(live_server.ws(), headers=headers):
            pass
    # then
    assert refusal.value.response.status_code == 403
