"""Dialect A media: POST /media (multipart), GET /media, DELETE /media/{media}."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.schema.media.support import HTML, PDF, PNG, stored_files, upload, uploaded
from tests.support import member_headers, staff_headers

UNAUTHENTICATED = {"message": "Unauthenticated.", "code": "unauthenticated"}
NOT_FOUND = {"message": "Media not found.", "code": "resource_missing"}


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def test_upload_answers_201_with_the_stored_file(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    # when
    response = await upload(
        client, tenant, headers, filename="../My Photo.png", folder="posts/2025"
    )

    # then
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    path = f"t{tenant.id}/media/{data['filename']}"
    assert data == {
        "id": data["id"],
        "url": f"{services.settings.public_url}/media/{path}",
        "filename": data["filename"],
        "original_name": "My Photo.png",
        "folder": "posts/2025",
        "content_type": "image/png",
        "size": len(PNG),
        "created_at": data["created_at"],
    }
    assert data["filename"].endswith(".png")
    assert "Photo" not in data["filename"]
    assert datetime.fromisoformat(data["created_at"])
    assert (services.settings.media_root / path).read_bytes() == PNG


async def test_the_stored_extension_follows_the_verified_type(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    data = await uploaded(
        client, tenant, headers, content=PDF, filename="invoice.php", content_type="application/pdf"
    )

    assert data["filename"].endswith(".pdf")
    assert data["original_name"] == "invoice.php"


@pytest.mark.parametrize("who", ["staff", "secret key"])
async def test_staff_and_secret_keys_may_upload(
    client: httpx.AsyncClient, factory: Factory, services: Services, who: str
) -> None:
    tenant = await factory.tenant()
    if who == "staff":
        _, headers = await staff_headers(services, factory, tenant)
    else:
        headers = {"Authorization": f"Bearer {tenant.secret_key}"}

    response = await upload(client, tenant, headers)

    assert response.status_code == 201


@pytest.mark.parametrize("who", ["anonymous", "publishable key"])
async def test_uploads_need_a_member_or_staff(
    client: httpx.AsyncClient, factory: Factory, services: Services, who: str
) -> None:
    tenant = await factory.tenant()
    headers = {"X-API-Key": tenant.publishable_key} if who == "publishable key" else {}

    response = await upload(client, tenant, headers)

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
    assert stored_files(services, tenant) == []


async def test_a_disallowed_type_is_a_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    response = await upload(
        client, tenant, headers, content=HTML, filename="x.html", content_type="text/html"
    )

    allowed = ", ".join(services.settings.upload_allowed_types)
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"file": [f"The file must be a file of type: {allowed}."]},
    }
    assert stored_files(services, tenant) == []


async def test_html_declared_as_png_is_a_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    response = await upload(client, tenant, headers, content=HTML, filename="cat.png")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]
    assert stored_files(services, tenant) == []


async def test_a_request_without_a_file_is_a_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    response = await client.post(f"{base(tenant)}/media", json={"folder": "x"}, headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"] == {"file": ["The file field is required."]}


@pytest.mark.parametrize(
    "folder", ["../etc", "posts/../../x", "a//b", "posts/.hidden", "with space", "a\\b", "_x"]
)
async def test_an_unsafe_folder_is_a_422_and_leaves_no_file(
    client: httpx.AsyncClient, factory: Factory, services: Services, folder: str
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    response = await upload(client, tenant, headers, folder=folder)

    assert response.status_code == 422
    assert response.json()["errors"] == {"folder": ["The folder field format is invalid."]}
    assert stored_files(services, tenant) == []


async def test_surrounding_slashes_are_dropped_from_folders(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    data = await uploaded(client, tenant, headers, folder="/posts/2025/")

    assert data["folder"] == "posts/2025"


async def test_members_list_their_own_uploads_newest_first(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    _, mine = await member_headers(services, tenant)
    _, theirs = await member_headers(services, tenant)
    first = await uploaded(client, tenant, mine, folder="a")
    second = await uploaded(client, tenant, mine, folder="b")
    await uploaded(client, tenant, theirs)

    # when
    response = await client.get(f"{base(tenant)}/media", headers=mine)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [second, first],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }


async def test_staff_list_every_upload_with_folder_and_paging(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, member = await member_headers(services, tenant)
    _, staff = await staff_headers(services, factory, tenant)
    posts = [await uploaded(client, tenant, member, folder="posts") for _ in range(3)]
    await uploaded(client, tenant, staff, folder="other")

    response = await client.get(
        f"{base(tenant)}/media", params={"folder": "posts", "per_page": 2, "page": 2}, headers=staff
    )

    assert response.json() == {
        "data": [posts[0]],
        "meta": {"current_page": 2, "last_page": 2, "per_page": 2, "total": 3},
    }


async def test_listing_needs_a_member_or_staff(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"{base(tenant)}/media")

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


async def test_an_invalid_folder_filter_is_a_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    response = await client.get(f"{base(tenant)}/media?folder=../x", headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"] == {"folder": ["The folder field format is invalid."]}


@pytest.mark.parametrize("who", ["uploader", "staff", "secret key"])
async def test_the_uploader_or_staff_delete_the_row_and_the_file(
    client: httpx.AsyncClient, factory: Factory, services: Services, who: str
) -> None:
    # given
    tenant = await factory.tenant()
    _, uploader = await member_headers(services, tenant)
    item = await uploaded(client, tenant, uploader)
    headers = uploader
    if who == "staff":
        _, headers = await staff_headers(services, factory, tenant, role=StaffRole.AGENT)
    elif who == "secret key":
        headers = {"Authorization": f"Bearer {tenant.secret_key}"}

    # when
    response = await client.delete(f"{base(tenant)}/media/{item['id']}", headers=headers)

    # then
    assert (response.status_code, response.json()) == (200, {"message": "Media deleted."})
    assert stored_files(services, tenant) == []
    listed = await client.get(f"{base(tenant)}/media", headers=uploader)
    assert listed.json()["data"] == []


async def test_another_member_cannot_delete_and_sees_a_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, uploader = await member_headers(services, tenant)
    _, stranger = await member_headers(services, tenant)
    item = await uploaded(client, tenant, uploader)

    response = await client.delete(f"{base(tenant)}/media/{item['id']}", headers=stranger)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert len(stored_files(services, tenant)) == 1


async def test_deleting_needs_a_member_or_staff(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    _, uploader = await member_headers(services, tenant)
    item = await uploaded(client, tenant, uploader)

    response = await client.delete(f"{base(tenant)}/media/{item['id']}")

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


@pytest.mark.parametrize("media_id", ["999999999", "abc"])
async def test_deleting_unknown_media_is_a_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, media_id: str
) -> None:
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)

    response = await client.delete(f"{base(tenant)}/media/{media_id}", headers=headers)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


async def test_another_tenants_media_is_invisible(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    _, uploader = await member_headers(services, tenant)
    item = await uploaded(client, tenant, uploader)
    _, other_staff = await staff_headers(services, factory, other)
    other_secret = {"Authorization": f"Bearer {other.secret_key}"}

    # when
    listed = await client.get(f"{base(other)}/media", headers=other_staff)
    deleted = await client.delete(f"{base(other)}/media/{item['id']}", headers=other_secret)

    # then
    assert listed.json()["data"] == []
    assert (deleted.status_code, deleted.json()) == (404, NOT_FOUND)
    assert len(stored_files(services, tenant)) == 1
