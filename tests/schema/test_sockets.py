"""Live sockets end within seconds of what let them in ending (logout, expiry, tenant suspended),
and one client cannot hold unbounded sockets or subscriptions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tenantry.app import create_app
from tenantry.models.tenant import TenantStatus
from tenantry.resolvers import tenants
from tenantry.resolvers.sessions import SessionKind
from tenantry.schema.sockets import FORBIDDEN, TOO_MANY_SOCKETS, UNAUTHORIZED
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.live import LiveServer, access_token, graphql_socket, serve
from tests.support import frozen_clock

WATCHED = "subscription { blogPostPublished { id } }"


@pytest.fixture
async def tight(app: Any, services: Services) -> AsyncIterator[LiveServer]:
    """A server whose sockets are rechecked every 0.1 s, two per client, two subscriptions each.
    It shares the services the test app's lifespan started, so it runs no lifespan of its own."""
    settings = services.settings.model_copy(
        update={"ws_recheck_seconds": 0.1, "ws_max_per_client": 2, "ws_max_subscriptions": 2}
    )
    async with serve(create_app(settings, services=services)) as server:
        yield server


async def test_a_logged_out_token_s_socket_is_closed(
    tight: LiveServer, factory: Factory, services: Services
) -> None:
    # given: a member's socket with a subscription running
    tenant = await factory.tenant()
    token = await access_token(services, tenant.info, kind=SessionKind.MEMBER)
    async with graphql_socket(tight.ws(f"/api/{tenant.slug}/graphql")) as socket:
        ack = await socket.init({"authorization": f"Bearer {token}"})
        assert ack["type"] == "connection_ack", ack
        await socket.start(WATCHED)
        # when: the member logs out elsewhere
        async with httpx.AsyncClient(base_url=tight.http()) as http:
            out = await http.post(
                f"/api/{tenant.slug}/auth/logout", headers={"Authorization": f"Bearer {token}"}
            )
        assert out.status_code == 200, out.text
        # then
        closing = await socket.closed_with(within=5)
    assert closing == (UNAUTHORIZED, "Unauthorized: Token has been revoked.")


async def test_an_expired_token_s_socket_is_closed(
    tight: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    with frozen_clock(services) as clock:
        token = await access_token(services, tenant.info, kind=SessionKind.MEMBER)
        async with graphql_socket(tight.ws(f"/api/{tenant.slug}/graphql")) as socket:
            ack = await socket.init({"authorization": f"Bearer {token}"})
            assert ack["type"] == "connection_ack", ack
            # when: its access token runs out
            clock.advance(services.settings.access_token_ttl + 1)
            # then
            closing = await socket.closed_with(within=5)
    assert closing == (UNAUTHORIZED, "Unauthorized: Invalid or expired token.")


async def test_a_suspended_tenant_s_sockets_are_closed(
    tight: LiveServer, factory: Factory, services: Services
) -> None:
    # given: an anonymous socket of the tenant
    tenant = await factory.tenant()
    async with graphql_socket(tight.ws(f"/api/{tenant.slug}/graphql")) as socket:
        ack = await socket.init({})
        assert ack["type"] == "connection_ack", ack
        # when
        async with services.db.unit(None) as uow:
            await tenants.set_tenant_status(
                uow.session, slug=tenant.slug, status=TenantStatus.SUSPENDED
            )
            await uow.commit()
        services.directory.invalidate()
        # then
        closing = await socket.closed_with(within=5)
    assert closing == (FORBIDDEN, "Forbidden: Tenant is not active.")


async def test_a_client_holds_at_most_its_sockets(tight: LiveServer, factory: Factory) -> None:
    # given: two sockets from one address
    tenant = await factory.tenant()
    url = tight.ws(f"/api/{tenant.slug}/graphql")
    async with graphql_socket(url), graphql_socket(url):
        # when: a third
        async with graphql_socket(url) as third:
            closing = await third.closed_with()
        # then: it is closed at once, saying why
        assert closing == (TOO_MANY_SOCKETS, "Too many sockets for this client")
    # and once they are gone, it may open one again
    async with graphql_socket(url) as again:
        assert (await again.init({}))["type"] == "connection_ack"


async def test_a_socket_runs_at_most_its_subscriptions(tight: LiveServer, factory: Factory) -> None:
    # given: two subscriptions running on one socket
    tenant = await factory.tenant()
    async with graphql_socket(tight.ws(f"/api/{tenant.slug}/graphql")) as socket:
        await socket.init({})
        first = await socket.start(WATCHED)
        await socket.start(WATCHED)
        # when: a third
        third = await socket.start(WATCHED)
        refused: dict[str, Any] = await socket.receive()
        # and when one completes, another may start
        await socket.send({"id": first, "type": "complete"})
        fourth = await socket.start(WATCHED)
        with pytest.raises(TimeoutError):
            await socket.receive(within=0.5)  # running: nothing to say yet
    # then
    assert refused["id"] == third
    assert refused["type"] == "error"
    [error] = refused["payload"]
    assert error["extensions"]["reason"] == "too_many_subscriptions"
    assert fourth != third
