"""Multipart uploads streamed into storage: one file part, a few small text fields.

The declared type is checked when the file part's headers arrive, before any of its bytes are
read; the first bytes are sniffed before anything is written; the size is counted while
streaming. Whatever fails, the partial file is removed. Nothing holds the whole body.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import AsyncIterable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import anyio.to_thread
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from tenantry.core.errors import BadRequest, PayloadTooLarge, ValidationFailed
from tenantry.storage import FileStorage, LocalStorage

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FILE_FIELD = "file"
SNIFF_BYTES = 1024
MAX_PARTS = 16
MAX_FIELD_BYTES = 4096
MAX_HEADER_BYTES = 8192
MALFORMED = "Malformed multipart body."


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    allowed_types: Sequence[str]


@dataclass(frozen=True)
class Upload:
    """The file as stored, and the text fields sent beside it (first value of each name)."""

    path: str
    original_name: str
    content_type: str
    size: int
    fields: dict[str, str]


# --- what the first bytes must look like -------------------------------------------------

_SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    "image/jpeg": lambda h: h.startswith(b"\xff\xd8\xff"),
    "image/png": lambda h: h.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/gif": lambda h: h[:6] in (b"GIF87a", b"GIF89a"),
    "image/webp": lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP",
    "application/pdf": lambda h: h.startswith(b"%PDF-"),
    "application/zip": lambda h: h[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"),
    "video/mp4": lambda h: h[4:8] == b"ftyp",
    "audio/mpeg": lambda h: h.startswith(b"ID3") or (h[:1] == b"\xff" and h[1:2] >= b"\xe0"),
}
# WHATWG's "binary data bytes": no text file contains them, whatever its encoding.
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_MARKUP = re.compile(
    rb"<(?:!doctype html|html|head|body|script|iframe|style|title|svg|div|a|b|p|br|h1|font|"
    rb"table|img|object|embed|meta|link|form|\?xml|!--)[\s/>]"
)


def normalize_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def is_allowed(content_type: str, allowed: Sequence[str]) -> bool:
    family = content_type.split("/", 1)[0]
    return any(kind == content_type or kind == f"{family}/*" for kind in allowed)


def sniff(declared: str, head: bytes) -> bool:
    """Whether head, a file's first bytes, fits its declared type. Markup is never accepted:
    a browser that ignored the type would run it."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\x0c")
    if _MARKUP.match(start.lower()):
        return False
    check = _SIGNATURES.get(declared)
    if check is not None:
        return check(head)
    if declared.startswith("text/"):
        return _BINARY.search(head) is None
    return True


# --- writing a stream into storage ---------------------------------------------------------


class StreamWriter(Protocol):
    async def write(self, data: bytes) -> None: ...
    async def commit(self) -> None: ...
    async def abort(self) -> None: ...


class _LocalWriter:
    """Appends to a hidden partial file beside the target; commit renames it into place."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        self.file: Any = None
        self.committed = False

    async def open(self) -> None:
        await anyio.to_thread.run_sync(
            lambda: self.target.parent.mkdir(parents=True, exist_ok=True)
        )
        self.file = await anyio.open_file(self.partial, "wb")

    async def write(self, data: bytes) -> None:
        await self.file.write(data)

    async def commit(self) -> None:
        await self.file.aclose()
        await anyio.to_thread.run_sync(os.replace, self.partial, self.target)
        self.committed = True

    async def abort(self) -> None:
        with anyio.CancelScope(shield=True):
            if self.file is not None:
                await self.file.aclose()
            await anyio.to_thread.run_sync(lambda: self.partial.unlink(missing_ok=True))
            if self.committed:
                await anyio.to_thread.run_sync(lambda: self.target.unlink(missing_ok=True))


class _SpooledWriter:
    """For stores without streaming writes: spooled to disk, handed over whole on commit."""

    def __init__(self, storage: FileStorage, path: str) -> None:
        self.storage = storage
        self.path = path
        # Closed in commit or abort: the writer outlives any one block.
        self.spool: SpooledTemporaryFile[bytes] = SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
        self.committed = False

    async def write(self, data: bytes) -> None:
        await anyio.to_thread.run_sync(self.spool.write, data)

    async def commit(self) -> None:
        self.spool.seek(0)
        await self.storage.save(self.path, await anyio.to_thread.run_sync(self.spool.read))
        self.spool.close()
        self.committed = True

    async def abort(self) -> None:
        with anyio.CancelScope(shield=True):
            self.spool.close()
            if self.committed:
                await self.storage.delete(self.path)


async def open_writer(storage: FileStorage, path: str) -> StreamWriter:
    # tenantry.storage has only whole-file saves; local files are streamed here instead.
    if isinstance(storage, LocalStorage):
        writer = _LocalWriter(storage.path_of(path))
        await writer.open()
        return writer
    return _SpooledWriter(storage, path)


# --- the multipart stream ------------------------------------------------------------------


@dataclass
class _Part:
    name: str
    filename: str | None
    content_type: str


@dataclass
class _Events:
    """python-multipart's callbacks, queued so that async writes run between parser calls."""

    queue: list[tuple[str, Any]] = field(default_factory=list)
    header_name: bytes = b""
    header_value: bytes = b""
    headers: dict[bytes, bytes] = field(default_factory=dict)
    header_bytes: int = 0

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def take(self) -> list[tuple[str, Any]]:
        events, self.queue = self.queue, []
        return events

    def on_part_begin(self) -> None:
        self.headers, self.header_bytes = {}, 0

    def _count(self, size: int) -> None:
        self.header_bytes += size
        if self.header_bytes > MAX_HEADER_BYTES:
            raise BadRequest(MALFORMED, code="malformed_multipart")

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count(end - start)
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count(end - start)
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_name.lower()] = self.header_value
        self.header_name, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        if b"name" not in options:
            raise BadRequest(MALFORMED, code="malformed_multipart")
        filename = options.get(b"filename")
        part = _Part(
            name=options[b"name"].decode("utf-8", "replace"),
            filename=filename.decode("utf-8", "replace") if filename is not None else None,
            content_type=normalize_type(
                self.headers.get(b"content-type", b"application/octet-stream").decode("latin-1")
            ),
        )
        self.queue.append(("part", part))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self.queue.append(("data", data[start:end]))

    def on_part_end(self) -> None:
        self.queue.append(("end", None))


