"""GET /media/{path}: uploaded files served publicly, and nothing else under the media root."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from tenantry.serving.services import Services
from tenantry.storage import LocalStorage
from tests.conftest import Factory
from tests.schema.media.support import PDF, PNG, uploaded
from tests.support import member_headers

NOT_FOUND = {"message": "File not found."}


def path_of(url: str) -> str:
    return urlsplit(url).path


async def test_an_upload_is_served_at_its_url(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    item = await uploaded(client, tenant, headers)

    # when
    response = await client.get(path_of(item["url"]))

    # then
    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-length"] == str(len(PNG))
    assert response.headers["etag"].startswith('"')
    assert response.headers["last-modified"].endswith(" GMT")


async def test_each_type_is_served_with_its_own_content_type(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    item = await uploaded(
        client, tenant, headers, content=PDF, filename="a.pdf", content_type="application/pdf"
    )

    response = await client.get(path_of(item["url"]))

    assert response.headers["content-type"] == "application/pdf"


async def test_a_matching_etag_answers_304(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    item = await uploaded(client, tenant, headers)
    first = await client.get(path_of(item["url"]))

    again = await client.get(path_of(item["url"]), headers={"If-None-Match": first.headers["etag"]})
    since = await client.get(
        path_of(item["url"]), headers={"If-Modified-Since": first.headers["last-modified"]}
    )

    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == first.headers["etag"]
    assert since.status_code == 304


async def test_a_stale_etag_gets_the_file(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    item = await uploaded(client, tenant, headers)

    response = await client.get(path_of(item["url"]), headers={"If-None-Match": '"stale"'})

    assert (response.status_code, response.content) == (200, PNG)


async def test_a_deleted_upload_is_gone(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    item = await uploaded(client, tenant, headers)
    await client.delete(f"/api/{tenant.slug}/media/{item['id']}", headers=headers)

    response = await client.get(path_of(item["url"]))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


async def test_other_stored_files_are_not_public(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given: a paid download's file beside the media, in the same root
    tenant = await factory.tenant()
    storage = LocalStorage(services.settings.media_root)
    path = await storage.save(f"t{tenant.id}/product-files/ebook.pdf", PDF)

    # when
    response = await client.get(f"/media/{path}")

    # then
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize(
    "path",
    [
        "/media/t1/media/missing.png",
        "/media/t1/media/",
        "/media/t1/media",
        "/media/t1/media/..%2F..%2Fproduct-files%2Febook.pdf",
        "/media/t1/media/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/media/..%2F..%2F..%2Fetc%2Fpasswd",
        "/media/t1/media/.x.png.abcd.part",
        "/media/t1/media/%00.png",
        "/media/tx/media/a.png",
    ],
)
async def test_missing_and_unsafe_paths_are_404(
    client: httpx.AsyncClient, services: Services, path: str
) -> None:
    response = await client.get(path)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


async def test_a_folder_inside_the_media_area_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    (services.settings.media_root / f"t{tenant.id}" / "media" / "sub").mkdir(parents=True)

    response = await client.get(f"/media/t{tenant.id}/media/sub")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
