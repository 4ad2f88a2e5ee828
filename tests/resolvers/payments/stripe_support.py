"""Stripe for the tests: the emulator and an app pointed at it (fixtures, registered by the root
conftest), shops that take Stripe, orders to pay, the buyer's browser and REST calls, signed
webhooks.

The app under test is the session's app with one setting changed, `stripe_api_base`: it shares
the session's database, broadcast and caches, so its lifespan is the session app's.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
import stripe
from sqlmodel import select

from tenantry.app import create_app
from tenantry.config import Settings
from tenantry.core.context import Ctx
from tenantry.models.order import Order
from tenantry.models.payments import ProviderEvent, ProviderKind
from tenantry.resolvers.payments import set_provider_keys
from tenantry.resolvers.payments.stripe_client import StripeHTTPXClient
from tenantry.secrets import SecretBox
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import checkout, fill_cart
from tests.resolvers.payments.stripe_front import StripeFront, running_stripe_front
from tests.support import SECRET_KEY_PRINCIPAL, make_ctx, member_ctx, member_token, members

SECRET_KEY = "sk_test_tenantry0000000000"
PUBLISHABLE_KEY = "pk_test_tenantry0000000000"
WEBHOOK_SECRET = "whsec_tenantry_test_secret"
SUCCESS_URL = "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}"
CANCEL_URL = "https://shop.example/cancel"


@pytest.fixture(scope="session")
async def stripe_emulator() -> AsyncIterator[StripeFront]:
    async with running_stripe_front() as front:
        yield front


@pytest.fixture(scope="session")
def stripe_services(services: Services, stripe_emulator: StripeFront) -> Services:
    settings = services.settings.model_copy(
        update={"stripe_api_base": stripe_emulator.url, "payment_timeout_seconds": 10.0}
    )
    return replace(services, settings=settings)


@pytest.fixture(scope="session")
def stripe_app(app: Any, stripe_services: Services) -> Any:
    """Depends on the session app, whose lifespan connects what both share."""
    return create_app(stripe_services.settings, services=stripe_services)


def silent_settings(services: Services, silent: str) -> Settings:
    """The settings with Stripe's base at a server that never answers, and a short timeout."""
    return services.settings.model_copy(
        update={"stripe_api_base": silent, "payment_timeout_seconds": 0.3}
    )


@pytest.fixture
async def stripe_http(stripe_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=stripe_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


# Shops, orders, contexts


async def stripe_shop(
    services: Services, factory: Factory, *, currency: str = "USD"
) -> TenantFixture:
    """A tenant that takes payments through Stripe."""
    tenant = await factory.tenant(currency=currency)
    keys = {
        "secret_key": SECRET_KEY,
        "publishable_key": PUBLISHABLE_KEY,
        "webhook_secret": WEBHOOK_SECRET,
    }
    async with services.db.unit(tenant.id) as uow:
        await set_provider_keys(
            uow.session,
            tenant_id=tenant.id,
            provider=ProviderKind.STRIPE,
            keys=keys,
            enabled=True,
            box=SecretBox.from_settings(services.settings),
        )
        await uow.commit()
    return tenant


@dataclass(frozen=True)
class Buyer:
    member_id: int
    token: str
    order: Order

    @property
    def number(self) -> str:
        return self.order.number

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def by_number(self) -> dict[str, str]:
        """The body that names the order by its number (an intent's, a refund's)."""
        return {"order_number": self.number}

    def confirm(self, intent_id: str) -> dict[str, str]:
        """The body that asks to confirm the order's payment through that intent."""
        return {"order_number": self.number, "payment_intent_id": intent_id}

    @property
    def checkout(self) -> dict[str, str]:
        """The body that asks for a Checkout Session of the order, with the usual return URLs."""
        return {"order_number": self.number, "success_url": SUCCESS_URL, "cancel_url": CANCEL_URL}


async def buyer(
    services: Services, tenant: TenantFixture, *, price: int = 1500, quantity: int = 2
) -> Buyer:
    """A member with a placed, pending order."""
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=price, stock=10)
    await fill_cart(services, tenant, member_id, (mug, None, quantity))
    order = await checkout(services, tenant, member_id)
    return Buyer(member_id, await member_token(services, tenant, member_id), order)


async def shop_and_buyer(
    services: Services, factory: Factory, **order: int
) -> tuple[TenantFixture, Buyer]:
    """A shop that takes Stripe, and a member with a pending order there (`buyer`'s price and
    quantity)."""
    tenant = await stripe_shop(services, factory)
    return tenant, await buyer(services, tenant, **order)


def buyer_ctx(services: Services, tenant: TenantFixture, who: Buyer) -> Ctx:
    return member_ctx(services, tenant, who.member_id)


def admin_ctx(services: Services, tenant: TenantFixture) -> Ctx:
    return make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)


def admin_headers(tenant: TenantFixture) -> dict[str, str]:
    return {"Authorization": f"Bearer {tenant.secret_key}"}


# The buyer's browser: Stripe.js's part, through the SDK against the emulator


