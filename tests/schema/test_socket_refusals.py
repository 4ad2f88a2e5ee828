"""A refused socket closes with its code and a reason a person can read, over both protocols
and whether the upgrade, connection_init or the socket cap refuses it."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from websockets.exceptions import ConnectionClosed

from tenantry.models.tenant import TenantStatus
from tenantry.resolvers import tenants
from tenantry.schema.sockets import FORBIDDEN, MAX_REASON_BYTES, Refusal
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.live import LEGACY_WS, TRANSPORT_WS, LiveServer, graphql_socket


async def closed(
    server: LiveServer,
    payload: dict[str, Any],
    *,
    path: str = "/graphql",
    protocol: str = TRANSPORT_WS,
) -> tuple[int | None, str | None]:
    async with graphql_socket(server.ws(path), protocol=protocol) as socket:
        with suppress(ConnectionClosed):  # a refusal at the upgrade may close before init
            await socket.send({"type": "connection_init", "payload": payload})
        return await socket.closed_with()


async def test_an_unknown_tenant_closes_with_its_reason(live_server: LiveServer) -> None:
    assert await closed(live_server, {"tenant": "no-such-tenant"}) == (
        FORBIDDEN,
        "Forbidden: Tenant not found.",
    )


async def test_a_socket_without_a_tenant_closes_with_its_reason(live_server: LiveServer) -> None:
    assert await closed(live_server, {}) == (FORBIDDEN, "Forbidden: Tenant required.")


async def test_an_invalid_token_closes_with_its_reason(
    live_server: LiveServer, factory: Factory
) -> None:
    tenant = await factory.tenant()
    payload = {"authorization": "Bearer not-a-jwt", "tenant": tenant.slug}
    assert await closed(live_server, payload) == (
        FORBIDDEN,
        "Forbidden: Invalid or expired token.",
    )


async def test_an_unknown_tenant_path_closes_at_the_upgrade_with_its_reason(
    live_server: LiveServer,
) -> None:
    path = "/api/no-such-tenant/graphql"
    assert await closed(live_server, {}, path=path) == (FORBIDDEN, "Forbidden: Tenant not found.")


async def test_a_suspended_tenant_closes_with_its_reason(
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
    assert await closed(live_server, {"tenant": tenant.slug}) == (
        FORBIDDEN,
        "Forbidden: Tenant is not active.",
    )


async def test_a_legacy_socket_refusal_closes_with_its_reason(live_server: LiveServer) -> None:
    async with graphql_socket(live_server.ws(), protocol=LEGACY_WS) as socket:
        answer = await socket.init({"tenant": "no-such-tenant"})
        closing = await socket.closed_with()
    assert answer == {"type": "connection_error", "payload": {"message": "Tenant not found."}}
    assert closing == (1011, "Forbidden: Tenant not found.")


def test_a_long_reason_is_cut_to_a_close_frame_between_characters() -> None:
    reason = Refusal(FORBIDDEN, "é" * 200).reason
    assert len(reason.encode()) <= MAX_REASON_BYTES
    assert reason.startswith("Forbidden: éé")
    assert reason.encode().decode() == reason
