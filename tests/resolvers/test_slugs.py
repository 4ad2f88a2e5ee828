from __future__ import annotations

import pytest

from tenantry.core.errors import ValidationFailed
from tenantry.resolvers.slugs import slugify, validate_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hello, World!", "hello-world"),
        ("  Spaces   and_underscores  ", "spaces-and-underscores"),
        ("안녕하세요 블로그", "안녕하세요-블로그"),
        ("東京の夏 2024", "東京の夏-2024"),
        ("नमस्ते दुनिया", "नमस्ते-दुनिया"),
        ("\uff26\uff55\uff4c\uff4c\u3000\uff37ide", "full-wide"),  # full-width forms fold
        ("Café Olé", "café-olé"),
        ("!!!", "post"),
    ],
)
def test_slugify_keeps_letters_of_every_script(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_leaves_room_for_a_suffix() -> None:
    assert len(slugify("a" * 500)) == 190


@pytest.mark.parametrize("slug", ["hello-world", "블로그-1", "abc"])
def test_validate_slug_accepts_lowercase_words_and_hyphens(slug: str) -> None:
    assert validate_slug(slug) == slug


@pytest.mark.parametrize(
    "slug", ["Hello", "two--hyphens", "-lead", "trail-", "sp ace", "a/b", "a_b"]
)
def test_validate_slug_rejects_malformed(slug: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_slug(slug)

    assert caught.value.fields == {
        "slug": ["The slug field must only contain lowercase letters, numbers, and hyphens."]
    }


def test_validate_slug_rejects_reserved() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_slug("tags", reserved=frozenset({"tags"}))

    assert caught.value.fields == {"slug": ["The slug has already been taken."]}
