"""GraphQL media: mediaList and deleteMedia (uploads are REST only)."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.schema.media.support import stored_files, uploaded
from tests.support import error_codes, graphql, member_headers, staff_headers

MEDIA_LIST = """
query MediaList($folder: String, $page: Int!, $perPage: Int!) {
  mediaList(folder: $folder, page: $page, perPage: $perPage) {
    items { id url filename originalName folder contentType size createdAt }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""
DELETE = "mutation Delete($id: ID!) { deleteMedia(id: $id) }"


def token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def test_members_list_their_uploads(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    _, mine = await member_headers(services, tenant)
    _, theirs = await member_headers(services, tenant)
    item = await uploaded(client, tenant, mine, folder="posts", filename="cat.png")
    await uploaded(client, tenant, theirs, folder="posts")

    # when
    body = await graphql(
        client,
        MEDIA_LIST,
        {"folder": "posts", "page": 1, "perPage": 10},
        tenant=tenant.slug,
        bearer=token(mine),
    )

    # then
    assert body == {
        "data": {
            "mediaList": {
                "items": [
                    {
                        "id": str(item["id"]),
                        "url": item["url"],
                        "filename": item["filename"],
                        "originalName": "cat.png",
                        "folder": "posts",
                        "contentType": "image/png",
                        "size": item["size"],
                        "createdAt": body["data"]["mediaList"]["items"][0]["createdAt"],
                    }
                ],
                "pageInfo": {
                    "page": 1,
                    "perPage": 10,
                    "total": 1,
                    "lastPage": 1,
                    "hasNextPage": False,
                },
            }
        }
    }


async def test_staff_list_every_upload(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, member = await member_headers(services, tenant)
    _, staff = await staff_headers(services, factory, tenant)
    await uploaded(client, tenant, member)
    await uploaded(client, tenant, staff)

    body = await graphql(
        client, MEDIA_LIST, {"page": 1, "perPage": 10}, tenant=tenant.slug, bearer=token(staff)
    )

    assert body["data"]["mediaList"]["pageInfo"]["total"] == 2


async def test_anonymous_callers_cannot_list(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, MEDIA_LIST, {"page": 1, "perPage": 10}, tenant=tenant.slug)

    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_the_uploader_deletes(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, mine = await member_headers(services, tenant)
    item = await uploaded(client, tenant, mine)

    body = await graphql(
        client, DELETE, {"id": str(item["id"])}, tenant=tenant.slug, bearer=token(mine)
    )

    assert body == {"data": {"deleteMedia": True}}
    assert stored_files(services, tenant) == []


async def test_a_stranger_gets_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, mine = await member_headers(services, tenant)
    _, stranger = await member_headers(services, tenant)
    item = await uploaded(client, tenant, mine)

    body = await graphql(
        client, DELETE, {"id": str(item["id"])}, tenant=tenant.slug, bearer=token(stranger)
    )

    assert error_codes(body) == ["NOT_FOUND"]
    assert len(stored_files(services, tenant)) == 1
