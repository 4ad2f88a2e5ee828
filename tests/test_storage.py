"""Local file storage: bytes in and out, and no path that leaves the root."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantry.storage import LocalStorage, UnsafePath, safe_filename, tenant_path


async def read(storage: LocalStorage, path: str) -> bytes:
    return b"".join([chunk async for chunk in storage.open(path)])


async def test_saved_bytes_read_back(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    data = bytes(range(256)) * 1000  # several chunks

    stored = await storage.save("t1/files/abc.bin", data)

    assert stored == "t1/files/abc.bin"
    assert await read(storage, stored) == data
    assert (tmp_path / "media" / "t1" / "files" / "abc.bin").read_bytes() == data


async def test_saving_again_replaces_the_file(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    await storage.save("t1/a.txt", b"first")

    await storage.save("t1/a.txt", b"second")

    assert await read(storage, "t1/a.txt") == b"second"
    assert sorted(p.name for p in (tmp_path / "t1").iterdir()) == ["a.txt"]


async def test_delete_removes_and_tolerates_missing_files(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    await storage.save("t1/a.txt", b"x")

    await storage.delete("t1/a.txt")
    await storage.delete("t1/a.txt")

    assert not await storage.exists("t1/a.txt")


@pytest.mark.parametrize(
    "path",
    [
        "../escape.txt",
        "t1/../../escape.txt",
        "t1/..",
        "./t1/a.txt",
        "/etc/passwd",
        "t1//a.txt",
        "t1/a.txt/",
        "t1\\..\\a.txt",
        "t1/.hidden",
        "t1/a\x00.txt",
        "t1/a b.txt",
        "",
    ],
)
async def test_unsafe_paths_are_refused(tmp_path: Path, path: str) -> None:
    storage = LocalStorage(tmp_path / "media")

    with pytest.raises(UnsafePath):
        await storage.save(path, b"x")
    with pytest.raises(UnsafePath):
        await storage.delete(path)
    with pytest.raises(UnsafePath):
        await storage.exists(path)
    assert not (tmp_path / "escape.txt").exists()


async def test_a_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "media", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (root / "t1").symlink_to(outside)
    storage = LocalStorage(root)

    with pytest.raises(UnsafePath):
        await read(storage, "t1/secret.txt")


def test_tenant_paths_keep_only_a_plain_extension() -> None:
    first = tenant_path(7, "product-files", "../../Report 2025.PDF")
    second = tenant_path(7, "product-files", "archive.tar.gz;rm -rf")

    assert first.startswith("t7/product-files/")
    assert first.endswith(".pdf")
    assert "Report" not in first
    assert second.startswith("t7/product-files/")
    assert "." not in second.rsplit("/", 1)[1]
    assert tenant_path(7, "product-files", "a.pdf") != tenant_path(7, "product-files", "a.pdf")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ('my "best"\r\n song.mp3', "my best song.mp3"),
        ("  .hidden.  ", "hidden"),
        ("노래.mp3", "노래.mp3"),
        ("..", "download"),
        ("", "download"),
    ],
)
def test_safe_filenames(given: str, expected: str) -> None:
    assert safe_filename(given) == expected


def test_long_filenames_keep_their_extension() -> None:
    name = safe_filename("a" * 500 + ".pdf")

    assert len(name) == 200
    assert name.endswith(".pdf")
