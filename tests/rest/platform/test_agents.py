"""Dialect A: GET /agents, GET /agents/{slug}, PUT /agents/{slug}/configure."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.agents.support import secret
from tests.conftest import Factory, TenantFixture
from tests.live import access_token

FAQ = {
    "slug": "faq-responder",
    "name": "FAQ auto-responder",
    "description": (
        "Answers visitors' chat messages from the FAQ maintained by staff, after showing "
        "typing for a moment; stays quiet when no entry matches well enough."
    ),
}
LLM = {
    "slug": "llm",
    "name": "LLM agent",
    "description": (
        "Sends the input to an OpenAI-compatible chat completions endpoint, with the "
        "configured prompt as the system message, and returns the model's reply."
    ),
}
LLM_SETTINGS = {
    "base_url": "http://127.0.0.1:9/v1",
    "model": "gpt-test",
    "api_key": "sk-test-0123456789abcdef",
}


async def staff_headers(
    factory: Factory, services: Services, tenant: TenantFixture, role: StaffRole
) -> dict[str, str]:
    staff_id, _ = await factory.staff(tenant, role=role)
    token = await access_token(services, tenant.info, kind=SessionKind.STAFF, subject_id=staff_id)
    return {"Authorization": f"Bearer {token}"}


async def test_the_list_shows_every_kind_with_the_tenants_state(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await client.put(
        f"/api/{tenant.slug}/agents/faq-responder/configure",
        json={"enabled": True},
        headers=secret(tenant),
    )
    # when
    response = await client.get(f"/api/{tenant.slug}/agents", headers=secret(tenant))
    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {**FAQ, "enabled": True, "configured": True},
            {**LLM, "enabled": False, "configured": False},
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }


async def test_configure_answers_the_detail_with_the_key_masked(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    admin = await staff_headers(factory, services, tenant, StaffRole.ADMIN)
    body = {"enabled": True, "prompt": "Be brief.", "settings": LLM_SETTINGS}
    # when
    response = await client.put(
        f"/api/{tenant.slug}/agents/llm/configure", json=body, headers=admin
    )
    # then
    expected = {
        "data": {
            **LLM,
            "enabled": True,
            "configured": True,
            "settings": {
                "base_url": "http://127.0.0.1:9/v1",
                "model": "gpt-test",
                "api_key": "****cdef",
                "temperature": 0.7,
                "max_tokens": 1024,
            },
            "prompt": "Be brief.",
        }
    }
    assert response.status_code == 200
    assert response.json() == expected
    shown = await client.get(f"/api/{tenant.slug}/agents/llm", headers=admin)
    assert shown.json() == expected
    assert "0123456789abcdef" not in shown.text


async def test_an_agent_never_configured_has_its_defaults(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.get(f"/api/{tenant.slug}/agents/faq-responder", headers=secret(tenant))
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            **FAQ,
            "enabled": False,
            "configured": False,
            "settings": {
                "min_score": 0.5,
                "typing_seconds": 1.0,
                "fallback": False,
                "fallback_message": "An agent will be with you shortly.",
            },
            "prompt": "",
        }
    }


async def test_invalid_settings_are_a_422_naming_each_field(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.put(
        f"/api/{tenant.slug}/agents/llm/configure",
        json={"enabled": True, "settings": {"base_url": "localhost", "temperature": "hot"}},
        headers=secret(tenant),
    )
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "settings.base_url": ["The base url field must be a valid URL."],
            "settings.model": ["The model field is required."],
            "settings.temperature": ["The temperature field must be a number."],
        },
    }


async def test_a_body_of_the_wrong_shape_is_a_422(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.put(
        f"/api/{tenant.slug}/agents/faq-responder/configure",
        json={"enabled": "maybe", "settings": []},
        headers=secret(tenant),
    )
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "enabled": ["The enabled field must be true or false."],
            "settings": ["The settings field must be an object."],
        },
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/agents/nope"),
        ("PUT", "/agents/nope/configure"),
    ],
)
async def test_an_unknown_agent_is_a_404(
    client: httpx.AsyncClient, factory: Factory, method: str, path: str
) -> None:
    tenant = await factory.tenant()
    response = await client.request(
        method, f"/api/{tenant.slug}{path}", json={}, headers=secret(tenant)
    )
    assert response.status_code == 404
    assert response.json() == {"message": "Agent not found.", "code": "resource_missing"}


async def test_without_credentials_it_is_a_401(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.get(f"/api/{tenant.slug}/agents")
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_a_publishable_key_proves_no_one(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.get(
        f"/api/{tenant.slug}/agents", headers={"X-API-Key": tenant.publishable_key}
    )
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_a_chat_agent_reads_but_cannot_configure(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    agent = await staff_headers(factory, services, tenant, StaffRole.AGENT)
    # when
    read = await client.get(f"/api/{tenant.slug}/agents/llm", headers=agent)
    write = await client.put(
        f"/api/{tenant.slug}/agents/faq-responder/configure", json={"enabled": True}, headers=agent
    )
    # then
    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json() == {"message": "This action is unauthorized.", "code": "forbidden"}


async def test_another_tenants_key_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    response = await client.put(
        f"/api/{tenant.slug}/agents/faq-responder/configure",
        json={"enabled": True},
        headers=secret(other),
    )
    assert response.status_code == 401
