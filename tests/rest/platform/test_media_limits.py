"""POST /media streams: oversized bodies are refused without being read whole, and accepted
files never sit in memory."""

from __future__ import annotations

import tracemalloc

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.schema.media.support import (
    CONTENT_TYPE,
    PNG,
    Feed,
    closing,
    file_chunks,
    part_head,
    stored_files,
    uploaded,
)
from tests.support import member_headers

TOO_LARGE = {"message": "The request body is too large.", "code": "payload_too_large"}
LIMIT = 256 * 1024
CHUNK = 16 * 1024


@pytest.fixture
def small_limit(services: Services, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(services.settings, "upload_max_bytes", LIMIT)
    return LIMIT


async def test_a_declared_length_over_the_limit_is_refused_unread(
    client: httpx.AsyncClient, factory: Factory, services: Services, small_limit: int
) -> None:
    # given
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    size = 4 * small_limit
    feed = Feed(file_chunks(PNG, size, CHUNK))

    # when
    response = await client.post(
        f"/api/{tenant.slug}/media",
        content=feed,
        headers={**headers, "Content-Type": CONTENT_TYPE, "Content-Length": str(size + 200)},
    )

    # then
    assert (response.status_code, response.json()) == (413, TOO_LARGE)
    assert feed.sent == 0
    assert stored_files(services, tenant) == []


async def test_a_chunked_body_over_the_limit_stops_early_and_leaves_nothing(
    client: httpx.AsyncClient, factory: Factory, services: Services, small_limit: int
) -> None:
    # given: no Content-Length, sixteen times the limit
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    feed = Feed(file_chunks(PNG, 16 * small_limit, CHUNK))

    # when
    response = await client.post(
        f"/api/{tenant.slug}/media",
        content=feed,
        headers={**headers, "Content-Type": CONTENT_TYPE},
    )

    # then: the read stopped one chunk past the limit; the partial file is gone
    assert (response.status_code, response.json()) == (413, TOO_LARGE)
    assert not feed.finished
    assert feed.sent <= small_limit + 2 * CHUNK
    assert stored_files(services, tenant) == []
    listed = await client.get(f"/api/{tenant.slug}/media", headers=headers)
    assert listed.json()["meta"]["total"] == 0


async def test_a_disallowed_type_is_refused_before_the_file_is_read(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given: a file part declared as HTML, followed by a megabyte of content
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    head = part_head("file", "page.html", "text/html")
    feed = Feed([head, *([b"<p>hello</p>" * 1000] * 100), closing()])

    # when
    response = await client.post(
        f"/api/{tenant.slug}/media",
        content=feed,
        headers={**headers, "Content-Type": CONTENT_TYPE},
    )

    # then: only the part's headers were read
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]
    assert feed.sent == len(head)
    assert stored_files(services, tenant) == []


async def test_an_accepted_upload_is_streamed_not_held_in_memory(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given: an 8 MiB file under the default 10 MiB limit, after a first upload has warmed
    # the process's one-off caches (imports, compiled statements)
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    await uploaded(client, tenant, headers)
    size = 8 * 1024 * 1024
    feed = Feed(file_chunks(PNG, size, 64 * 1024))

    # when
    tracemalloc.start()
    try:
        response = await client.post(
            f"/api/{tenant.slug}/media",
            content=feed,
            headers={**headers, "Content-Type": CONTENT_TYPE},
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # then
    assert response.status_code == 201, response.text
    assert response.json()["data"]["size"] == size
    assert peak < size // 8
    assert size in [path.stat().st_size for path in stored_files(services, tenant)]
