"""Uploads for tests: sample files, hand-built multipart bodies, upload requests."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import httpx

from tenantry.serving.services import Services
from tests.conftest import TenantFixture

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
BOUNDARY = "tenantry-test-boundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def part_head(name: str, filename: str | None = None, content_type: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    head = f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n"
    if content_type is not None:
        head += f"Content-Type: {content_type}\r\n"
    return (head + "\r\n").encode()


def body(*parts: tuple[bytes, bytes]) -> bytes:
    """parts as (head, content) pairs, closed by the final boundary."""
    return b"".join(head + content + b"\r\n" for head, content in parts) + closing()


def closing() -> bytes:
    return f"--{BOUNDARY}--\r\n".encode()


class Feed:
    """A request body served chunk by chunk that records how much of it was asked for."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = iter(chunks)
        self.sent = 0
        self.finished = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.sent += len(chunk)
            yield chunk
        self.finished = True


def file_chunks(
    content_start: bytes, size: int, chunk: int = 64 * 1024, *, name: str = "big.png"
) -> Iterable[bytes]:
    """A multipart body whose `file` part is `size` bytes long, made lazily."""
    yield part_head("file", name, "image/png")
    yield content_start
    left = size - len(content_start)
    while left > 0:
        step = min(chunk, left)
        yield b"\x00" * step
        left -= step
    yield b"\r\n" + closing()


def stored_files(services: Services, tenant: TenantFixture) -> list[Path]:
    """Every file (partial ones included) under the tenant's media area."""
    area = services.settings.media_root / f"t{tenant.id}" / "media"
    return sorted(path for path in area.rglob("*") if path.is_file()) if area.exists() else []


async def upload(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    headers: dict[str, str],
    *,
    content: bytes = PNG,
    filename: str = "photo.png",
    content_type: str = "image/png",
    folder: str | None = None,
) -> httpx.Response:
    data = {"folder": folder} if folder is not None else {}
    return await client.post(
        f"/api/{tenant.slug}/media",
        files={"file": (filename, content, content_type)},
        data=data,
        headers=headers,
    )


async def uploaded(
    client: httpx.AsyncClient, tenant: TenantFixture, headers: dict[str, str], **kwargs: Any
) -> dict[str, Any]:
    response = await upload(client, tenant, headers, **kwargs)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def unique_name() -> str:
    return f"file-{secrets.token_hex(3)}.png"
