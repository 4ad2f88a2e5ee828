from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from tenantry.core.pagination import PageRequest
from tenantry.db.fulltext import fts5_query, search_posts
from tenantry.models.blog import BlogPost
from tenantry.resolvers import blog
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.blog.support import BlogWriter
from tests.support import make_ctx

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast

FILLER = "Some words about gardens and weather. " * 5


async def search(services: Services, tenant: TenantFixture, terms: str) -> list[str]:
    async with services.db.unit(tenant.id) as uow:
        page = await blog.list_posts(
            uow.session,
            ctx=make_ctx(services, tenant),
            filters=blog.PostFilters(search=terms),
            page=PageRequest(),
        )
    return [post.slug for post in page.items]


async def test_search_ranks_the_best_match_first(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    await writer.post("Passing mention", FILLER + "A falcon flew by.")
    await writer.post("Falcon guide", "The falcon. Falcon habits, falcon food. " + FILLER)
    await writer.post("Unrelated", FILLER)

    # when
    slugs = await search(services, tenant, "falcon")

    # then
    assert slugs == ["falcon-guide", "passing-mention"]


async def test_search_needs_every_word(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    await writer.post("Red apples", "Fresh fruit.")
    await writer.post("Green apples", "Sour fruit.")

    assert await search(services, tenant, "green apples") == ["green-apples"]


async def test_search_finds_korean_words(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("서울 여행", "맛있는 음식과 경복궁 산책")

    assert await search(services, tenant, "경복궁") == ["서울-여행"]


async def test_search_never_returns_another_tenants_post(
    services: Services, factory: Factory
) -> None:
    mine = await factory.tenant()
    theirs = await factory.tenant()
    await BlogWriter(services, theirs).post("Their zeppelin", "zeppelin zeppelin")
    await BlogWriter(services, mine).post("My zeppelin", "zeppelin")

    assert await search(services, mine, "zeppelin") == ["my-zeppelin"]


@pytest.mark.parametrize(
    "terms", ['"foo OR', "foo AND NOT", "NEAR(a b)", "title:foo", "*", "^x", "-", "'); --", '""']
)
async def test_search_syntax_in_user_input_is_plain_text(
    services: Services, factory: Factory, terms: str
) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Foo title", "foo and bar")

    assert await search(services, tenant, terms) in ([], ["foo-title"])


async def test_search_with_quotes_still_matches_the_words(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Foo title", "foo and bar")

    assert await search(services, tenant, '"foo') == ["foo-title"]


async def test_search_of_only_punctuation_finds_nothing(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Foo title", "foo and bar")

    assert await search(services, tenant, "!!! ...") == []


def test_fts5_query_quotes_every_token() -> None:
    assert fts5_query('say "hi" OR  bye*') == '"say" """hi""" "OR" "bye*"'
    assert fts5_query("  ... -- ") is None


async def test_search_uses_the_full_text_index(services: Services) -> None:
    # given
    dialect = services.db.dialect
    query, _ = search_posts(select(BlogPost), dialect=dialect, terms="falcon")
    sql = str(query.compile(services.db.engine, compile_kwargs={"literal_binds": True}))

    # when
    async with services.db.engine.connect() as connection:
        if dialect == "postgresql":
            await connection.execute(text("SET LOCAL enable_seqscan = off"))
            plan = (await connection.execute(text("EXPLAIN " + sql))).scalars().all()
        else:
            rows = await connection.execute(text("EXPLAIN QUERY PLAN " + sql))
            plan = [row[-1] for row in rows]

    # then
    expected = "ix_blog_post_search" if dialect == "postgresql" else "VIRTUAL TABLE INDEX"
    assert any(expected in line for line in plan), plan
