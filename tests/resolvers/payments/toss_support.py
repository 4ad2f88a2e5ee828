"""Toss tests' world: the fake Toss server, the app pointed at it (the `toss` fixture, registered
by the root conftest), a KRW shop with the tenant's Toss keys and a member's pending order, and
the buyer's and the merchant's REST calls."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest
from sqlmodel import col, select

from tenantry.models.order import Order, OrderStatus
from tenantry.models.payments import ProviderEvent, ProviderKind
from tenantry.resolvers.payments import set_provider_keys
from tenantry.secrets import SecretBox
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.fake_toss import CLIENT_KEY, SECRET_KEY, FakeToss, fake_toss_server
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import checkout, fill_cart
from tests.support import bearer, member_token, members

TIMEOUT = 1.0  # seconds: the fake's hang is longer; a loaded CI machine needs the margin
PRICE = 15000  # won: KRW has no minor unit
TOTAL = 2 * PRICE + 5000  # what `TossShop.order()` owes by default: two mugs and a cup


@pytest.fixture
async def toss(services: Services) -> AsyncIterator[FakeToss]:
    """The fake Toss, with the app's settings pointing at it for the test's length."""
    async with fake_toss_server() as fake:
        original = services.settings
        services.settings = original.model_copy(
            update={"toss_api_base": fake.base_url, "payment_timeout_seconds": TIMEOUT}
        )
        try:
            yield fake
        finally:
            services.settings = original


@dataclass
class Buyer:
    member_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


@dataclass
class TossShop:
    services: Services
    tenant: TenantFixture
    buyer: Buyer
    numbers: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.tenant.slug

    @property
    def admin(self) -> dict[str, str]:
        return bearer(self.tenant.secret_key)

    async def order(self, buyer: Buyer | None = None, *, quantity: int = 2) -> Order:
        """A pending order of the buyer's: `quantity` mugs and one cup."""
        who = buyer or self.buyer
        mug = await product(self.services, self.tenant, "Mug", price=PRICE, stock=50)
        cup = await product(self.services, self.tenant, "Cup", price=5000, stock=50)
        await fill_cart(self.services, self.tenant, who.member_id, (mug, None, quantity))
        await fill_cart(self.services, self.tenant, who.member_id, (cup, None, 1))
        return await checkout(self.services, self.tenant, who.member_id)

    async def new_buyer(self) -> Buyer:
        return await toss_shop_buyer(self.services, self.tenant)


async def configure_toss(
    services: Services, tenant: TenantFixture, *, enabled: bool = True
) -> None:
    async with services.db.unit(tenant.id) as uow:
        await set_provider_keys(
            uow.session,
            tenant_id=tenant.id,
            provider=ProviderKind.TOSS,
            keys={"client_key": CLIENT_KEY, "secret_key": SECRET_KEY},
            enabled=enabled,
            box=SecretBox.from_settings(services.settings),
        )
        await uow.commit()


async def toss_shop_buyer(services: Services, tenant: TenantFixture) -> Buyer:
    [member_id] = await members(services, tenant)
    return Buyer(member_id, await member_token(services, tenant, member_id))


async def toss_shop(
    services: Services, factory: Factory, *, configured: bool = True, currency: str = "KRW"
) -> TossShop:
    """A shop (in won unless told) with Toss keys (unless not configured) and a buyer."""
    tenant = await factory.tenant(currency=currency)
    if configured:
        await configure_toss(services, tenant)
    return TossShop(services, tenant, await toss_shop_buyer(services, tenant))


async def toss_order(services: Services, factory: Factory) -> tuple[TossShop, Order]:
    """A Toss shop and its buyer's pending order of TOTAL won."""
    shop = await toss_shop(services, factory)
    return shop, await shop.order()


async def order_row(services: Services, tenant: TenantFixture, number: str) -> Order:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.scalar(select(Order).where(col(Order.number) == number))
    assert found is not None
    return found


async def order_status(services: Services, tenant: TenantFixture, number: str) -> OrderStatus:
    return OrderStatus((await order_row(services, tenant, number)).status)


async def provider_events(services: Services, tenant: TenantFixture) -> list[ProviderEvent]:
    async with services.db.unit(tenant.id) as uow:
        return list(await uow.session.scalars(select(ProviderEvent)))


# REST calls of the buyer's

URLS = {"success_url": "https://shop.example/success", "fail_url": "https://shop.example/fail"}


def toss_path(shop: TossShop, path: str) -> str:
    return f"/api/{shop.slug}/payments/toss/{path}"


def ready_body(number: str) -> dict[str, str]:
    return {"order_number": number, **URLS}


def confirm_body(key: str, number: str, amount: int = TOTAL) -> dict[str, object]:
    return {"payment_key": key, "order_id": number, "amount": amount}


def account_body(number: str, **extra: object) -> dict[str, object]:
    """A virtual account of bank 20 for 홍길동, and whatever else is given."""
    return {"order_number": number, "bank": "20", "customer_name": "홍길동", **extra}


async def ready(client: httpx.AsyncClient, shop: TossShop, number: str) -> httpx.Response:
    return await client.post(
        toss_path(shop, "ready"), json=ready_body(number), headers=shop.buyer.headers
    )


async def confirm(
    client: httpx.AsyncClient,
    shop: TossShop,
    key: str,
    number: str,
    amount: int = TOTAL,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.post(
        toss_path(shop, "confirm"),
        json=confirm_body(key, number, amount),
        headers=headers or shop.buyer.headers,
    )


async def paid(client: httpx.AsyncClient, shop: TossShop, toss: FakeToss, order: Order) -> str:
    """The order paid through Toss's window and confirmed: its paymentKey."""
    key = toss.authorize(order.number, TOTAL)
    response = await confirm(client, shop, key, order.number)
    assert response.status_code == 200, response.text
    return key


async def issue(
    client: httpx.AsyncClient, shop: TossShop, number: str, **extra: object
) -> httpx.Response:
    """A virtual account asked for the order (`account_body`)."""
    return await client.post(
        toss_path(shop, "virtual-account"),
        json=account_body(number, **extra),
        headers=shop.buyer.headers,
    )