def sdk(front: StripeFront) -> tuple[stripe.StripeClient, StripeHTTPXClient]:
    http = StripeHTTPXClient(timeout=10)
    client = stripe.StripeClient(
        SECRET_KEY, base_addresses={"api": front.upstream}, http_client=http
    )
    return client, http


async def pay_in_browser(
    front: StripeFront, intent_id: str, *, card: str = "4242424242424242"
) -> dict[str, Any]:
    """Confirms the intent with a test card as Stripe.js would; the intent as Stripe has it."""
    client, http = sdk(front)
    try:
        method = await client.v1.payment_methods.create_async(
            params={
                "type": "card",
                "card": {"number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
            }
        )
        await client.v1.payment_intents.update_async(
            intent_id, params={"payment_method": method.id}
        )
        with suppress(stripe.CardError):  # a declined card: the intent says why
            await client.v1.payment_intents.confirm_async(intent_id)
        found = await client.v1.payment_intents.retrieve_async(intent_id)
        intent: dict[str, Any] = found.to_dict()
        return intent
    finally:
        await http.close_async()  # type: ignore[no-untyped-call]


async def stripe_object(front: StripeFront, path: str) -> dict[str, Any]:
    """An object as Stripe has it (GET /v1/...), for building webhook events."""
    async with httpx.AsyncClient(base_url=front.url, auth=(SECRET_KEY, "")) as http:
        answer = await http.get(path)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


async def pay_checkout(front: StripeFront, session_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=front.url, auth=(SECRET_KEY, "")) as http:
        answer = await http.post(f"/_test/checkout/sessions/{session_id}/pay")
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


async def refund_in_dashboard(front: StripeFront, intent_id: str, amount: int) -> dict[str, Any]:
    """A refund made outside tenantry (Stripe's dashboard)."""
    async with httpx.AsyncClient(base_url=front.url, auth=(SECRET_KEY, "")) as http:
        answer = await http.post(
            "/v1/refunds", data={"payment_intent": intent_id, "amount": str(amount)}
        )
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


# The buyer's and the merchant's REST calls


def stripe_path(tenant: TenantFixture, path: str) -> str:
    return f"/api/{tenant.slug}/payments/stripe/{path}"


async def post_stripe(
    http: httpx.AsyncClient,
    tenant: TenantFixture,
    path: str,
    body: dict[str, Any],
    headers: dict[str, str],
) -> httpx.Response:
    return await http.post(stripe_path(tenant, path), json=body, headers=headers)


async def intent_of(http: httpx.AsyncClient, tenant: TenantFixture, who: Buyer) -> str:
    """A PaymentIntent made for the buyer's order (POST /intent): its id."""
    return await _made(http, tenant, who, "intent", who.by_number, "payment_intent_id")


async def session_of(http: httpx.AsyncClient, tenant: TenantFixture, who: Buyer) -> str:
    """A Checkout Session made for the buyer's order (POST /checkout): its id."""
    return await _made(http, tenant, who, "checkout", who.checkout, "session_id")


async def _made(
    http: httpx.AsyncClient,
    tenant: TenantFixture,
    who: Buyer,
    path: str,
    body: dict[str, str],
    field: str,
) -> str:
    made = await post_stripe(http, tenant, path, body, who.headers)
    assert made.status_code == 201, made.text
    found: str = made.json()["data"][field]
    return found


async def paid_in_browser(
    http: httpx.AsyncClient,
    front: StripeFront,
    tenant: TenantFixture,
    who: Buyer,
    *,
    card: str = "4242424242424242",
) -> dict[str, Any]:
    """An intent for the buyer's order, paid in the browser and confirmed by nobody."""
    return await pay_in_browser(front, await intent_of(http, tenant, who), card=card)


async def paid_order(
    http: httpx.AsyncClient, front: StripeFront, tenant: TenantFixture, who: Buyer
) -> str:
    """The buyer's order paid through an intent and confirmed; the intent's id."""
    intent_id = await intent_of(http, tenant, who)
    await pay_in_browser(front, intent_id)
    done = await post_stripe(http, tenant, "confirm", who.confirm(intent_id), who.headers)
    assert done.json()["data"]["order_status"] == "paid", done.text
    return intent_id


# Webhooks, signed with the SDK's own helper


def event(type_: str, obj: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_{secrets.token_hex(10)}",
        "object": "event",
        "type": type_,
        "created": int(time.time()),
        "data": {"object": obj},
    }


def signed(
    body: dict[str, Any], *, secret: str = WEBHOOK_SECRET, age: int = 0
) -> tuple[bytes, dict[str, str]]:
    payload = json.dumps(body)
    header = stripe.WebhookSignature.generate_signature_header(
        payload, secret, timestamp=int(time.time()) - age
    )
    return payload.encode(), {"Stripe-Signature": header, "Content-Type": "application/json"}


async def post_webhook(
    http: httpx.AsyncClient, tenant: TenantFixture, payload: bytes, headers: dict[str, str]
) -> httpx.Response:
    return await http.post(stripe_path(tenant, "webhook"), content=payload, headers=headers)


# What the database holds


async def handled_events(services: Services, tenant: TenantFixture) -> list[str]:
    async with services.db.unit(tenant.id) as uow:
        return list(await uow.session.scalars(select(ProviderEvent.event_id)))
