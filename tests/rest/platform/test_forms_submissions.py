"""Dialect A form submissions: GET /forms/{slug}/submissions (staff), GET /my/submissions."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.forms.support import make_form
from tests.support import member_headers, staff_headers

ANSWERS = {"name": "Kim", "email": "kim@example.com"}


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def test_staff_list_submissions_with_who_sent_them(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant)
    member_id, member = await member_headers(services, tenant)
    _, staff = await staff_headers(services, factory, tenant)
    url = f"{base(tenant)}/forms/{form.slug}"
    first = await client.post(f"{url}/submit", json=ANSWERS, headers={"User-Agent": "curl/8"})
    second = await client.post(f"{url}/submit", json={**ANSWERS, "name": "Lee"}, headers=member)

    # when
    response = await client.get(f"{url}/submissions", headers=staff)

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2}
    [newest, oldest] = body["data"]
    assert newest == {
        "id": second.json()["data"]["id"],
        "form_id": form.id,
        "member_id": member_id,
        "data": {"name": "Lee", "email": "kim@example.com"},
        "ip": "127.0.0.1",
        "user_agent": newest["user_agent"],
        "created_at": newest["created_at"],
    }
    assert (oldest["id"], oldest["member_id"]) == (first.json()["data"]["id"], None)
    assert oldest["user_agent"] == "curl/8"


async def test_submissions_page(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant)
    url = f"{base(tenant)}/forms/{form.slug}"
    for _ in range(3):
        await client.post(f"{url}/submit", json=ANSWERS)

    response = await client.get(
        f"{url}/submissions?per_page=2&page=2",
        headers={"Authorization": f"Bearer {tenant.secret_key}"},
    )

    assert response.json()["meta"] == {
        "current_page": 2,
        "last_page": 2,
        "per_page": 2,
        "total": 3,
    }
    assert len(response.json()["data"]) == 1


@pytest.mark.parametrize(
    ("who", "status", "message"),
    [("anonymous", 401, "Unauthenticated."), ("member", 403, "This action is unauthorized.")],
)
async def test_only_staff_list_submissions(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    who: str,
    status: int,
    message: str,
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant)
    headers = (await member_headers(services, tenant))[1] if who == "member" else {}

    response = await client.get(f"{base(tenant)}/forms/{form.slug}/submissions", headers=headers)

    assert (response.status_code, response.json()) == (
        status,
        {"message": message, "code": {401: "unauthenticated", 403: "forbidden"}[status]},
    )


async def test_staff_of_another_tenant_see_no_form(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    form = await make_form(services, tenant)

    response = await client.get(
        f"{base(other)}/forms/{form.slug}/submissions",
        headers={"Authorization": f"Bearer {other.secret_key}"},
    )

    assert (response.status_code, response.json()) == (
        404,
        {"message": "Form not found.", "code": "resource_missing"},
    )


async def test_members_list_their_own_submissions_with_form_names(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    contact = await make_form(services, tenant, name="Contact")
    survey = await make_form(services, tenant, name="Survey", fields=[])
    _, mine = await member_headers(services, tenant)
    _, theirs = await member_headers(services, tenant)
    await client.post(f"{base(tenant)}/forms/{contact.slug}/submit", json=ANSWERS, headers=mine)
    await client.post(f"{base(tenant)}/forms/{survey.slug}/submit", json={}, headers=mine)
    await client.post(f"{base(tenant)}/forms/{contact.slug}/submit", json=ANSWERS, headers=theirs)
    await client.post(f"{base(tenant)}/forms/{contact.slug}/submit", json=ANSWERS)

    # when
    response = await client.get(f"{base(tenant)}/my/submissions", headers=mine)

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2}
    assert [item["form"] for item in body["data"]] == [
        {"id": survey.id, "slug": survey.slug, "name": "Survey"},
        {"id": contact.id, "slug": contact.slug, "name": "Contact"},
    ]
    assert body["data"][1] == {
        "id": body["data"][1]["id"],
        "form": {"id": contact.id, "slug": contact.slug, "name": "Contact"},
        "data": ANSWERS,
        "created_at": body["data"][1]["created_at"],
    }


async def test_my_submissions_need_a_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"{base(tenant)}/my/submissions")

    assert (response.status_code, response.json()) == (
        401,
        {"message": "Unauthenticated.", "code": "unauthenticated"},
    )
