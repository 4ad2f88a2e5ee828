"""Dialect A downloads: GET /my/downloads, GET /orders/{orderNumber}/downloads,
GET /downloads/{token}/info and GET /downloads/{token}."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tenantry.models.order import OrderStatus
from tenantry.resolvers import downloads
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.downloads.support import (
    CONTENT,
    attach,
    bought,
    digital_product,
    grant,
    load_grant,
    order_of,
    with_clock,
    with_settings,
)
from tests.support import bearer, frozen_clock, iso, make_ctx, member_token, members

UNAUTHENTICATED = {"message": "Unauthenticated.", "code": "unauthenticated"}
DOWNLOAD_NOT_FOUND = {"message": "Download not found.", "code": "resource_missing"}


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def member(services: Services, tenant: TenantFixture) -> tuple[int, dict[str, str]]:
    [member_id] = await members(services, tenant)
    return member_id, bearer(await member_token(services, tenant, member_id))


def expected(tenant: TenantFixture, download: downloads.Download) -> dict[str, Any]:
    grant, product = download.grant, download.product
    return {
        "id": grant.id,
        "product": {"id": product.id, "name": product.name, "slug": product.slug},
        "file": {"filename": "guide.pdf", "size": len(CONTENT), "content_type": "application/pdf"},
        "order_number": download.order_number,
        "download_count": 0,
        "max_downloads": 5,
        "remaining": 5,
        "expires_at": iso(grant.expires_at),
        "token": download.token,
        "url": f"http://127.0.0.1:8000/api/{tenant.slug}/downloads/{download.token}",
        "created_at": iso(grant.created_at),
    }


async def test_my_downloads_lists_the_members_grants(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, headers = await member(services, tenant)
    _, first = await bought(services, tenant, member_id)
    _, second = await bought(services, tenant, member_id)
    other_id, _ = await member(services, tenant)
    await bought(services, tenant, other_id)

    # when
    response = await client.get(f"{base(tenant)}/my/downloads", headers=headers)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [expected(tenant, second), expected(tenant, first)],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }


async def test_my_downloads_need_a_member(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"{base(tenant)}/my/downloads")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


async def test_order_downloads_lists_that_orders_grants(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, headers = await member(services, tenant)
    order, download = await bought(services, tenant, member_id)
    await bought(services, tenant, member_id)

    response = await client.get(f"{base(tenant)}/orders/{order.number}/downloads", headers=headers)

    assert response.status_code == 200
    assert response.json() == {"data": [expected(tenant, download)]}


async def test_another_members_order_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    owner_id, _ = await member(services, tenant)
    _, other = await member(services, tenant)
    order, _ = await bought(services, tenant, owner_id)

    response = await client.get(f"{base(tenant)}/orders/{order.number}/downloads", headers=other)

    assert response.status_code == 404
    assert response.json() == {"message": "Order not found.", "code": "resource_missing"}


async def test_order_downloads_need_a_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    owner_id, _ = await member(services, tenant)
    order, _ = await bought(services, tenant, owner_id)

    response = await client.get(f"{base(tenant)}/orders/{order.number}/downloads")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


async def test_info_needs_only_the_token(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, _ = await member(services, tenant)
    _, download = await bought(services, tenant, member_id)

    response = await client.get(f"{base(tenant)}/downloads/{download.token}/info")

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "filename": "guide.pdf",
            "size": len(CONTENT),
            "content_type": "application/pdf",
            "download_count": 0,
            "max_downloads": 5,
            "remaining": 5,
            "expires_at": iso(download.grant.expires_at),
            "url": download.url,
        }
    }


async def test_the_download_streams_the_stored_bytes(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, _ = await member(services, tenant)
    _, download = await bought(services, tenant, member_id)

    # when: the listed URL, with no bearer token
    response = await client.get(urlsplit(download.url).path)

    # then
    assert response.status_code == 200
    assert response.content == CONTENT
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"guide.pdf\"; filename*=UTF-8''guide.pdf"
    )
    assert response.headers["content-length"] == str(len(CONTENT))
    assert (await load_grant(services, tenant, download.grant.id)).download_count == 1
    info = await client.get(f"{base(tenant)}/downloads/{download.token}/info")
    assert (info.json()["data"]["download_count"], info.json()["data"]["remaining"]) == (1, 4)


async def test_an_unsafe_filename_is_made_safe_for_the_header(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, _ = await member(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide, 'x/"évil"\r\nSet-Cookie: a=b.pdf')
    order = await order_of(services, tenant, member_id, guide)
    [granted] = await grant(services, tenant, order)
    token = downloads.grant_token(
        make_ctx(services, tenant),
        order_item_id=granted.order_item_id,
        product_file_id=granted.product_file_id,
    )

    response = await client.get(f"{base(tenant)}/downloads/{token}")

    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="_vil Set-Cookie a=b.pdf"; '
        "filename*=UTF-8''%C3%A9vil%20Set-Cookie%20a%3Db.pdf"
    )
    assert "set-cookie" not in response.headers


async def test_the_limit_answers_403(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, _ = await member(services, tenant)
    ctx = with_settings(make_ctx(services, tenant), downloads={"max_downloads": 1})
    _, download = await bought(services, tenant, member_id, ctx)
    url = f"{base(tenant)}/downloads/{download.token}"
    await client.get(url)

    response = await client.get(url)

    assert response.status_code == 403
    assert response.json() == {
        "message": "The download limit of this link has been reached.",
        "code": "download_limit_reached",
    }


async def test_six_concurrent_downloads_of_a_two_download_link_give_two(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, _ = await member(services, tenant)
    ctx = with_settings(make_ctx(services, tenant), downloads={"max_downloads": 2})
    _, download = await bought(services, tenant, member_id, ctx)
    url = f"{base(tenant)}/downloads/{download.token}"

    # when
    responses = await asyncio.gather(*(client.get(url) for _ in range(6)))

    # then
    assert sorted(r.status_code for r in responses) == [200, 200, 403, 403, 403, 403]
    assert all(r.content == CONTENT for r in responses if r.status_code == 200)
    assert (await load_grant(services, tenant, download.grant.id)).download_count == 2


async def test_an_expired_link_answers_403(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, _ = await member(services, tenant)
    with frozen_clock(services) as clock:
        ctx = with_settings(
            with_clock(make_ctx(services, tenant), clock), downloads={"expires_days": 1}
        )
        _, download = await bought(services, tenant, member_id, ctx)
        url = f"{base(tenant)}/downloads/{download.token}"
        clock.advance(24 * 3600 - 1)
        before = await client.get(url)
        clock.advance(1)

        after = await client.get(url)

    assert before.status_code == 200
    assert after.status_code == 403
    assert after.json() == {
        "message": "This download link has expired.",
        "code": "download_expired",
    }


@pytest.mark.parametrize("suffix", ["", "/info"])
async def test_unknown_and_foreign_tokens_are_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, suffix: str
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    member_id, _ = await member(services, other)
    _, theirs = await bought(services, other, member_id)

    for token in ("nope", theirs.token):
        response = await client.get(f"{base(tenant)}/downloads/{token}{suffix}")

        assert response.status_code == 404
        assert response.json() == DOWNLOAD_NOT_FOUND


@pytest.mark.parametrize("status", [OrderStatus.CANCELLED, OrderStatus.REFUNDED])
async def test_a_refunded_orders_link_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, status: OrderStatus
) -> None:
    tenant = await factory.tenant()
    member_id, headers = await member(services, tenant)
    order, download = await bought(services, tenant, member_id)
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.get(type(order), order.id)
        assert row is not None
        row.status = status
        await uow.commit()

    response = await client.get(f"{base(tenant)}/downloads/{download.token}")
    listed = await client.get(f"{base(tenant)}/my/downloads", headers=headers)

    assert response.status_code == 404
    assert listed.json()["data"] == []


async def test_head_answers_headers_without_counting(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, _ = await member(services, tenant)
    _, download = await bought(services, tenant, member_id)

    response = await client.head(f"{base(tenant)}/downloads/{download.token}")

    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(CONTENT))
    assert response.headers["content-disposition"].startswith('attachment; filename="guide.pdf"')
    assert (await load_grant(services, tenant, download.grant.id)).download_count == 0
