"""Course rows for tests, written through the course resolvers as an admin; purchases are
Order/OrderItem rows (the orders domain is tested with orders)."""

from __future__ import annotations

import secrets
from typing import Any, TypeVar

from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.catalog import Product
from tenantry.models.courses import Course, Enrollment, Lesson, LessonProgress
from tenantry.models.order import Order, OrderItem, OrderStatus
from tenantry.resolvers import courses
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.support import SECRET_KEY_PRINCIPAL, add, make_ctx, member_ctx, run

T = TypeVar("T")


class CourseWriter:
    def __init__(self, services: Services, tenant: TenantFixture) -> None:
        self.services = services
        self.tenant = tenant
        self.ctx: Ctx = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)

    async def course(
        self,
        title: str = "Python 101",
        *,
        published: bool = True,
        product: Product | None = None,
        **fields: Any,
    ) -> Course:
        data = courses.CourseIn(
            title=title,
            is_published=published,
            product_id=product.id if product else None,
            **fields,
        )
        return await run(
            self.services,
            self.tenant,
            lambda s: courses.create_course(s, ctx=self.ctx, data=data),
        )

    async def update(self, course: Course, **fields: Any) -> Course:
        assert course.id is not None
        course_id = course.id
        data = courses.CourseUpdate(**fields)
        return await run(
            self.services,
            self.tenant,
            lambda s: courses.update_course(s, ctx=self.ctx, course_id=course_id, data=data),
        )

    async def lesson(
        self, course: Course, title: str = "Intro", *, duration: int = 0, **fields: Any
    ) -> Lesson:
        assert course.id is not None
        course_id = course.id
        data = courses.LessonIn(title=title, duration_seconds=duration, **fields)
        return await run(
            self.services,
            self.tenant,
            lambda s: courses.create_lesson(s, ctx=self.ctx, course_id=course_id, data=data),
        )

    async def lessons(self, course: Course, count: int, *, duration: int = 0) -> list[Lesson]:
        return [await self.lesson(course, f"Lesson {n}", duration=duration) for n in range(count)]


async def purchase(
    services: Services,
    tenant: TenantFixture,
    member_id: int,
    product: Product,
    status: OrderStatus = OrderStatus.PAID,
) -> Order:
    order = Order(
        number=f"ORD-{secrets.token_hex(6).upper()}",
        member_id=member_id,
        currency=tenant.info.currency,
        status=status,
        subtotal=product.price,
        total=product.price,
    )
    await add(services, tenant, order)
    assert order.id is not None
    item = OrderItem(
        order_id=order.id,
        product_id=product.id,
        name=product.name,
        unit_price=product.price,
        quantity=1,
        total=product.price,
    )
    await add(services, tenant, item)
    return order


async def enroll(
    services: Services, tenant: TenantFixture, member_id: int, slug: str
) -> Enrollment:
    ctx = member_ctx(services, tenant, member_id)
    enrolled = await run(
        services, tenant, lambda s: courses.enroll_in_course(s, ctx=ctx, slug=slug)
    )
    return enrolled.enrollment


async def progress_rows(
    services: Services, tenant: TenantFixture, enrollment_id: int | None
) -> list[LessonProgress]:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.scalars(
            select(LessonProgress).where(col(LessonProgress.enrollment_id) == enrollment_id)
        )
        return list(found)


async def load(services: Services, tenant: TenantFixture, model: Any, row_id: int | None) -> Any:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.get(model, row_id)
    assert found is not None
    return found
