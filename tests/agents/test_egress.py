"""Agents call only public addresses unless private endpoints are allowed, and the request goes
to the address that was checked."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from tenantry.agents.runner import Runner
from tenantry.egress import EndpointRefused, Target, resolve, resolve_public
from tenantry.models.agents import ExecutionStatus
from tenantry.serving.services import Services
from tests.agents.support import add_execution, configure, llm_settings, load_execution
from tests.conftest import Factory
from tests.fake_llm import FakeLLM

pytestmark = pytest.mark.usefixtures("app")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/v1",
        "http://localhost/v1",
        "http://10.1.2.3/v1",
        "http://192.168.0.10/v1",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:9000/v1",
        "http://[fd00::1]/v1",
        "http://0.0.0.0/v1",
    ],
)
async def test_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(EndpointRefused, match="non-public address"):
        await resolve_public(url, allow_private=False)


async def test_a_public_address_is_pinned_with_the_original_host_and_tls_name() -> None:
    target = await resolve_public("https://93.184.216.34:8443/v1/chat", allow_private=False)
    assert str(target.url) == "https://93.184.216.34:8443/v1/chat"
    assert target.headers == {"Host": "93.184.216.34:8443"}
    assert target.extensions == {"sni_hostname": "93.184.216.34"}


async def test_allowing_private_endpoints_leaves_the_url_alone() -> None:
    assert await resolve_public("http://localhost:9/v1", allow_private=True) == Target(
        url=httpx.URL("http://localhost:9/v1")
    )


async def test_a_pinned_request_reaches_the_server_under_its_own_host_name(
    llm: FakeLLM,
) -> None:
    # The fake server listens on loopback, so accept loopback in place of "public".
    url = llm.base_url.replace("127.0.0.1", "localhost") + "/chat/completions"
    target = await resolve(url, accept=lambda address: address.is_loopback)
    assert target.url.host in {"127.0.0.1", "::1"}
    async with httpx.AsyncClient() as http:
        response = await http.post(
            target.url,
            json={"model": "echo", "messages": [{"role": "user", "content": "hi"}]},
            headers=target.headers,
            extensions=target.extensions,
        )
    assert response.status_code == 200, response.text
    assert llm.hosts[-1] == httpx.URL(url).netloc.decode()
    assert ipaddress.ip_address(target.url.host).is_loopback


async def test_an_agent_pointed_at_a_private_address_fails_without_calling_it(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given: production's default, and an endpoint on loopback
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    assert queued.id is not None
    settings = services.settings.model_copy(update={"agent_allow_private_endpoints": False})
    # when
    await Runner(services.db, settings).run(tenant_id=tenant.id, execution_id=queued.id)
    # then
    stored = await load_execution(services, tenant, queued.id)
    assert stored.status == ExecutionStatus.FAILED
    assert stored.error is not None
    assert "non-public address" in stored.error
    assert llm.requests == []
