"""Anonymous public reads are answered from the response cache while their tables are unchanged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from graphql import get_named_type, is_object_type
from sqlmodel import select

from tenantry.models.catalog import ProductCategory
from tenantry.schema import build_schema
from tenantry.schema.caching import PUBLIC_READS, REVIEWED_FOR_MEMBERS, SAME_FOR_MEMBERS
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.catalog.support import CatalogWriter
from tests.schema.cart.test_cart import add
from tests.support import member_token, members

PRODUCTS = """
query Products($perPage: Int!) {
  products(perPage: $perPage) { items { id name price category { name } } pageInfo { total } }
}
"""
RENAME = (
    "mutation($id: ID!, $name: String!) { updateProduct(id: $id, input: {name: $name}) { name } }"
)


async def _post(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    query: str,
    variables: dict[str, Any] | None = None,
    **headers: str,
) -> httpx.Response:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"X-Tenant": tenant.slug, **headers},
    )
    assert response.status_code == 200, response.text
    return response


def _names(response: httpx.Response) -> list[str]:
    return [item["name"] for item in response.json()["data"]["products"]["items"]]


async def _shop(services: Services, factory: Factory) -> tuple[TenantFixture, Any]:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    mugs = await writer.category("Mugs")
    product = await writer.product("Mug", 1000, category=mugs)
    return tenant, product


async def test_a_repeated_public_read_is_served_from_the_cache(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, _ = await _shop(services, factory)
    first = await _post(client, tenant, PRODUCTS, {"perPage": 5})
    second = await _post(client, tenant, PRODUCTS, {"perPage": 5})
    other_variables = await _post(client, tenant, PRODUCTS, {"perPage": 6})
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert _names(second) == ["Mug"]
    assert second.headers["content-type"] == "application/json"
    assert other_variables.headers["x-cache"] == "miss"


async def test_a_write_to_a_table_the_answer_read_makes_it_stale(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, product = await _shop(services, factory)
    await _post(client, tenant, PRODUCTS, {"perPage": 5})
    renamed = await _post(
        client,
        tenant,
        RENAME,
        {"id": str(product.id), "name": "Big mug"},
        Authorization=f"Bearer {tenant.secret_key}",
    )
    assert "errors" not in renamed.json(), renamed.text
    after = await _post(client, tenant, PRODUCTS, {"perPage": 5})
    assert after.headers["x-cache"] == "miss"
    assert _names(after) == ["Big mug"]


async def test_a_nested_relation_s_table_counts_too(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, _ = await _shop(services, factory)
    await _post(client, tenant, PRODUCTS, {"perPage": 5})
    async with services.db.unit(tenant.id) as uow:
        category = (await uow.session.scalars(select(ProductCategory))).one()
        category.name = "Cups"
        await uow.commit()
    after = await _post(client, tenant, PRODUCTS, {"perPage": 5})
    assert after.headers["x-cache"] == "miss"
    assert after.json()["data"]["products"]["items"][0]["category"] == {"name": "Cups"}


async def test_writes_elsewhere_and_in_other_tenants_keep_the_answer(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, product = await _shop(services, factory)
    other, _ = await _shop(services, factory)
    await _post(client, tenant, PRODUCTS, {"perPage": 5})
    added = await add(client, tenant, product.id)  # a guest cart: cart tables only
    assert "errors" not in added, added
    await CatalogWriter(services, other).product("Elsewhere", 5)
    again = await _post(client, tenant, PRODUCTS, {"perPage": 5})
    assert again.headers["x-cache"] == "hit"
    theirs = await _post(client, other, PRODUCTS, {"perPage": 5})
    assert theirs.headers["x-cache"] == "miss"
    assert sorted(_names(theirs)) == ["Elsewhere", "Mug"]


async def test_answers_expire_on_the_app_clock(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, _ = await _shop(services, factory)
    await _post(client, tenant, PRODUCTS, {"perPage": 5})
    real = services.clock

    class Later:
        def now(self) -> Any:
            return real.now() + timedelta(seconds=services.settings.response_cache_seconds + 1)

    services.clock = Later()
    try:
        later = await _post(client, tenant, PRODUCTS, {"perPage": 5})
    finally:
        services.clock = real
    assert later.headers["x-cache"] == "miss"


async def test_members_share_the_anonymous_answers_of_reads_that_do_not_depend_on_them(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, _ = await _shop(services, factory)
    [member_id] = await members(services, tenant)
    bearer = {"Authorization": f"Bearer {await member_token(services, tenant, member_id)}"}
    reviews = '{ productReviews(slug: "mug") { items { id } } }'

    anonymous = await _post(client, tenant, PRODUCTS, {"perPage": 5})
    as_member = await _post(client, tenant, PRODUCTS, {"perPage": 5}, **bearer)
    await _post(client, tenant, reviews, **bearer)
    member_reviews = await _post(client, tenant, reviews, **bearer)

    assert anonymous.headers["x-cache"] == "miss"
    assert as_member.headers["x-cache"] == "hit"
    assert as_member.content == anonymous.content
    assert "x-cache" not in member_reviews.headers  # reviews show a member their own hidden ones


async def test_staff_mutations_private_fields_and_errors_are_never_cached(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, product = await _shop(services, factory)
    staff = {"Authorization": f"Bearer {tenant.secret_key}"}
    for _ in range(2):
        as_staff = await _post(client, tenant, PRODUCTS, {"perPage": 5}, **staff)
        cart = await _post(client, tenant, "{ cart { itemCount } }")
        mixed = await _post(client, tenant, "{ site { name } cart { itemCount } }")
        missing = await _post(client, tenant, '{ product(slug: "nope") { id } }')
        renamed = await _post(
            client, tenant, RENAME, {"id": str(product.id), "name": "Mug"}, **staff
        )
        assert "x-cache" not in as_staff.headers
        assert "x-cache" not in cart.headers
        assert "x-cache" not in mixed.headers
        assert "x-cache" not in renamed.headers
        assert missing.headers["x-cache"] == "bypass"
        assert missing.json()["errors"]


def test_every_resolver_members_share_answers_of_has_been_reviewed() -> None:
    """A field with a resolver of its own, reachable from a root members share answers of, may
    read who asks. Check that it does not before adding it to REVIEWED_FOR_MEMBERS."""
    schema = build_schema()._schema
    seen: set[str] = set()
    found: set[str] = set()

    def walk(named: Any) -> None:
        if not is_object_type(named) or named.name in seen:
            return
        seen.add(named.name)
        for name, field in named.fields.items():
            if not getattr(field.resolve, "_is_default", False):
                found.add(f"{named.name}.{name}")
            walk(get_named_type(field.type))

    query = schema.query_type
    assert query is not None
    for root in SAME_FOR_MEMBERS - {"__typename"}:
        walk(get_named_type(query.fields[root].type))
    assert found == REVIEWED_FOR_MEMBERS
    assert SAME_FOR_MEMBERS <= PUBLIC_READS


async def test_the_cache_can_be_turned_off(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, _ = await _shop(services, factory)
    cache, services.response_cache = services.response_cache, None
    try:
        answers = [await _post(client, tenant, PRODUCTS, {"perPage": 5}) for _ in range(2)]
    finally:
        services.response_cache = cache
    assert [a.headers.get("x-cache") for a in answers] == [None, None]
    assert _names(answers[1]) == ["Mug"]