class _Receiver:
    def __init__(
        self, limits: UploadLimits, storage: FileStorage, path_for: Callable[[str], str]
    ) -> None:
        self.limits = limits
        self.storage = storage
        self.path_for = path_for
        self.parts = 0
        self.mode = "skip"
        self.file: _Part | None = None
        self.file_done = False
        self.head = bytearray()
        self.size = 0
        self.writer: StreamWriter | None = None
        self.path = ""
        self.field = bytearray()
        self.field_name = ""
        self.fields: dict[str, str] = {}

    async def handle(self, events: list[tuple[str, Any]]) -> None:
        for kind, value in events:
            if kind == "part":
                self.begin(value)
            elif kind == "data":
                await self.data(value)
            else:
                await self.end()

    def begin(self, part: _Part) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise BadRequest(MALFORMED, code="malformed_multipart")
        if part.name == FILE_FIELD and self.file is None:
            if part.filename is None:
                raise ValidationFailed.single(FILE_FIELD, "The file field must be a file.")
            if not is_allowed(part.content_type, self.limits.allowed_types):
                raise ValidationFailed.single(FILE_FIELD, self.type_message())
            self.file, self.mode = part, "file"
        elif part.filename is None and part.name not in self.fields:
            self.field_name, self.field, self.mode = part.name, bytearray(), "field"
        else:
            self.mode = "skip"

    async def data(self, data: bytes) -> None:
        if self.mode == "file":
            self.size += len(data)
            if self.size > self.limits.max_bytes:
                raise PayloadTooLarge()
            if self.writer is not None:
                await self.writer.write(data)
                return
            self.head += data
            if len(self.head) >= SNIFF_BYTES:
                await self.start_writing()
        elif self.mode == "field":
            self.field += data
            if len(self.field) > MAX_FIELD_BYTES:
                raise BadRequest(
                    f"The {self.field_name} field is too large.", code="field_too_large"
                )

    async def end(self) -> None:
        if self.mode == "file":
            if self.writer is None:
                await self.start_writing()
            self.file_done = True
        elif self.mode == "field":
            self.fields[self.field_name] = self.field.decode("utf-8", "replace")
        self.mode = "skip"

    async def start_writing(self) -> None:
        assert self.file is not None
        if self.size == 0:
            raise ValidationFailed.single(FILE_FIELD, "The file field is required.")
        if not sniff(self.file.content_type, bytes(self.head)):
            raise ValidationFailed.single(FILE_FIELD, self.type_message())
        self.path = self.path_for(self.file.content_type)
        self.writer = await open_writer(self.storage, self.path)
        await self.writer.write(bytes(self.head))
        self.head = bytearray()

    def type_message(self) -> str:
        return f"The file must be a file of type: {', '.join(self.limits.allowed_types)}."

    async def finish(self) -> Upload:
        if self.file is None:
            raise ValidationFailed.single(FILE_FIELD, "The file field is required.")
        if not self.file_done or self.writer is None:
            raise BadRequest(MALFORMED, code="malformed_multipart")
        await self.writer.commit()
        return Upload(
            path=self.path,
            original_name=self.file.filename or "",
            content_type=self.file.content_type,
            size=self.size,
            fields=self.fields,
        )

    async def abort(self) -> None:
        if self.writer is not None:
            await self.writer.abort()


def _boundary(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data":
        raise ValidationFailed.single(FILE_FIELD, "The file field is required.")
    boundary = options.get(b"boundary")
    if not boundary:
        raise BadRequest(MALFORMED, code="malformed_multipart")
    return boundary


async def receive_upload(
    chunks: AsyncIterable[bytes],
    *,
    content_type: str,
    limits: UploadLimits,
    storage: FileStorage,
    path_for: Callable[[str], str],
) -> Upload:
    """Streams the `file` part of a multipart/form-data body into storage at
    path_for(verified content type). On any error nothing stays in storage."""
    events = _Events()
    parser = MultipartParser(_boundary(content_type), events.callbacks())
    receiver = _Receiver(limits, storage, path_for)
    try:
        async for chunk in chunks:
            try:
                parser.write(chunk)
            except FormParserError:
                raise BadRequest(MALFORMED, code="malformed_multipart") from None
            await receiver.handle(events.take())
        parser.finalize()
        await receiver.handle(events.take())
        return await receiver.finish()
    except BaseException:
        await receiver.abort()
        raise
