"""What the database holds of an order's payments and refunds, for the Stripe and Toss tests."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import col, select

from tenantry.models.payments import Payment, Refund
from tenantry.serving.services import Services
from tests.conftest import TenantFixture

OfOrder = TypeVar("OfOrder", Payment, Refund)


async def payments_of(
    services: Services, tenant: TenantFixture, order_id: int | None
) -> list[Payment]:
    return await _of_order(services, tenant, Payment, order_id)


async def refunds_of(
    services: Services, tenant: TenantFixture, order_id: int | None
) -> list[Refund]:
    return await _of_order(services, tenant, Refund, order_id)


async def _of_order(
    services: Services, tenant: TenantFixture, model: type[OfOrder], order_id: int | None
) -> list[OfOrder]:
    """The order's rows of model, oldest first."""
    async with services.db.unit(tenant.id) as uow:
        rows = await uow.session.scalars(
            select(model).where(col(model.order_id) == order_id).order_by(col(model.id))
        )
        return list(rows)
