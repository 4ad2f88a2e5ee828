"""Dialect A coupons: GET /coupons, POST /coupons/validate, POST /coupons/apply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tenantry.models.coupon import CouponAssignment, CouponRedemption, CouponType
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.support import add, bearer, member_token, members


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def signed_in(services: Services, tenant: TenantFixture) -> tuple[int, dict[str, str]]:
    [member_id] = await members(services, tenant)
    return member_id, bearer(await member_token(services, tenant, member_id))


async def test_my_coupons_needs_a_member(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"{base(tenant)}/coupons")

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_my_coupons_lists_public_and_assigned_ones_with_uses_left(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, headers = await signed_in(services, tenant)
    [order_id] = await rows.orders(services, tenant, [member_id])
    ends = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    public = await rows.coupon(
        services, tenant, "PUBLIC", value=10, is_public=True, per_member_limit=3, ends_at=ends
    )
    assigned = await rows.coupon(services, tenant, "MINE", type=CouponType.FIXED, value=2_000)
    await rows.coupon(services, tenant, "PRIVATE", value=5)
    await rows.coupon(services, tenant, "OFF", is_public=True, is_active=False)
    await rows.coupon(
        services, tenant, "OLD", is_public=True, ends_at=datetime.now(UTC) - timedelta(days=1)
    )
    spent = await rows.coupon(services, tenant, "SPENT", is_public=True, per_member_limit=1)
    assert public.id is not None
    assert assigned.id is not None
    assert spent.id is not None
    await add(
        services,
        tenant,
        CouponAssignment(coupon_id=assigned.id, member_id=member_id),
        CouponRedemption(coupon_id=public.id, member_id=member_id, order_id=order_id),
        CouponRedemption(coupon_id=spent.id, member_id=member_id, order_id=order_id),
    )

    # when
    response = await client.get(f"{base(tenant)}/coupons", headers=headers)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": public.id,
                "code": "PUBLIC",
                "name": "",
                "type": "percent",
                "value": 10,
                "max_discount": None,
                "min_order_amount": 0,
                "starts_at": None,
                "ends_at": ends.isoformat().replace("+00:00", "Z"),
                "product_ids": [],
                "category_ids": [],
                "remaining_uses": 2,
            },
            {
                "id": assigned.id,
                "code": "MINE",
                "name": "",
                "type": "fixed",
                "value": 2_000,
                "max_discount": None,
                "min_order_amount": 0,
                "starts_at": None,
                "ends_at": None,
                "product_ids": [],
                "category_ids": [],
                "remaining_uses": None,
            },
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }


async def test_validate_with_an_amount(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant(currency="KRW")
    await rows.coupon(services, tenant, "SAVE20", value=20, max_discount=8_000)

    response = await client.post(
        f"{base(tenant)}/coupons/validate", json={"code": "save20", "amount": 50_000}
    )

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "valid": True,
            "code": "SAVE20",
            "type": "percent",
            "value": 20,
            "discount": 8_000,
            "message": "The coupon is valid.",
        }
    }


async def test_validate_without_an_amount_uses_the_members_cart(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await signed_in(services, tenant)
    mug = await rows.product(services, tenant, price=1_000)
    await client.post(
        f"{base(tenant)}/cart/items", json={"product_id": mug.id, "quantity": 3}, headers=headers
    )
    await rows.coupon(services, tenant, "TEN", value=10)

    response = await client.post(
        f"{base(tenant)}/coupons/validate", json={"code": "TEN"}, headers=headers
    )

    assert response.json()["data"]["discount"] == 300


async def test_an_invalid_code_is_422_on_code(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(
        f"{base(tenant)}/coupons/validate", json={"code": "NOPE", "amount": 1_000}
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "The coupon code is invalid.",
        "code": "parameter_invalid",
        "errors": {"code": ["The coupon code is invalid."]},
    }


async def test_an_amount_below_the_minimum_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant(currency="KRW")
    await rows.coupon(services, tenant, "BIG", min_order_amount=30_000)

    response = await client.post(
        f"{base(tenant)}/coupons/validate", json={"code": "BIG", "amount": 29_000}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "code": ["This coupon requires a minimum order of ₩30,000."]
    }


async def test_validate_without_a_code_is_422(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"{base(tenant)}/coupons/validate", json={"amount": -1})

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_missing",
        "errors": {
            "code": ["The code field is required."],
            "amount": ["The amount field must be at least 0."],
        },
    }


async def test_apply_keeps_the_code_on_the_cart_and_discounts_it(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=10_000)
    await client.post(f"{base(tenant)}/cart/items", json={"product_id": mug.id, "quantity": 2})
    await rows.coupon(services, tenant, "FIVE", type=CouponType.FIXED, value=5_000)

    # when
    response = await client.post(f"{base(tenant)}/coupons/apply", json={"code": "five"})

    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["coupon_code"], data["subtotal"], data["discount"], data["total"]) == (
        "FIVE",
        20_000,
        5_000,
        15_000,
    )
    shown = (await client.get(f"{base(tenant)}/cart")).json()["data"]
    assert (shown["coupon_code"], shown["discount"]) == ("FIVE", 5_000)


async def test_apply_null_takes_the_coupon_off(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=10_000)
    await client.post(f"{base(tenant)}/cart/items", json={"product_id": mug.id, "quantity": 1})
    await rows.coupon(services, tenant, "TEN", value=10)
    await client.post(f"{base(tenant)}/coupons/apply", json={"code": "TEN"})

    response = await client.post(f"{base(tenant)}/coupons/apply", json={"code": None})

    data = response.json()["data"]
    assert (data["coupon_code"], data["discount"], data["total"]) == (None, 0, 10_000)


async def test_apply_an_invalid_code_leaves_the_cart_alone(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_000)
    await client.post(f"{base(tenant)}/cart/items", json={"product_id": mug.id, "quantity": 1})
    await rows.coupon(services, tenant, "MUGS", product_ids=[987_654])

    response = await client.post(f"{base(tenant)}/coupons/apply", json={"code": "MUGS"})

    assert response.status_code == 422
    assert response.json() == {
        "message": "This coupon does not apply to any item in your cart.",
        "code": "parameter_invalid",
        "errors": {"code": ["This coupon does not apply to any item in your cart."]},
    }
    assert (await client.get(f"{base(tenant)}/cart")).json()["data"]["coupon_code"] is None


async def test_apply_to_an_empty_cart_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "TEN")

    response = await client.post(f"{base(tenant)}/coupons/apply", json={"code": "TEN"})

    assert response.status_code == 422
    assert response.json() == {
        "message": "Your cart is empty.",
        "code": "parameter_invalid",
        "errors": {"code": ["Your cart is empty."]},
    }
