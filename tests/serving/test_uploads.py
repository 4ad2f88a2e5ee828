"""The streaming multipart receiver: type before bytes, sniffing, size, cleanup on every failure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tenantry.core.errors import BadRequest, PayloadTooLarge, ValidationFailed
from tenantry.serving.uploads import Upload, UploadLimits, receive_upload, sniff
from tenantry.storage import LocalStorage
from tests.schema.media.support import (
    CONTENT_TYPE,
    HTML,
    JPEG,
    PDF,
    PNG,
    Feed,
    body,
    closing,
    file_chunks,
    part_head,
)

LIMITS = UploadLimits(max_bytes=64 * 1024, allowed_types=["image/png", "image/jpeg", "text/plain"])
TYPE_ERROR = "The file must be a file of type: image/png, image/jpeg, text/plain."


def files_in(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


async def receive(
    root: Path, chunks: AsyncIterator[bytes] | Feed, *, limits: UploadLimits = LIMITS
) -> Upload:
    return await receive_upload(
        chunks,
        content_type=CONTENT_TYPE,
        limits=limits,
        storage=LocalStorage(root),
        path_for=lambda content_type: f"t1/media/stored-{content_type.replace('/', '-')}",
    )


def feed(data: bytes, size: int = 100) -> Feed:
    return Feed(data[i : i + size] for i in range(0, len(data), size))


async def test_the_file_is_stored_with_the_fields_beside_it(tmp_path: Path) -> None:
    # given
    data = body(
        (part_head("folder"), b"posts/2025"),
        (part_head("file", "photo.png", "image/png"), PNG),
        (part_head("caption"), "héllo".encode()),
    )

    # when
    upload = await receive(tmp_path, feed(data))

    # then
    assert upload == Upload(
        path="t1/media/stored-image-png",
        original_name="photo.png",
        content_type="image/png",
        size=len(PNG),
        fields={"folder": "posts/2025", "caption": "héllo"},
    )
    assert (tmp_path / upload.path).read_bytes() == PNG
    assert files_in(tmp_path) == [tmp_path / upload.path]


async def test_a_declared_type_with_parameters_is_normalized(tmp_path: Path) -> None:
    data = body((part_head("file", "a.txt", "Text/Plain; charset=utf-8"), b"hello, world"))

    upload = await receive(tmp_path, feed(data))

    assert upload.content_type == "text/plain"


async def test_a_disallowed_type_is_refused_before_its_bytes_are_read(tmp_path: Path) -> None:
    # given: the file part's headers, then far more content than is ever needed
    chunks = Feed(
        [part_head("file", "page.html", "text/html"), *([b"<p>x</p>" * 1000] * 50), closing()]
    )

    # when
    with pytest.raises(ValidationFailed) as refused:
        await receive(tmp_path, chunks)

    # then
    assert refused.value.fields == {"file": [TYPE_ERROR]}
    assert chunks.sent == len(part_head("file", "page.html", "text/html"))
    assert files_in(tmp_path) == []


async def test_a_missing_part_type_counts_as_octet_stream_and_is_refused(tmp_path: Path) -> None:
    data = body((part_head("file", "photo.png"), PNG))

    with pytest.raises(ValidationFailed) as refused:
        await receive(tmp_path, feed(data))

    assert refused.value.fields == {"file": [TYPE_ERROR]}


@pytest.mark.parametrize(
    ("declared", "content"),
    [
        ("image/png", HTML),
        ("image/png", JPEG),
        ("image/jpeg", PNG),
        ("text/plain", HTML),
        ("text/plain", b"  \n<svg onload=alert(1)>"),
        ("text/plain", b"abc\x00def"),
    ],
)
async def test_content_that_is_not_its_declared_type_is_refused(
    tmp_path: Path, declared: str, content: bytes
) -> None:
    data = body((part_head("file", "x", declared), content))

    with pytest.raises(ValidationFailed) as refused:
        await receive(tmp_path, feed(data))

    assert refused.value.fields == {"file": [TYPE_ERROR]}
    assert files_in(tmp_path) == []


@pytest.mark.parametrize(
    ("declared", "head", "accepted"),
    [
        ("image/png", PNG, True),
        ("image/jpeg", JPEG, True),
        ("image/gif", b"GIF89a\x01\x00", True),
        ("image/gif", b"GIF90a", False),
        ("image/webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", True),
        ("image/webp", b"RIFF\x00\x00\x00\x00AVI ", False),
        ("application/pdf", PDF, True),
        ("application/pdf", b"<html>%PDF-", False),
        ("application/zip", b"PK\x03\x04rest", True),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42", True),
        ("audio/mpeg", b"ID3\x04\x00", True),
        ("audio/mpeg", b"\xff\xfb\x90\x00", True),
        ("audio/mpeg", b"\x00\x00\x00\x00", False),
        ("text/csv", "이름,나이\n홍길동,30\n".encode(), True),
        ("text/csv", "name;city\nZoë;Köln\n".encode("latin-1"), True),
        ("text/plain", b"\xef\xbb\xbf<html><body>", False),
        ("text/plain", b"a < b and <p is not a tag", True),
        ("application/x-custom", b"\x01\x02", True),
        ("application/x-custom", b"<script>x</script>", False),
    ],
)
def test_sniffing(declared: str, head: bytes, accepted: bool) -> None:
    assert sniff(declared, head) is accepted


async def test_a_file_over_the_limit_stops_the_read_and_leaves_nothing(tmp_path: Path) -> None:
    # given: 1 MiB of file against a 64 KiB limit, in 4 KiB chunks
    chunks = Feed(file_chunks(PNG, 1024 * 1024, chunk=4096))

    # when
    with pytest.raises(PayloadTooLarge):
        await receive(tmp_path, chunks)

    # then: reading stopped one chunk past the limit, and the partial file is gone
    assert not chunks.finished
    assert chunks.sent < LIMITS.max_bytes + 2 * 4096
    assert files_in(tmp_path) == []


async def test_a_file_of_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    chunks = Feed(file_chunks(PNG, LIMITS.max_bytes, chunk=4096))

    upload = await receive(tmp_path, chunks)

    assert upload.size == LIMITS.max_bytes
    assert (tmp_path / upload.path).stat().st_size == LIMITS.max_bytes


async def test_an_empty_file_is_missing(tmp_path: Path) -> None:
    data = body((part_head("file", "empty.png", "image/png"), b""))

    with pytest.raises(ValidationFailed) as refused:
        await receive(tmp_path, feed(data))

    assert refused.value.fields == {"file": ["The file field is required."]}


async def test_a_body_without_a_file_part_is_missing_the_file(tmp_path: Path) -> None:
    data = body((part_head("folder"), b"posts"))

    with pytest.raises(ValidationFailed) as refused:
        await receive(tmp_path, feed(data))

    assert refused.value.fields == {"file": ["The file field is required."]}


async def test_a_file_field_without_a_filename_is_not_a_file(tmp_path: Path) -> None:
    data = body((part_head("file"), b"just text"))

    with pytest.raises(ValidationFailed) as refused:
        await receive(tmp_path, feed(data))

    assert refused.value.fields == {"file": ["The file field must be a file."]}


async def test_a_body_that_is_not_multipart_is_missing_the_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await receive_upload(
            feed(b'{"file": "x"}'),
            content_type="application/json",
            limits=LIMITS,
            storage=LocalStorage(tmp_path),
            path_for=lambda _: "t1/media/x",
        )

    assert refused.value.fields == {"file": ["The file field is required."]}


async def test_a_truncated_body_is_malformed_and_leaves_nothing(tmp_path: Path) -> None:
    # given: the file part never ends
    data = part_head("file", "photo.png", "image/png") + PNG * 3

    # when
    with pytest.raises(BadRequest) as refused:
        await receive(tmp_path, feed(data))

    # then
    assert refused.value.message == "Malformed multipart body."
    assert files_in(tmp_path) == []


async def test_only_the_first_file_part_is_kept(tmp_path: Path) -> None:
    data = body(
        (part_head("file", "one.png", "image/png"), PNG),
        (part_head("file", "two.html", "text/html"), HTML),
        (part_head("other", "three.png", "image/png"), PNG),
    )

    upload = await receive(tmp_path, feed(data))

    assert upload.original_name == "one.png"
    assert files_in(tmp_path) == [tmp_path / upload.path]


async def test_an_oversized_text_field_is_refused(tmp_path: Path) -> None:
    data = body((part_head("file", "a.png", "image/png"), PNG), (part_head("folder"), b"x" * 5000))

    with pytest.raises(BadRequest) as refused:
        await receive(tmp_path, feed(data))

    assert refused.value.message == "The folder field is too large."
    assert files_in(tmp_path) == []


class MemoryStorage:
    """A store with whole-file saves only, as a cloud store might start out."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    async def save(self, path: str, data: bytes) -> str:
        self.files[path] = data
        return path

    async def open(self, path: str) -> AsyncIterator[bytes]:
        yield self.files[path]

    async def exists(self, path: str) -> bool:
        return path in self.files

    async def delete(self, path: str) -> None:
        self.files.pop(path, None)


async def test_a_store_without_streaming_writes_receives_the_whole_file() -> None:
    storage = MemoryStorage()
    data = body((part_head("file", "photo.png", "image/png"), PNG))

    upload = await receive_upload(
        feed(data),
        content_type=CONTENT_TYPE,
        limits=LIMITS,
        storage=storage,
        path_for=lambda _: "t1/media/photo.png",
    )

    assert storage.files == {upload.path: PNG}
