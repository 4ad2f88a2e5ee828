"""Customers of the commerce API (dialect B): the shop's server manages them with a secret key.

Deleting is soft (deleted_at), so orders keep their customer; a deleted customer is missing to
every read. Its email is released at deletion (rewritten to a tombstone) so that the address
can belong to a new customer (emails are unique per tenant among all rows, deleted ones too);
the old address is kept in the row's metadata.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import EmailStr, Field, StringConstraints
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.inputs import Input
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.order import Customer
from tenantry.resolvers.commerce_objects import iso_z
from tenantry.resolvers.events import CUSTOMER_CREATED, record_event
from tenantry.resolvers.members import normalize_email
from tenantry.resolvers.orders.payloads import customer_ref

EMAIL_TAKEN = "A customer with this email already exists."

Name = Annotated[str, StringConstraints(max_length=200)]
Phone = Annotated[str, StringConstraints(max_length=40)]


class CustomerIn(Input):
    email: EmailStr = Field(max_length=254)
    name: Name | None = None
    phone: Phone | None = None


class CustomerUpdate(Input):
    """Only the fields sent change; phone null clears it."""

    email: EmailStr | None = Field(default=None, max_length=254)
    name: Name | None = None
    phone: Phone | None = None


def customer_object(customer: Customer) -> dict[str, Any]:
    """B's customer JSON, and the data of customer.created."""
    return {
        "id": customer_ref(customer.id),
        "object": "customer",
        "email": customer.email,
        "name": customer.name,
        "phone": customer.phone,
        "created_at": iso_z(customer.created_at),
    }


async def list_customers(
    session: AsyncSession, *, ctx: Ctx, email: str | None, page: PageRequest
) -> Page[Customer]:
    """Newest first; two statements."""
    require_admin(ctx)
    query = select(Customer).where(col(Customer.deleted_at).is_(None))
    if email:
        query = query.where(col(Customer.email) == normalize_email(email))
    query = query.order_by(col(Customer.created_at).desc(), col(Customer.id).desc())
    return await paginate(session, query, page)


async def get_customer(session: AsyncSession, *, ctx: Ctx, customer_id: int) -> Customer:
    require_admin(ctx)
    customer = await session.scalar(
        select(Customer).where(col(Customer.id) == customer_id, col(Customer.deleted_at).is_(None))
    )
    if customer is None:
        raise NotFound("customer")
    return customer


async def create_customer(session: AsyncSession, *, ctx: Ctx, data: CustomerIn) -> Customer:
    require_admin(ctx)
    email = normalize_email(data.email)
    await _ensure_free(session, email)
    now = ctx.now()
    customer = Customer(
        email=email,
        name=data.name or "",
        phone=data.phone or None,
        created_at=now,
        updated_at=now,
    )
    await _flush(session, customer)
    assert customer.id is not None
    await record_event(
        session,
        type=CUSTOMER_CREATED,
        object_type="customer",
        object_id=customer.id,
        data=customer_object(customer),
    )
    return customer


async def update_customer(
    session: AsyncSession, *, ctx: Ctx, customer_id: int, data: CustomerUpdate
) -> Customer:
    customer = await get_customer(session, ctx=ctx, customer_id=customer_id)
    sent = data.model_fields_set
    if "email" in sent and data.email is not None:
        email = normalize_email(data.email)
        if email != customer.email:
            await _ensure_free(session, email)
            customer.email = email
    if "name" in sent and data.name is not None:
        customer.name = data.name
    if "phone" in sent:
        customer.phone = data.phone or None
    customer.updated_at = ctx.now()
    await _flush(session, customer)
    return customer


async def delete_customer(session: AsyncSession, *, ctx: Ctx, customer_id: int) -> Customer:
    customer = await get_customer(session, ctx=ctx, customer_id=customer_id)
    now = ctx.now()
    customer.deleted_at = now
    customer.updated_at = now
    customer.metadata_ = {**customer.metadata_, "deleted_email": customer.email}
    customer.email = f"deleted-{customer.id}@deleted.invalid"
    await session.flush()
    return customer


async def _ensure_free(session: AsyncSession, email: str) -> None:
    taken = await session.scalar(select(Customer.id).where(col(Customer.email) == email))
    if taken is not None:
        raise ValidationFailed.single("email", EMAIL_TAKEN)


async def _flush(session: AsyncSession, customer: Customer) -> None:
    try:
        async with session.begin_nested():
            session.add(customer)
            await session.flush()
    except IntegrityError:  # a concurrent request took the email first
        raise ValidationFailed.single("email", EMAIL_TAKEN) from None
