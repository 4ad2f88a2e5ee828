"""Subscriptions for the tests: plans saved through the resolver (so in the local Stripe),
subscribers, the hosted page's "Subscribe" button, what Stripe reports next, signed events."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx
from sqlmodel import col, select

from tenantry.models.catalog import BillingInterval, ProductType
from tenantry.models.mail import MailOutbox
from tenantry.models.member import Member
from tenantry.models.order import Order
from tenantry.models.subscriptions import StripeCustomer, Subscription, SubscriptionPlan
from tenantry.resolvers.subscriptions import PlanIn, save_plan
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import (
    SECRET_KEY,
    admin_ctx,
    event,
    post_webhook,
    signed,
    stripe_object,
)
from tests.support import member_token, members

SUCCESS_URL = "https://shop.example/subscribed?session_id={CHECKOUT_SESSION_ID}"
CANCEL_URL = "https://shop.example/plans"


async def plan(
    services: Services,
    tenant: TenantFixture,
    *,
    price: int = 900,
    trial_days: int = 0,
    allows_multiple: bool = False,
) -> SubscriptionPlan:
    """A monthly plan of a new subscription product, saved (and priced in Stripe) by staff."""
    made = await product(services, tenant, "Magazine", price=price, type=ProductType.SUBSCRIPTION)
    assert made.id is not None
    data = PlanIn(
        product_id=made.id,
        interval=BillingInterval.MONTH,
        trial_days=trial_days,
        allows_multiple=allows_multiple,
    )
    async with services.db.unit(tenant.id) as uow:
        saved = await save_plan(uow.session, ctx=admin_ctx(services, tenant), data=data)
        await uow.commit()
    return saved


@dataclass(frozen=True)
class Subscriber:
    member_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def subscribers(
    services: Services, tenant: TenantFixture, count: int = 1
) -> list[Subscriber]:
    ids = await members(services, tenant, count)
    return [Subscriber(i, await member_token(services, tenant, i)) for i in ids]


async def subscribe_in_browser(front: StripeFront, session_id: str) -> dict[str, Any]:
    """The member pays on Stripe's hosted page: the subscription is made in the local Stripe."""
    async with httpx.AsyncClient(base_url=front.url, auth=(SECRET_KEY, "")) as http:
        answer = await http.post(f"/_test/checkout/sessions/{session_id}/pay")
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


async def saved_card(front: StripeFront) -> str:
    """A card Stripe.js saved (confirming a SetupIntent): its pm_ id."""
    async with httpx.AsyncClient(base_url=front.url, auth=(SECRET_KEY, "")) as http:
        answer = await http.post(
            "/v1/payment_methods",
            data={
                "type": "card",
                "card[number]": "4242424242424242",
                "card[exp_month]": "12",
                "card[exp_year]": "2030",
                "card[cvc]": "123",
            },
        )
    method: str = answer.json()["id"]
    return method


async def subscribe_with_card(
    http: httpx.AsyncClient,
    front: StripeFront,
    tenant: TenantFixture,
    who: Subscriber,
    plan_id: int | None,
) -> dict[str, Any]:
    """POST /subscriptions with a newly saved card: the subscription as the API answers it."""
    made = await http.post(
        f"/api/{tenant.slug}/subscriptions",
        json={"plan_id": plan_id, "payment_method_id": await saved_card(front)},
        headers=who.headers,
    )
    assert made.status_code == 201, made.text
    found: dict[str, Any] = made.json()["data"]
    return found


async def stripe_reports(front: StripeFront, stripe_id: str, **fields: Any) -> None:
    """What Stripe says next about the subscription (a renewal's period, past_due)."""
    async with httpx.AsyncClient(base_url=front.url, auth=(SECRET_KEY, "")) as http:
        answer = await http.post(f"/_test/subscriptions/{stripe_id}", json=fields)
    assert answer.status_code == 200, answer.text


async def stripe_ends(front: StripeFront, stripe_id: str) -> None:
    """Stripe ends the subscription (its period ran out with cancel_at_period_end)."""
    async with httpx.AsyncClient(base_url=front.url, auth=(SECRET_KEY, "")) as http:
        answer = await http.delete(f"/v1/subscriptions/{stripe_id}")
    assert answer.status_code == 200, answer.text


async def subscription_event(
    front: StripeFront, type_: str, stripe_id: str, *, created: int, event_id: str | None = None
) -> dict[str, Any]:
    """An event as Stripe would send it now: the subscription, or an invoice naming it."""
    found = await stripe_object(front, f"/v1/subscriptions/{stripe_id}")
    invoice = {"id": f"in_{secrets.token_hex(8)}", "object": "invoice", "subscription": stripe_id}
    obj = found if type_.startswith("customer.") else invoice
    body = event(type_, obj, event_id=event_id)
    body["created"] = created
    return body


async def deliver(
    http: httpx.AsyncClient, tenant: TenantFixture, body: dict[str, Any]
) -> httpx.Response:
    payload, headers = signed(body)
    return await post_webhook(http, tenant, payload, headers)


async def orders_of(services: Services, tenant: TenantFixture, member_id: int) -> list[Order]:
    async with services.db.unit(tenant.id) as uow:
        query = select(Order).where(col(Order.member_id) == member_id).order_by(col(Order.id))
        return list(await uow.session.scalars(query))


async def customers_of(services: Services, tenant: TenantFixture, member_id: int) -> list[str]:
    """The member's Stripe customers (one, whatever happens)."""
    async with services.db.unit(tenant.id) as uow:
        query = select(StripeCustomer.stripe_customer_id).where(
            col(StripeCustomer.member_id) == member_id
        )
        return list(await uow.session.scalars(query))


async def subscriptions_of(
    services: Services, tenant: TenantFixture, member_id: int
) -> list[Subscription]:
    async with services.db.unit(tenant.id) as uow:
        query = select(Subscription).where(col(Subscription.member_id) == member_id)
        return list(await uow.session.scalars(query.order_by(col(Subscription.id))))


async def mails_of(services: Services, tenant: TenantFixture, member_id: int) -> list[MailOutbox]:
    """The mail sent to the member."""
    async with services.db.unit(tenant.id) as uow:
        email = await uow.session.scalar(select(Member.email).where(col(Member.id) == member_id))
        query = select(MailOutbox).where(col(MailOutbox.to_address) == email)
        return list(await uow.session.scalars(query))
