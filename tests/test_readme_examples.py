"""The README's curl examples work as pasted from the repository root: every file they upload
ships in docs/examples/, and the server takes each one."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.schema.media.support import uploaded
from tests.support import member_headers

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
EXAMPLES = ROOT / "docs" / "examples"
# curl reads a file for `-F name=@path` (or `=<path`), `-d/--data…/--json @path` and `-T path`.
FILE_ARGUMENT = re.compile(
    r"""(?:=[@<]|(?:-d|--data(?:-binary|-raw|-urlencode)?|--json)\s+['"]?@"""
    r"""|(?:-T|--upload-file)\s+['"]?)([^\s'";,]+)"""
)


def referenced_files(readme: str) -> list[str]:
    return [
        found
        for line in readme.splitlines()
        if line.lstrip().startswith("curl ")
        for found in FILE_ARGUMENT.findall(line)
    ]


def test_the_pattern_finds_what_curl_would_read() -> None:
    lines = "\n".join(
        [
            "curl -s $API/media -F file=@docs/examples/photo.png -F folder=avatars",
            "curl -s $API/x --data-binary @docs/examples/a.json -T docs/examples/b.txt",
            """curl -s "$API/customers?email=grace@example.com" -d '{"email": "a@b.c"}'""",
        ]
    )
    assert referenced_files(lines) == [
        "docs/examples/photo.png",
        "docs/examples/a.json",
        "docs/examples/b.txt",
    ]


def test_every_file_a_readme_curl_example_reads_ships_in_docs_examples() -> None:
    found = referenced_files(README.read_text())
    assert found, "the README has upload examples; the pattern no longer finds them"
    for name in found:
        path = ROOT / name
        assert path.is_file(), f"README example reads {name}, which does not exist"
        assert path.parent == EXAMPLES, f"{name}: example files live in docs/examples/"
        assert path.stat().st_size <= 8 * 1024, f"{name}: keep example files small"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir()))
async def test_each_example_file_uploads(
    name: str, client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    _, headers = await member_headers(services, tenant)
    path = EXAMPLES / name
    content_type = mimetypes.guess_type(name)[0]
    assert content_type is not None
    # when
    data = await uploaded(
        client,
        tenant,
        headers,
        content=path.read_bytes(),
        filename=name,
        content_type=content_type,
        folder="examples",
    )
    # then
    assert (data["content_type"], data["size"]) == (content_type, path.stat().st_size)
