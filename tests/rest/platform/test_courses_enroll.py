"""POST /courses/{slug}/enroll: free for members, paid courses need a paid order."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tenantry.models.courses import Enrollment
from tenantry.models.order import OrderStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import product
from tests.resolvers.courses.support import CourseWriter, load, purchase
from tests.support import bearer, count, iso, member_token, members

pytestmark = pytest.mark.usefixtures("app")

PURCHASE_REQUIRED = {"message": "This course requires a purchase.", "code": "purchase_required"}


async def test_enrolling_in_a_free_course_answers_201(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    course = await CourseWriter(services, tenant).course("Free")
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)

    # when
    response = await client.post(f"/api/{tenant.slug}/courses/free/enroll", headers=bearer(token))

    # then
    assert response.status_code == 201
    data = response.json()["data"]
    enrollment = await load(services, tenant, Enrollment, data["id"])
    assert response.json() == {
        "data": {
            "id": enrollment.id,
            "course_id": course.id,
            "order_id": None,
            "enrolled_at": iso(enrollment.created_at),
            "completed_at": None,
        }
    }


async def test_enrolling_twice_answers_200_with_the_same_enrollment(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CourseWriter(services, tenant).course("Free")
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))
    first = await client.post(f"/api/{tenant.slug}/courses/free/enroll", headers=headers)

    second = await client.post(f"/api/{tenant.slug}/courses/free/enroll", headers=headers)

    assert second.status_code == 200
    assert second.json() == first.json()


async def test_enrolling_needs_a_member_token(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CourseWriter(services, tenant).course("Free")

    response = await client.post(f"/api/{tenant.slug}/courses/free/enroll")

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_enrolling_in_an_unpublished_course_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CourseWriter(services, tenant).course("Soon", published=False)
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)

    response = await client.post(f"/api/{tenant.slug}/courses/soon/enroll", headers=bearer(token))

    assert response.status_code == 404
    assert response.json() == {"message": "Course not found.", "code": "resource_missing"}


async def test_a_paid_course_without_a_purchase_is_403(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    ticket = await product(services, tenant, "Ticket", price=9900)
    await CourseWriter(services, tenant).course("Paid", product=ticket)
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)

    response = await client.post(f"/api/{tenant.slug}/courses/paid/enroll", headers=bearer(token))

    assert response.status_code == 403
    assert response.json() == PURCHASE_REQUIRED
    assert await count(services, tenant, Enrollment) == 0


@pytest.mark.parametrize("status", [OrderStatus.PENDING, OrderStatus.REFUNDED])
async def test_an_unpaid_or_refunded_order_does_not_enroll(
    client: httpx.AsyncClient, factory: Factory, services: Services, status: OrderStatus
) -> None:
    tenant = await factory.tenant()
    ticket = await product(services, tenant, "Ticket", price=9900)
    await CourseWriter(services, tenant).course("Paid", product=ticket)
    [member_id] = await members(services, tenant)
    await purchase(services, tenant, member_id, ticket, status=status)
    token = await member_token(services, tenant, member_id)

    response = await client.post(f"/api/{tenant.slug}/courses/paid/enroll", headers=bearer(token))

    assert response.status_code == 403
    assert response.json() == PURCHASE_REQUIRED


async def test_another_members_purchase_does_not_count(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    ticket = await product(services, tenant, "Ticket", price=9900)
    await CourseWriter(services, tenant).course("Paid", product=ticket)
    buyer, other = await members(services, tenant, 2)
    await purchase(services, tenant, buyer, ticket)
    token = await member_token(services, tenant, other)

    response = await client.post(f"/api/{tenant.slug}/courses/paid/enroll", headers=bearer(token))

    assert response.status_code == 403


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.COMPLETED])
async def test_a_paid_order_for_the_course_product_enrolls(
    client: httpx.AsyncClient, factory: Factory, services: Services, status: OrderStatus
) -> None:
    # given
    tenant = await factory.tenant()
    ticket = await product(services, tenant, "Ticket", price=9900)
    await CourseWriter(services, tenant).course("Paid", product=ticket)
    [member_id] = await members(services, tenant)
    order = await purchase(services, tenant, member_id, ticket, status=status)
    token = await member_token(services, tenant, member_id)

    # when
    response = await client.post(f"/api/{tenant.slug}/courses/paid/enroll", headers=bearer(token))

    # then
    assert response.status_code == 201
    assert response.json()["data"]["order_id"] == order.id


async def test_ten_concurrent_enrolls_make_one_enrollment(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await CourseWriter(services, tenant).course("Free")
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))

    # when
    async with asyncio.timeout(60):
        responses = await asyncio.gather(
            *[
                client.post(f"/api/{tenant.slug}/courses/free/enroll", headers=headers)
                for _ in range(10)
            ]
        )

    # then
    assert sorted(response.status_code for response in responses) == [200] * 9 + [201]
    assert len({response.json()["data"]["id"] for response in responses}) == 1
    assert await count(services, tenant, Enrollment) == 1
