"""Checkout under concurrent buyers: each iteration adds a product to the member's cart and
orders it (POST /api/{tenant}/cart/items, then POST /api/{tenant}/orders with a shipping
address).

Every client is a member of its own (so carts never collide) and every order takes stock from
the same product: one hot row, as in a sale, so the stock guard's row lock is contended by all
clients at once. tenantry and the baseline (bench/baseline_checkout.py) each get a tenant of
their own, seeded alike, so that afterwards each tenant's orders can be counted against the
201 answers its target gave and against the stock it lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import text

from bench.scenarios.base import Call, Plan, Scenario, Seeded
from tenantry.auth.passwords import hash_password
from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.config import Settings
from tenantry.core.context import Ctx, TenantInfo
from tenantry.db.database import Database
from tenantry.models.member import Member
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers import catalog, tenants
from tenantry.resolvers.sessions import SessionKind, issue_tokens

TARGETS = {"tenantry": "bench-checkout", "baseline": "bench-checkout-baseline"}
STOCK = 10_000_000
PRICE = 1500
ADDRESS = {
    "name": "Bench Buyer",
    "phone": "010-1234-5678",
    "address": "1 Benchmark Road",
    "city": "Seoul",
    "zip": "12345",
}


async def seed_checkout(
    db: Database,
    settings: Settings,
    clients: int,
    *,
    targets: Mapping[str, str] = TARGETS,
    stock: int | None = STOCK,
) -> Seeded:
    """Per target: a tenant, one product (stock None: untracked), and a member with an access
    token per client. The members' password hash is computed once (argon2 is slow by design)."""
    password_hash = await hash_password("bench-password")
    seeded: Seeded = {}
    for target, slug in targets.items():
        async with db.unit(None) as uow:
            tenant = await tenants.create_tenant(
                uow.session, data=tenants.TenantIn(slug=slug, name=f"Bench checkout ({target})")
            )
            info = TenantInfo.from_model(tenant)
            await uow.commit()
        admin = Ctx(
            tenant=info,
            settings=settings,
            principal=Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET),
        )
        async with db.unit(info.id) as uow:
            product = await catalog.create_product(
                uow.session,
                ctx=admin,
                data=catalog.ProductIn(name="Bench mug", price=PRICE, stock=stock, sku="MUG-1"),
            )
            members = [
                Member(
                    email=f"buyer-{i}@bench.example.com",
                    name=f"Buyer {i}",
                    password_hash=password_hash,
                )
                for i in range(clients)
            ]
            uow.session.add_all(members)
            await uow.session.flush()
            ctx = Ctx(tenant=info, settings=settings)
            tokens = [
                (
                    await issue_tokens(
                        uow.session, ctx=ctx, kind=SessionKind.MEMBER, subject_id=_pk(member.id)
                    )
                ).access_token
                for member in members
            ]
            await uow.commit()
        seeded[target] = {
            "slug": slug,
            "tenant_id": info.id,
            "product_id": _pk(product.id),
            "stock": stock,
            "tokens": tokens,
        }
    return seeded


def _pk(value: int | None) -> int:
    assert value is not None
    return value


def calls(target: Mapping[str, Any], client: int) -> Sequence[Call]:
    tokens: list[str] = target["tokens"]
    headers = {"Authorization": f"Bearer {tokens[client % len(tokens)]}"}
    slug = target["slug"]
    return (
        Call(
            "POST",
            f"/api/{slug}/cart/items",
            headers=headers,
            json={"product_id": target["product_id"], "quantity": 1},
            name="add to cart",
        ),
        Call(
            "POST",
            f"/api/{slug}/orders",
            headers=headers,
            json={"shipping_address": ADDRESS},
            expect=201,
            name="checkout",
        ),
    )


def plan(target: str) -> Plan:
    def make(seeded: Seeded, client: int) -> Sequence[Call]:
        return calls(seeded[target], client)

    return make


COUNTS = text(
    """
    SELECT
      (SELECT count(*) FROM orders WHERE tenant_id = :tenant) AS orders,
      (SELECT coalesce(sum(quantity), 0) FROM order_item WHERE tenant_id = :tenant) AS ordered,
      (SELECT count(*) FROM orders o WHERE o.tenant_id = :tenant AND (
         SELECT count(*) FROM order_item i WHERE i.order_id = o.id) <> 1) AS odd,
      (SELECT count(*) FROM order_status_change WHERE tenant_id = :tenant) AS history,
      (SELECT stock FROM product WHERE tenant_id = :tenant AND id = :product) AS stock
    """
)


async def verify(db: Database, seeded: Seeded, done: Mapping[str, int]) -> list[str]:
    """Each tenant's rows against what its target answered: one order (one item, one history
    row) per successful checkout, and exactly as much stock gone as was ordered."""
    lines = []
    async with db.engine.connect() as conn:
        for target, found in seeded.items():
            row = (
                await conn.execute(
                    COUNTS, {"tenant": found["tenant_id"], "product": found["product_id"]}
                )
            ).one()
            tracked = found["stock"] is not None
            taken = found["stock"] - row.stock if tracked else row.ordered
            consistent = (
                row.orders == done[target] == row.history
                and taken == row.ordered == row.orders
                and row.odd == 0
            )
            stock = f"stock down by {taken}" if tracked else "stock untracked"
            lines.append(
                f"{target}: {done[target]} checkouts answered 201; {row.orders} orders, "
                f"{row.history} history rows, {row.ordered} units ordered, {stock}, "
                f"{row.odd} orders without exactly one item"
                f" — {'consistent' if consistent else 'INCONSISTENT'}"
            )
    return lines


SCENARIO = Scenario(
    name="checkout",
    description="REST add to cart + create order per iteration, one member per client, "
    "one hot product with tracked stock",
    seed=seed_checkout,
    tenantry=plan("tenantry"),
    baseline=plan("baseline"),
    baseline_app="bench.baseline_checkout:create_app",
    same_json=False,
    unit="order",
    verify=verify,
)
