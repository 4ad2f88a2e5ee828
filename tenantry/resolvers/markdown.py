"""Markdown to safe HTML, and the plain-text excerpt shown in listings."""

from __future__ import annotations

import html
import re
from copy import deepcopy

import nh3
from markdown_it import MarkdownIt

EXCERPT_LENGTH = 200

# Raw HTML inside Markdown is allowed through the parser and then sanitized, so authors can
# embed harmless markup while scripts, event handlers and javascript: URLs never survive.
_markdown = MarkdownIt("commonmark").enable(["table", "strikethrough"])

_LANGUAGE_CLASS = re.compile(r"language-[\w+#.-]{1,40}")


def _attributes() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = deepcopy(nh3.ALLOWED_ATTRIBUTES)
    allowed["a"] = allowed.get("a", set()) | {"title"}
    allowed["img"] = allowed.get("img", set()) | {"title"}
    allowed["code"] = {"class"}
    for cell in ("th", "td"):
        allowed[cell] = allowed.get(cell, set()) | {"style"}
    return allowed


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "code" and attribute == "class":
        return value if _LANGUAGE_CLASS.fullmatch(value) else None
    return value


_cleaner = nh3.Cleaner(
    attributes=_attributes(),
    attribute_filter=_keep_attribute,
    link_rel="noopener noreferrer nofollow",
    url_schemes={"http", "https", "mailto"},
    filter_style_properties={"text-align"},
)
_text_only = nh3.Cleaner(tags=set())


def render_markdown(source: str) -> str:
    return str(_cleaner.clean(_markdown.render(source))).strip()


def plain_text(rendered_html: str) -> str:
    text = html.unescape(_text_only.clean(rendered_html))
    return " ".join(text.split())


def make_excerpt(rendered_html: str, limit: int = EXCERPT_LENGTH) -> str:
    text = plain_text(rendered_html)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"
