"""Landing pages (staff writes, copies) and feedback (structured for staff) in GraphQL."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import make_page
from tests.support import error_codes, graphql, set_tenant_settings, staff_token

CREATE_PAGE = """
mutation($input: CreateLandingPageInput!) {
  createLandingPage(input: $input) { id name slug pageType active bodyData copyFromId }
}
"""
UPDATE_PAGE = """
mutation($id: ID!, $input: UpdateLandingPageInput!) {
  updateLandingPage(id: $id, input: $input) { name keyword active }
}
"""
COPY_PAGE = "mutation($id: ID!) { copyLandingPage(id: $id) { id slug active copyFromId name } }"
DELETE_PAGE = "mutation($id: ID!) { deleteLandingPage(id: $id) }"
PAGES = """
query($ids: [ID!]) {
  landingPages(ids: $ids) { items { id slug } pageInfo { total } }
}
"""
PAGE = "query($key: String!) { landingPage(idOrSlug: $key) { id content bodyData } }"
CREATE_FEEDBACK = """
mutation($input: CreateFeedbackInput!) { createFeedback(input: $input) { id content structured } }
"""
FEEDBACKS = "{ feedbacks { items { name content structured } pageInfo { total } } }"


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


@pytest.fixture
async def admin(factory: Factory, services: Services, tenant: TenantFixture) -> str:
    staff_id, _ = await factory.staff(tenant, role=StaffRole.ADMIN)
    return await staff_token(services, tenant, staff_id)


async def test_staff_create_update_copy_and_delete_a_page(
    client: httpx.AsyncClient, admin: str
) -> None:
    created = await graphql(
        client,
        CREATE_PAGE,
        {"input": {"name": "Spring Sale", "pageType": "dynamic", "bodyData": {"hero": "x"}}},
        bearer=admin,
    )
    page = created["data"]["createLandingPage"]
    assert page == {
        "id": page["id"],
        "name": "Spring Sale",
        "slug": "spring-sale",
        "pageType": "dynamic",
        "active": True,
        "bodyData": {"hero": "x"},
        "copyFromId": None,
    }
    updated = await graphql(
        client, UPDATE_PAGE, {"id": page["id"], "input": {"keyword": "sale"}}, bearer=admin
    )
    assert updated["data"]["updateLandingPage"] == {
        "name": "Spring Sale",
        "keyword": "sale",
        "active": True,
    }
    copied = await graphql(client, COPY_PAGE, {"id": page["id"]}, bearer=admin)
    copy = copied["data"]["copyLandingPage"]
    assert copy == {
        "id": copy["id"],
        "slug": "spring-sale-2",
        "active": False,
        "copyFromId": page["id"],
        "name": "Spring Sale",
    }
    deleted = await graphql(client, DELETE_PAGE, {"id": copy["id"]}, bearer=admin)
    assert deleted["data"] == {"deleteLandingPage": True}


async def test_page_type_must_be_static_or_dynamic(client: httpx.AsyncClient, admin: str) -> None:
    body = await graphql(
        client, CREATE_PAGE, {"input": {"name": "x", "pageType": "weird"}}, bearer=admin
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_visitors_may_not_write_pages(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    body = await graphql(client, CREATE_PAGE, {"input": {"name": "x"}}, tenant=tenant.slug)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_landing_pages_by_ids_and_detail(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    first = await make_page(services, tenant, name="One", content="<p>1</p>", body_data={"a": 1})
    await make_page(services, tenant, name="Two")
    listed = await graphql(client, PAGES, {"ids": [str(first.id)]}, tenant=tenant.slug)
    shown = await graphql(client, PAGE, {"key": "one"}, tenant=tenant.slug)
    assert listed["data"]["landingPages"] == {
        "items": [{"id": str(first.id), "slug": "one"}],
        "pageInfo": {"total": 1},
    }
    assert shown["data"]["landingPage"] == {
        "id": str(first.id),
        "content": "<p>1</p>",
        "bodyData": {"a": 1},
    }


async def test_staff_see_json_feedback_as_structured_data(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture, admin: str
) -> None:
    # given: limits are kept per process, and both databases' runs share the test address
    await set_tenant_settings(services, tenant, feedback={"per_ip": 1000})
    for content in ['{"rating": "5", "category": "UI/UX"}', "Plain words", "[1, 2]"]:
        sent = await graphql(
            client,
            CREATE_FEEDBACK,
            {"input": {"name": "Jo", "email": "jo@example.com", "content": content}},
            tenant=tenant.slug,
        )
        assert "errors" not in sent, sent
    # when
    body = await graphql(client, FEEDBACKS, bearer=admin)
    # then
    assert body["data"]["feedbacks"] == {
        "items": [
            {"name": "Jo", "content": "[1, 2]", "structured": None},
            {"name": "Jo", "content": "Plain words", "structured": None},
            {
                "name": "Jo",
                "content": '{"rating": "5", "category": "UI/UX"}',
                "structured": {"rating": "5", "category": "UI/UX"},
            },
        ],
        "pageInfo": {"total": 3},
    }


async def test_visitors_may_not_read_feedback(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    anonymous = await graphql(client, FEEDBACKS, tenant=tenant.slug)
    publishable = await graphql(client, FEEDBACKS, api_key=tenant.publishable_key)
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    assert error_codes(publishable) == ["FORBIDDEN"]
