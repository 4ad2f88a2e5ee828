"""Where stored files live: a directory under the media root by default, behind a small interface
that a cloud store can implement.

Storage paths are relative, '/'-separated and always chosen by the server (`tenant_path`); a
client's filename is only ever display text (`safe_filename`), never part of a path.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import anyio
import anyio.to_thread

from tenantry.config import Settings

CHUNK_SIZE = 64 * 1024
MAX_PATH_LENGTH = 1024
MAX_FILENAME_LENGTH = 200
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}")


class UnsafePath(ValueError):
    """A storage path that could leave the storage root, or that the server did not build."""


class FileStorage(Protocol):
    async def save(self, path: str, data: bytes) -> str:
        """Writes data at path (replacing a file there) and returns the path to store."""
        ...

    def open(self, path: str) -> AsyncIterator[bytes]:
        """The file's bytes, chunk by chunk, for streaming."""
        ...

    async def exists(self, path: str) -> bool: ...

    async def delete(self, path: str) -> None:
        """Removes the file; a missing file is not an error."""
        ...


def check_path(path: str) -> str:
    if not path or len(path) > MAX_PATH_LENGTH:
        raise UnsafePath("empty or overlong storage path")
    for segment in path.split("/"):
        if segment in (".", "..") or not _SEGMENT.fullmatch(segment):
            raise UnsafePath(f"unsafe storage path: {path!r}")
    return path


class LocalStorage:
    """Files under one directory on the local filesystem."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, path: str) -> Path:
        root = self.root.resolve()
        full = (root / check_path(path)).resolve()
        # A symlink inside the root must not lead out of it either.
        if not full.is_relative_to(root):
            raise UnsafePath(f"storage path leaves the root: {path!r}")
        return full

    async def save(self, path: str, data: bytes) -> str:
        full = self.path_of(path)

        def write() -> None:
            full.parent.mkdir(parents=True, exist_ok=True)
            partial = full.with_name(f".{full.name}.{secrets.token_hex(4)}.part")
            partial.write_bytes(data)
            os.replace(partial, full)

        await anyio.to_thread.run_sync(write)
        return path

    async def open(self, path: str) -> AsyncIterator[bytes]:
        full = self.path_of(path)
        async with await anyio.open_file(full, "rb") as file:
            while chunk := await file.read(CHUNK_SIZE):
                yield chunk

    async def exists(self, path: str) -> bool:
        full = self.path_of(path)
        return await anyio.to_thread.run_sync(full.is_file)

    async def delete(self, path: str) -> None:
        full = self.path_of(path)
        await anyio.to_thread.run_sync(lambda: full.unlink(missing_ok=True))


def storage_for(settings: Settings) -> FileStorage:
    return LocalStorage(settings.media_root)


def safe_filename(name: str, default: str = "download") -> str:
    """A client's filename made harmless as display text and in Content-Disposition: the last
    path component, without control characters, quotes or separators."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    spaced = (" " if char.isspace() else char for char in base)
    cleaned = "".join(
        char for char in spaced if unicodedata.category(char)[0] != "C" and char not in '"<>:|?*;'
    )
    cleaned = " ".join(cleaned.split()).strip(" .")
    if not cleaned:
        return default
    if len(cleaned) > MAX_FILENAME_LENGTH:
        stem, dot, suffix = cleaned.rpartition(".")
        keep = f".{suffix}" if dot and stem and len(suffix) <= 10 else ""
        cleaned = cleaned[: MAX_FILENAME_LENGTH - len(keep)].rstrip(" .") + keep
    return cleaned


def tenant_path(tenant_id: int, area: str, filename: str) -> str:
    """A fresh, unguessable path of one tenant's area, keeping only a plain file extension."""
    suffix = Path(safe_filename(filename)).suffix
    extension = suffix.lower() if _EXTENSION.fullmatch(suffix) else ""
    return check_path(f"t{tenant_id}/{area}/{secrets.token_hex(16)}{extension}")
