"""saveSubscriptionPlan: staff price a subscription product in Stripe; nothing else is a plan,
and members may not save one."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import col, select

from tenantry.models.catalog import ProductType
from tenantry.models.subscriptions import SubscriptionPlan
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import product
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import stripe_object, stripe_shop
from tests.resolvers.subscriptions.support import subscribers
from tests.support import error_of, graphql

pytestmark = pytest.mark.usefixtures("app")

SAVE = """
mutation($input: SaveSubscriptionPlanInput!) {
  saveSubscriptionPlan(input: $input) { id name interval intervalCount amount trialDays }
}
"""


async def test_staff_save_a_plan_priced_in_stripe_and_saving_again_updates_it(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given
    tenant = await stripe_shop(stripe_services, factory)
    box = await product(stripe_services, tenant, "Box", price=2500, type=ProductType.SUBSCRIPTION)
    given = {"productId": str(box.id), "interval": "week", "intervalCount": 2, "trialDays": 7}
    # when: saved, then saved again with another interval
    first = await graphql(
        stripe_http, SAVE, {"input": given}, tenant=tenant.slug, api_key=tenant.secret_key
    )
    again = await graphql(
        stripe_http,
        SAVE,
        {"input": {**given, "interval": "month", "intervalCount": 1}},
        tenant=tenant.slug,
        api_key=tenant.secret_key,
    )
    # then: one plan, its latest Stripe price as saved
    saved = first["data"]["saveSubscriptionPlan"]
    assert saved == {
        "id": saved["id"],
        "name": "Box",
        "interval": "week",
        "intervalCount": 2,
        "amount": 2500,
        "trialDays": 7,
    }
    assert again["data"]["saveSubscriptionPlan"]["id"] == saved["id"]
    assert again["data"]["saveSubscriptionPlan"]["interval"] == "month"
    async with stripe_services.db.unit(tenant.id) as uow:
        row = await uow.session.scalar(
            select(SubscriptionPlan).where(col(SubscriptionPlan.id) == int(saved["id"]))
        )
    assert row is not None
    price = await stripe_object(stripe_emulator, f"/v1/plans/{row.stripe_price_id}")
    assert (price["product"], price["amount"], price["interval"], price["interval_count"]) == (
        row.stripe_product_id,
        2500,
        "month",
        1,
    )


async def test_only_subscription_products_and_only_staff(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    factory: Factory,
) -> None:
    # given
    tenant = await stripe_shop(stripe_services, factory)
    mug = await product(stripe_services, tenant, "Mug")
    box = await product(stripe_services, tenant, "Box", type=ProductType.SUBSCRIPTION)
    [member] = await subscribers(stripe_services, tenant)
    # when
    simple = await graphql(
        stripe_http,
        SAVE,
        {"input": {"productId": str(mug.id)}},
        tenant=tenant.slug,
        api_key=tenant.secret_key,
    )
    by_member = await graphql(
        stripe_http,
        SAVE,
        {"input": {"productId": str(box.id)}},
        tenant=tenant.slug,
        bearer=member.token,
    )
    # then
    assert error_of(simple)[1]["reason"] == "product_not_subscription"
    assert error_of(by_member)[1]["code"] == "FORBIDDEN"
