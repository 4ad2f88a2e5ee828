"""Every dialect A list answers `meta` (issue 18, decisions 160-162).

The walk calls every GET route of platform_routes() that takes no path parameter, as a member
and as an admin, plus the list routes under a path parameter that a seeded row opens; every
answer whose `data` is a list must carry `meta`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.routing import Route

from tenantry.rest.routes import platform_routes
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.catalog.support import CatalogWriter
from tests.resolvers.forms.support import make_form
from tests.support import bearer, member_token, members, staff_token

START = {"visitor_name": "John", "visitor_email": "john@example.com", "initial_message": "Hello!"}
# Lists under a path parameter, opened by the rows seeded() writes.
WITH_PARAMS = {"/products/{slug}/related", "/chat/conversations/{id}/messages"}
# At least these answer a list without any row written: the walk must not be vacuous.
ISSUE_18 = {
    "/blog/categories",
    "/blog/tags",
    "/boards",
    "/categories",
    "/coupons",
    "/forms",
    "/entities",
    "/agents",
    "/my/courses",
    "/products/{slug}/related",
    "/chat/conversations/{id}/messages",
}
PAGED = ["/coupons", "/forms", "/entities", "/agents", "/my/courses"]


def get_paths() -> list[str]:
    return [
        route.path
        for route in platform_routes()
        if isinstance(route, Route) and "GET" in (route.methods or ())
    ]


async def headers_of(
    services: Services, factory: Factory, tenant: TenantFixture
) -> list[dict[str, str]]:
    [member_id] = await members(services, tenant)
    staff_id, _ = await factory.staff(tenant)
    return [
        {},
        bearer(await member_token(services, tenant, member_id)),
        bearer(await staff_token(services, tenant, staff_id)),
    ]


async def seeded(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> dict[str, str]:
    writer = CatalogWriter(services, tenant)
    main = await writer.product("Main")
    await writer.related(main, await writer.product("Picked"))
    started = await client.post(f"/api/{tenant.slug}/chat/conversations", json=START)
    assert started.status_code == 201, started.text
    return {
        "/products/{slug}/related": "/products/main/related",
        "/chat/conversations/{id}/messages": (
            f"/chat/conversations/{started.json()['data']['id']}/messages"
        ),
    }


async def test_every_list_route_answers_meta(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    filled = await seeded(client, services, tenant)
    who = await headers_of(services, factory, tenant)
    paths = [p for p in get_paths() if "{" not in p or p in WITH_PARAMS]
    assert set(get_paths()) >= WITH_PARAMS

    # when
    lists: dict[str, Any] = {}
    for path in paths:
        for headers in who:
            response = await client.get(
                f"/api/{tenant.slug}{filled.get(path, path)}", headers=headers
            )
            if response.status_code != 200 or "json" not in response.headers.get(
                "content-type", ""
            ):
                continue
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("data"), list):
                lists.setdefault(path, body)

    # then
    assert set(lists) >= ISSUE_18, sorted(ISSUE_18 - set(lists))
    missing = sorted(path for path, body in lists.items() if not isinstance(body.get("meta"), dict))
    assert missing == []


async def test_small_lists_answer_a_whole_list_meta(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    await writer.category("Mugs")
    await writer.category("Cups")

    response = await client.get(f"/api/{tenant.slug}/categories")

    assert response.json()["meta"] == {"current_page": 1, "last_page": 1, "per_page": 2, "total": 2}


async def test_forms_page_two(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await make_form(services, tenant, name="Alpha")
    await make_form(services, tenant, name="Beta")
    await make_form(services, tenant, name="Gamma")

    # when
    response = await client.get(f"/api/{tenant.slug}/forms", params={"page": 2, "per_page": 2})

    # then
    assert response.status_code == 200
    assert [form["name"] for form in response.json()["data"]] == ["Gamma"]
    assert response.json()["meta"] == {"current_page": 2, "last_page": 2, "per_page": 2, "total": 3}


async def test_agents_page_two(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant)
    headers = bearer(await staff_token(services, tenant, staff_id))

    everything = await client.get(f"/api/{tenant.slug}/agents", headers=headers)
    second = await client.get(
        f"/api/{tenant.slug}/agents", params={"page": 2, "per_page": 1}, headers=headers
    )

    assert second.status_code == 200
    total = len(everything.json()["data"])
    assert second.json()["data"] == everything.json()["data"][1:2]
    assert second.json()["meta"] == {
        "current_page": 2,
        "last_page": total,
        "per_page": 1,
        "total": total,
    }


async def test_my_courses_past_the_end_is_an_empty_page(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))

    response = await client.get(
        f"/api/{tenant.slug}/my/courses", params={"page": 3, "per_page": 5}, headers=headers
    )

    assert response.status_code == 200
    assert response.json() == {
        "data": [],
        "meta": {"current_page": 3, "last_page": 1, "per_page": 5, "total": 0},
    }


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("page=0", {"page": ["The page field must be at least 1."]}),
        ("per_page=0", {"per_page": ["The per page field must be between 1 and 100."]}),
        ("per_page=101", {"per_page": ["The per page field must be between 1 and 100."]}),
    ],
)
async def test_bad_paging_is_422_naming_the_field(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    path: str,
    query: str,
    errors: dict[str, list[str]],
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    staff_id, _ = await factory.staff(tenant)
    token = (
        await staff_token(services, tenant, staff_id)
        if path == "/agents"
        else await member_token(services, tenant, member_id)
    )

    response = await client.get(f"/api/{tenant.slug}{path}?{query}", headers=bearer(token))

    assert response.status_code == 422
    assert response.json()["errors"] == errors


async def test_chat_messages_meta_describes_the_cursor_page(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    filled = await seeded(client, services, tenant)
    path = filled["/chat/conversations/{id}/messages"]

    response = await client.get(f"/api/{tenant.slug}{path}", params={"limit": 3})

    assert response.status_code == 200
    assert response.json()["meta"] == {"after": None, "limit": 3, "count": 1}
