from __future__ import annotations

from tenantry.resolvers.markdown import make_excerpt, plain_text, render_markdown


def test_markdown_renders_commonmark_tables_and_strikethrough() -> None:
    html = render_markdown("# Title\n\n| a | b |\n|---|---|\n| 1 | ~~2~~ |\n")

    assert html.startswith("<h1>Title</h1>")
    assert "<table>" in html
    assert "<td><s>2</s></td>" in html


def test_script_tags_and_their_content_are_removed() -> None:
    html = render_markdown("Hello <script>alert('x')</script> world\n\n<script>steal()</script>")

    assert "<script" not in html
    assert "alert" not in html
    assert "steal" not in html
    assert "Hello" in html


def test_javascript_links_lose_their_href() -> None:
    html = render_markdown(
        '[md](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">raw</a> '
        '<a href="https://ok.example/">fine</a>'
    )

    assert 'href="javascript' not in html.lower()
    assert '<p>[md](javascript:alert(1)) <a rel="noopener noreferrer nofollow">raw</a>' in html
    assert '<a href="https://ok.example/" rel="noopener noreferrer nofollow">fine</a>' in html


def test_event_handler_attributes_are_removed() -> None:
    html = render_markdown('<img src="https://x.example/a.png" onerror="alert(1)" alt="a">')

    assert "onerror" not in html
    assert '<img src="https://x.example/a.png" alt="a">' in html


def test_images_and_links_are_kept_with_safe_rel() -> None:
    html = render_markdown('![cat](https://img.example/cat.png "A cat") and [site](/about)')

    assert '<img src="https://img.example/cat.png" alt="cat" title="A cat">' in html
    assert '<a href="/about" rel="noopener noreferrer nofollow">site</a>' in html


def test_code_blocks_keep_only_language_classes() -> None:
    html = render_markdown('```python\nprint(1)\n```\n\n<code class="x onclick">y</code>')

    assert '<code class="language-python">' in html
    assert "<code>y</code>" in html


def test_plain_text_drops_markup_and_unescapes_entities() -> None:
    assert plain_text(render_markdown("**Fish** & *chips*\n\nNext")) == "Fish & chips Next"


def test_excerpt_is_the_whole_text_when_short() -> None:
    assert make_excerpt(render_markdown("A short post.")) == "A short post."


def test_excerpt_is_cut_near_200_characters_at_a_word() -> None:
    text = " ".join(["word"] * 100)

    excerpt = make_excerpt(render_markdown(text))

    assert len(excerpt) <= 201
    assert excerpt.endswith("word…")
