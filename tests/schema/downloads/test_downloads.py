"""Downloads over GraphQL: the member's and an order's grants, link info, staff file writes."""

from __future__ import annotations

import base64

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.downloads.support import CONTENT, bought, digital_product
from tests.support import error_codes, graphql, member_token, members

DOWNLOAD = """
id token url orderNumber downloadCount maxDownloads remaining expiresAt
product { id slug name }
file { filename size contentType }
"""
MY_DOWNLOADS = f"query {{ myDownloads {{ items {{ {DOWNLOAD} }} pageInfo {{ total }} }} }}"
ORDER_DOWNLOADS = f"query($number: String!) {{ orderDownloads(number: $number) {{ {DOWNLOAD} }} }}"
INFO = """
query($token: String!) {
  downloadInfo(token: $token) {
    filename size contentType downloadCount maxDownloads remaining expiresAt url
  }
}
"""
ATTACH = """
mutation($product: ID!, $name: String!, $content: String!, $type: String!) {
  attachProductFile(
    productId: $product, filename: $name, contentBase64: $content, contentType: $type
  ) { id productId filename size contentType }
}
"""
FILES = "query($product: ID!) { productFiles(productId: $product) { id filename } }"
DELETE_FILE = "mutation($id: ID!) { deleteProductFile(id: $id) }"


async def member(services: Services, tenant: TenantFixture) -> tuple[int, str]:
    [member_id] = await members(services, tenant)
    return member_id, await member_token(services, tenant, member_id)


async def test_my_downloads(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, token = await member(services, tenant)
    order, download = await bought(services, tenant, member_id)

    body = await graphql(client, MY_DOWNLOADS, tenant=tenant.slug, bearer=token)

    assert body["data"]["myDownloads"] == {
        "items": [
            {
                "id": str(download.grant.id),
                "token": download.token,
                "url": download.url,
                "orderNumber": order.number,
                "downloadCount": 0,
                "maxDownloads": 5,
                "remaining": 5,
                "expiresAt": body["data"]["myDownloads"]["items"][0]["expiresAt"],
                "product": {
                    "id": str(download.product.id),
                    "slug": download.product.slug,
                    "name": download.product.name,
                },
                "file": {
                    "filename": "guide.pdf",
                    "size": len(CONTENT),
                    "contentType": "application/pdf",
                },
            }
        ],
        "pageInfo": {"total": 1},
    }


async def test_a_guest_has_no_downloads(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, MY_DOWNLOADS, tenant=tenant.slug)

    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_order_downloads_are_the_owners_only(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, token = await member(services, tenant)
    _, other = await member(services, tenant)
    order, download = await bought(services, tenant, member_id)

    mine = await graphql(
        client, ORDER_DOWNLOADS, {"number": order.number}, tenant=tenant.slug, bearer=token
    )
    theirs = await graphql(
        client, ORDER_DOWNLOADS, {"number": order.number}, tenant=tenant.slug, bearer=other
    )

    assert [d["token"] for d in mine["data"]["orderDownloads"]] == [download.token]
    assert error_codes(theirs) == ["NOT_FOUND"]


async def test_download_info_by_token_alone(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member_id, _ = await member(services, tenant)
    _, download = await bought(services, tenant, member_id)

    found = await graphql(client, INFO, {"token": download.token}, tenant=tenant.slug)
    unknown = await graphql(client, INFO, {"token": "nope"}, tenant=tenant.slug)

    info = found["data"]["downloadInfo"]
    assert {k: v for k, v in info.items() if k != "expiresAt"} == {
        "filename": "guide.pdf",
        "size": len(CONTENT),
        "contentType": "application/pdf",
        "downloadCount": 0,
        "maxDownloads": 5,
        "remaining": 5,
        "url": download.url,
    }
    assert error_codes(unknown) == ["NOT_FOUND"]


async def test_staff_attach_list_and_delete_files(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)
    variables = {
        "product": str(guide.id),
        "name": "guide.pdf",
        "content": base64.b64encode(CONTENT).decode(),
        "type": "application/pdf",
    }

    # when
    attached = await graphql(
        client, ATTACH, variables, tenant=tenant.slug, api_key=tenant.secret_key
    )
    stored = attached["data"]["attachProductFile"]
    listed = await graphql(
        client, FILES, {"product": str(guide.id)}, tenant=tenant.slug, api_key=tenant.secret_key
    )
    deleted = await graphql(
        client, DELETE_FILE, {"id": stored["id"]}, tenant=tenant.slug, api_key=tenant.secret_key
    )

    # then
    assert stored == {
        "id": stored["id"],
        "productId": str(guide.id),
        "filename": "guide.pdf",
        "size": len(CONTENT),
        "contentType": "application/pdf",
    }
    assert listed["data"]["productFiles"] == [{"id": stored["id"], "filename": "guide.pdf"}]
    assert deleted["data"] == {"deleteProductFile": True}


async def test_invalid_base64_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)
    variables = {"product": str(guide.id), "name": "a.pdf", "content": "%%%", "type": "a/b"}

    body = await graphql(client, ATTACH, variables, tenant=tenant.slug, api_key=tenant.secret_key)

    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"content_base64": ["The content base64 field must be valid base64."]},
    }


@pytest.mark.parametrize("as_member", [True, False])
async def test_only_staff_attach(
    client: httpx.AsyncClient, factory: Factory, services: Services, as_member: bool
) -> None:
    tenant = await factory.tenant()
    guide = await digital_product(services, tenant)
    token = (await member(services, tenant))[1] if as_member else None
    variables = {"product": str(guide.id), "name": "a.pdf", "content": "YQ==", "type": "a/b"}

    body = await graphql(client, ATTACH, variables, tenant=tenant.slug, bearer=token)

    assert error_codes(body) == ["FORBIDDEN" if as_member else "UNAUTHENTICATED"]


async def test_statements_do_not_grow_with_downloads(
    client: httpx.AsyncClient, factory: Factory, services: Services, count_queries: StatementCounter
) -> None:
    tenant = await factory.tenant()
    few, many = await member(services, tenant), await member(services, tenant)
    for (member_id, _), size in ((few, 1), (many, 4)):
        for _ in range(size):
            await bought(services, tenant, member_id)

    counts = []
    for _, token in (few, many):
        count_queries.reset()
        body = await graphql(client, MY_DOWNLOADS, tenant=tenant.slug, bearer=token)
        assert "errors" not in body, body
        counts.append(count_queries.count)

    assert counts[0] == counts[1]
