"""A post's content keeps its rich text and loses what runs: scripts, styles, frames, on*
handlers, javascript: and data: URLs; a body_data value carrying any of it is refused."""

from __future__ import annotations

import pytest

from tenantry.resolvers.shop_posts import PostIn, PostUpdate, body_data_errors
from tenantry.resolvers.shop_posts.markup import clean_content

ACTIVE = "Body data value for 'v' contains forbidden content (event handlers, style or frame tags)"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
        ("<p onclick=alert(1) style='color:red'>Hi</p>", "<p>Hi</p>"),
        ("<svg onload=alert(1)><circle></circle></svg>ok", "ok"),
        ("<script>alert(1)</script>text", "text"),
        ("<style>body{display:none}</style>text", "text"),
        ('<iframe src="https://evil.example"></iframe>text', "text"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<a href="data:text/html,x">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        (
            '<h2>Title</h2><ul><li><a href="https://shop.example/p">link</a></li></ul>',
            '<h2>Title</h2><ul><li><a href="https://shop.example/p" '
            'rel="noopener noreferrer nofollow">link</a></li></ul>',
        ),
    ],
)
def test_content_is_cleaned_to_the_allow_list(given: str, kept: str) -> None:
    assert clean_content(given) == kept


def test_content_without_a_tag_is_kept_as_written() -> None:
    assert clean_content("Fish & Chips, 3 > 2, onion=1") == "Fish & Chips, 3 > 2, onion=1"


def test_both_inputs_clean_content() -> None:
    created = PostIn.model_validate({"title": "T", "content": "<b onmouseover=x>Hi</b>"})
    updated = PostUpdate.model_validate({"content": "<b onmouseover=x>Hi</b>"})
    assert created.content == updated.content == "<b>Hi</b>"


@pytest.mark.parametrize(
    "value",
    [
        "<img src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<img/src=x/OnError=alert(1)>",
        "<div\tonmouseover\n=alert(1)>",
        "&lt;img src=x onerror=alert(1)&gt;",
        "<style>*{}</style>",
        "<iframe src=//x>",
        "<svg><circle/></svg>",
    ],
)
def test_a_body_data_value_with_active_markup_is_refused(value: str) -> None:
    assert body_data_errors({"v": value}) == [ACTIVE]


@pytest.mark.parametrize("value", ["onion=3", "a < b and c > d", "<b>bold</b>", "Call on=me"])
def test_a_body_data_value_without_it_passes(value: str) -> None:
    assert body_data_errors({"v": value}) == []
