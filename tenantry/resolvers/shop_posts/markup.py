"""What a post's HTML may hold: an allow-list of tags and attributes, links to http(s) and mail
only. No <script>, <style> or <iframe>, no on* handler attributes, no javascript: or data: URLs.

content is cleaned to that list (a post is rich text: the rest of it is kept); a body_data value
that carries any of it is refused, as the seed's rules for body_data say."""

from __future__ import annotations

import re

import nh3

_cleaner = nh3.Cleaner(
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
)

# Matched against folded text (entities decoded, invisible characters dropped, lowercase):
# a tag that is never allowed, or an attribute named on… inside a tag, however it is spaced.
_ACTIVE = re.compile(
    r"<\s*/?\s*(?:style|iframe|frame|object|embed|svg|math|base|link|meta)|<[^>]*on[a-z]+="
)


def clean_content(text: str) -> str:
    """text reduced to the allow-list; text with no tag at all is kept as written."""
    if "<" not in text:
        return text
    return str(_cleaner.clean(text))


def has_active_markup(folded: str) -> bool:
    return _ACTIVE.search(folded) is not None
