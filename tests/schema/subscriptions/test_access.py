"""hasProductAccess follows the subscription, and its end expires the product's download links."""

from __future__ import annotations

import time

import httpx
import pytest
from sqlmodel import col, select

from tenantry.models.catalog import ProductFile
from tenantry.models.download import DownloadGrant
from tenantry.models.order import OrderItem
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import stripe_shop
from tests.resolvers.subscriptions.support import (
    deliver,
    orders_of,
    plan,
    subscribe_with_card,
    subscribers,
    subscription_event,
)
from tests.support import add, graphql

pytestmark = pytest.mark.usefixtures("app")

ACCESS = "query($product: ID!) { hasProductAccess(productId: $product) }"


async def test_access_lasts_while_the_subscription_does(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: an active subscription whose paid invoice left a download link of the product
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    owner, other = await subscribers(stripe_services, tenant, 2)
    sub = await subscribe_with_card(stripe_http, stripe_emulator, tenant, owner, monthly.id)
    paid = await subscription_event(
        stripe_emulator, "invoice.paid", sub["stripe_subscription_id"], created=int(time.time())
    )
    assert (await deliver(stripe_http, tenant, paid)).status_code == 200
    [order] = await orders_of(stripe_services, tenant, owner.member_id)
    file = ProductFile(product_id=monthly.product_id, filename="issue.pdf", storage_path="i.pdf")
    await add(stripe_services, tenant, file)
    async with stripe_services.db.unit(tenant.id) as uow:
        item = await uow.session.scalar(
            select(OrderItem.id).where(col(OrderItem.order_id) == order.id)
        )
    assert item is not None
    assert file.id is not None
    assert order.id is not None
    grant = DownloadGrant(
        order_id=order.id,
        order_item_id=item,
        member_id=owner.member_id,
        product_file_id=file.id,
        token_hash="f" * 64,
    )
    await add(stripe_services, tenant, grant)
    product = {"product": str(monthly.product_id)}
    # when
    before = await graphql(stripe_http, ACCESS, product, tenant=tenant.slug, bearer=owner.token)
    others = await graphql(stripe_http, ACCESS, product, tenant=tenant.slug, bearer=other.token)
    ended = await stripe_http.post(
        f"/api/{tenant.slug}/subscriptions/{sub['id']}/cancel",
        json={"at_period_end": False},
        headers=owner.headers,
    )
    after = await graphql(stripe_http, ACCESS, product, tenant=tenant.slug, bearer=owner.token)
    # then
    assert before["data"] == {"hasProductAccess": True}
    assert others["data"] == {"hasProductAccess": False}
    assert ended.json()["data"]["status"] == "canceled"
    assert after["data"] == {"hasProductAccess": False}
    async with stripe_services.db.unit(tenant.id) as uow:
        expires = await uow.session.scalar(
            select(DownloadGrant.expires_at).where(col(DownloadGrant.id) == grant.id)
        )
    assert expires is not None
