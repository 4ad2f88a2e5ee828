"""Coupons over GraphQL: staff management, my coupons, validation, the cart's coupon."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.coupon import CouponType
from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.support import error_codes, graphql, member_token, members, staff_token

COUPON_FIELDS = """
id code name type value maxDiscount minOrderAmount usageLimit usageCount perMemberLimit
startsAt endsAt isActive isPublic productIds categoryIds remainingUses
"""
CREATE = f"""
mutation($input: CreateCouponInput!) {{ createCoupon(input: $input) {{ {COUPON_FIELDS} }} }}
"""
UPDATE = f"""
mutation($id: ID!, $input: UpdateCouponInput!) {{
  updateCoupon(id: $id, input: $input) {{ {COUPON_FIELDS} }}
}}
"""
DELETE = "mutation($id: ID!) { deleteCoupon(id: $id) }"
ASSIGN = """
mutation($coupon: ID!, $member: ID!) { assignCoupon(couponId: $coupon, memberId: $member) { id } }
"""
MINE = "{ myCoupons { code remainingUses } }"
VALIDATE = """
query($code: String!, $amount: Int) {
  validateCoupon(code: $code, amount: $amount) { valid code type value discount message }
}
"""
APPLY = """
mutation($code: String!, $token: String) {
  applyCoupon(code: $code, cartToken: $token) { couponCode subtotal discount total }
}
"""
REMOVE = """
mutation($token: String) { removeCartCoupon(cartToken: $token) { couponCode discount total } }
"""


async def admin(services: Services, factory: Factory, tenant: TenantFixture) -> str:
    staff_id, _ = await factory.staff(tenant)
    return await staff_token(services, tenant, staff_id)


async def create(
    client: httpx.AsyncClient, tenant: TenantFixture, bearer: str | None, **fields: Any
) -> dict[str, Any]:
    data = {"code": "summer-25", "type": "PERCENT", "value": 25, **fields}
    return await graphql(client, CREATE, {"input": data}, tenant=tenant.slug, bearer=bearer)


async def test_staff_create_a_coupon_with_an_upper_case_code(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)
    mug, cup = (
        await rows.product(services, tenant, "Mug"),
        await rows.product(services, tenant, "Cup"),
    )

    body = await create(
        client,
        tenant,
        bearer,
        name="Summer",
        maxDiscount=10_000,
        usageLimit=100,
        perMemberLimit=1,
        startsAt="2025-06-01T00:00:00Z",
        endsAt="2025-09-01T00:00:00Z",
        isPublic=True,
        productIds=[str(mug.id), str(mug.id), str(cup.id)],
    )

    coupon = body["data"]["createCoupon"]
    assert coupon == {
        "id": coupon["id"],
        "code": "SUMMER-25",
        "name": "Summer",
        "type": "PERCENT",
        "value": 25,
        "maxDiscount": 10_000,
        "minOrderAmount": 0,
        "usageLimit": 100,
        "usageCount": 0,
        "perMemberLimit": 1,
        "startsAt": "2025-06-01T00:00:00+00:00",
        "endsAt": "2025-09-01T00:00:00+00:00",
        "isActive": True,
        "isPublic": True,
        "productIds": [mug.id, cup.id],
        "categoryIds": [],
        "remainingUses": None,
    }


async def test_products_and_categories_of_another_shop_or_none_are_refused(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    bearer = await admin(services, factory, tenant)
    theirs = await rows.product(services, other, "Theirs")

    foreign = await create(client, tenant, bearer, productIds=[str(theirs.id)])
    missing = await create(client, tenant, bearer, categoryIds=["2147483000"])

    assert foreign["errors"][0]["extensions"]["fields"] == {
        "product_ids": ["The selected product ids are invalid."]
    }
    assert missing["errors"][0]["extensions"]["fields"] == {
        "category_ids": ["The selected category ids are invalid."]
    }


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"value": 101},
            {"value": ["The value field must not be greater than 100 for a percent coupon."]},
        ),
        ({"value": 0}, {"value": ["The value field must be at least 1."]}),
        ({"code": "no spaces"}, {"code": ["The code field is invalid."]}),
        (
            {"startsAt": "2025-09-01T00:00:00Z", "endsAt": "2025-06-01T00:00:00Z"},
            {"ends_at": ["The ends at field must be a date after starts at."]},
        ),
    ],
)
async def test_invalid_coupons_are_refused(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    fields: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)

    body = await create(client, tenant, bearer, **fields)

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["fields"] == errors


async def test_a_taken_code_is_refused_whatever_its_case(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)
    await create(client, tenant, bearer, code="WELCOME")

    body = await create(client, tenant, bearer, code="welcome")

    assert body["errors"][0]["extensions"]["fields"] == {
        "code": ["The code has already been taken."]
    }


async def test_the_same_code_in_another_tenant_is_free(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await rows.coupon(services, other, "WELCOME")

    body = await create(client, tenant, await admin(services, factory, tenant), code="WELCOME")

    assert body["data"]["createCoupon"]["code"] == "WELCOME"


async def test_members_may_not_manage_coupons(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    member = await member_token(services, tenant, member_id)
    coupon = await rows.coupon(services, tenant, "KEEP")

    created = await create(client, tenant, member)
    deleted = await graphql(
        client, DELETE, {"id": str(coupon.id)}, tenant=tenant.slug, bearer=member
    )
    anonymous = await create(client, tenant, None)

    assert error_codes(created) == ["FORBIDDEN"]
    assert error_codes(deleted) == ["FORBIDDEN"]
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_an_agent_may_not_manage_coupons(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant, role=StaffRole.AGENT)

    body = await create(client, tenant, await staff_token(services, tenant, staff_id))

    assert error_codes(body) == ["FORBIDDEN"]


async def test_update_changes_only_the_fields_sent(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)
    coupon = await rows.coupon(
        services, tenant, "OLD", type=CouponType.FIXED, value=1_000, usage_limit=5
    )

    body = await graphql(
        client,
        UPDATE,
        {"id": str(coupon.id), "input": {"code": "new", "usageLimit": None, "isActive": False}},
        tenant=tenant.slug,
        bearer=bearer,
    )

    updated = body["data"]["updateCoupon"]
    assert (updated["code"], updated["value"], updated["usageLimit"], updated["isActive"]) == (
        "NEW",
        1_000,
        None,
        False,
    )


async def test_update_of_another_tenants_coupon_is_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await rows.coupon(services, other, "THEIRS")

    body = await graphql(
        client,
        UPDATE,
        {"id": str(theirs.id), "input": {"value": 5}},
        tenant=tenant.slug,
        bearer=await admin(services, factory, tenant),
    )

    assert error_codes(body) == ["NOT_FOUND"]


async def test_delete_removes_the_coupon(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)
    coupon = await rows.coupon(services, tenant, "BYE")

    body = await graphql(client, DELETE, {"id": str(coupon.id)}, tenant=tenant.slug, bearer=bearer)
    again = await graphql(client, DELETE, {"id": str(coupon.id)}, tenant=tenant.slug, bearer=bearer)

    assert body["data"]["deleteCoupon"] is True
    assert error_codes(again) == ["NOT_FOUND"]


async def test_an_assigned_coupon_shows_in_my_coupons(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)
    [member_id] = await members(services, tenant)
    member = await member_token(services, tenant, member_id)
    coupon = await rows.coupon(services, tenant, "VIP", per_member_limit=2)

    # when
    before = await graphql(client, MINE, tenant=tenant.slug, bearer=member)
    assigned = await graphql(
        client,
        ASSIGN,
        {"coupon": str(coupon.id), "member": str(member_id)},
        tenant=tenant.slug,
        bearer=bearer,
    )
    after = await graphql(client, MINE, tenant=tenant.slug, bearer=member)

    # then
    assert assigned["data"]["assignCoupon"]["id"] == str(coupon.id)
    assert before["data"]["myCoupons"] == []
    assert after["data"]["myCoupons"] == [{"code": "VIP", "remainingUses": 2}]


async def test_assigning_to_an_unknown_member_is_refused(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    [stranger] = await members(services, other)
    coupon = await rows.coupon(services, tenant, "VIP")

    body = await graphql(
        client,
        ASSIGN,
        {"coupon": str(coupon.id), "member": str(stranger)},
        tenant=tenant.slug,
        bearer=await admin(services, factory, tenant),
    )

    assert body["errors"][0]["extensions"]["fields"] == {
        "member_id": ["The selected member id is invalid."]
    }


async def test_my_coupons_needs_a_member(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, MINE, tenant=tenant.slug)

    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_validate_coupon_quotes_an_amount(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "SAVE20", value=20)

    body = await graphql(client, VALIDATE, {"code": "SAVE20", "amount": 50_000}, tenant=tenant.slug)

    assert body["data"]["validateCoupon"] == {
        "valid": True,
        "code": "SAVE20",
        "type": "PERCENT",
        "value": 20,
        "discount": 10_000,
        "message": "The coupon is valid.",
    }


async def test_validate_coupon_says_why_a_code_fails(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "GONE", usage_limit=1, usage_count=1)

    body = await graphql(client, VALIDATE, {"code": "gone", "amount": 5_000}, tenant=tenant.slug)

    assert body["data"]["validateCoupon"] == {
        "valid": False,
        "code": "GONE",
        "type": None,
        "value": None,
        "discount": 0,
        "message": "This coupon has reached its usage limit.",
    }


async def test_apply_and_remove_the_carts_coupon(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=4_000)
    await rows.coupon(services, tenant, "QUARTER", value=25)
    added = await graphql(
        client,
        "mutation($id: ID!) { addToCart(input: {productId: $id, quantity: 2}) { token } }",
        {"id": str(mug.id)},
        tenant=tenant.slug,
    )
    token = added["data"]["addToCart"]["token"]

    # when
    applied = await graphql(client, APPLY, {"code": "quarter", "token": token}, tenant=tenant.slug)
    removed = await graphql(client, REMOVE, {"token": token}, tenant=tenant.slug)

    # then
    assert applied["data"]["applyCoupon"] == {
        "couponCode": "QUARTER",
        "subtotal": 8_000,
        "discount": 2_000,
        "total": 6_000,
    }
    assert removed["data"]["removeCartCoupon"] == {
        "couponCode": None,
        "discount": 0,
        "total": 8_000,
    }


async def test_apply_an_unknown_code_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    added = await graphql(
        client,
        "mutation($id: ID!) { addToCart(input: {productId: $id}) { token } }",
        {"id": str(mug.id)},
        tenant=tenant.slug,
    )

    body = await graphql(
        client,
        APPLY,
        {"code": "NOPE", "token": added["data"]["addToCart"]["token"]},
        tenant=tenant.slug,
    )

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["fields"] == {"code": ["The coupon code is invalid."]}
