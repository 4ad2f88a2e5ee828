"""The demo tenant behind `make run`: safe to run again, and it prints fresh keys every time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.config import Settings
from tenantry.core.context import Ctx, TenantInfo
from tenantry.db.database import Database
from tenantry.models.blog import BlogCategory, BlogPost, BlogTag
from tenantry.models.tenant import ApiKey, ApiKeyKind, Staff, StaffRole, Tenant
from tenantry.resolvers import blog, tenants

DEMO_SLUG = "demo"
DEMO_NAME = "Demo Site"
# 127.0.0.1 too, so that GraphiQL and the shop routes find the tenant from Host with no header.
DEMO_DOMAINS = ("localhost", "127.0.0.1")
# example.com: the email validator refuses special-use names such as .local and .test.
DEMO_EMAIL = "demo@example.com"
# A development credential printed by every run; seed-demo refuses to run in production.
DEMO_PASSWORD = "demo-password"
KEY_NAME = "demo"
SITE_QUERY = '{"query": "{ site { name currency { code symbol } } }"}'


CATEGORIES = (
    ("guides", "Guides", "Step-by-step introductions."),
    ("engineering", "Engineering", "How tenantry is built."),
    ("news", "News", "Releases and announcements."),
)
TAGS = (
    ("graphql", "GraphQL"),
    ("rest", "REST"),
    ("python", "Python"),
    ("multi-tenancy", "Multi-tenancy"),
    ("release", "Release"),
)


@dataclass(frozen=True)
class SamplePost:
    slug: str
    title: str
    category: str
    tags: tuple[str, ...]
    content: str
    published: bool = True


POSTS = (
    SamplePost(
        "welcome-to-tenantry",
        "Welcome to tenantry",
        "news",
        ("release",),
        "This **demo site** runs on tenantry: one backend serving many sites.\n\n"
        "## What to try\n\n- a blog with categories and tags\n- member sign-up and login\n"
        "- a GraphQL API and REST endpoints\n\nOpen GraphiQL at `/graphql` to look around.",
    ),
    SamplePost(
        "your-first-graphql-query",
        "Your first GraphQL query",
        "guides",
        ("graphql",),
        "Ask for exactly the fields you need:\n\n```graphql\n"
        "{\n  blogPosts(perPage: 3) {\n    items { slug title }\n"
        "    pageInfo { total }\n  }\n}\n```\n\n"
        "Lists are paginated with `page` and `perPage`.",
    ),
    SamplePost(
        "rest-when-you-need-it",
        "REST when you need it",
        "guides",
        ("rest",),
        "Every public read also exists as REST, under `/api/{tenant}`:\n\n"
        "```sh\ncurl http://127.0.0.1:8000/api/demo/blog?per_page=5\n```\n\n"
        "Answers use the `{data, meta}` envelope.",
    ),
    SamplePost(
        "one-database-many-sites",
        "One database, many sites",
        "engineering",
        ("multi-tenancy", "python"),
        "Each row belongs to a tenant. The session adds the tenant condition to **every** "
        "query, so a site can never read another site's rows.\n\n"
        "> Isolation lives below the business logic, not in it.",
    ),
    SamplePost(
        "api-keys-explained",
        "API keys explained",
        "guides",
        ("rest", "graphql"),
        "There are two kinds of keys:\n\n| key | prefix | use |\n| --- | --- | --- |\n"
        "| publishable | `pk_` | browsers and apps |\n| secret | `sk_` | servers only |\n\n"
        "Rotate them with `tenantry key create` and `tenantry key revoke`.",
    ),
    SamplePost(
        "realtime-updates",
        "Realtime updates over WebSockets",
        "engineering",
        ("graphql", "python"),
        "Subscribe to `blogPostPublished` and hear about new posts the moment they go live. "
        "Several server instances share events through PostgreSQL or Redis.",
    ),
    SamplePost(
        "coming-soon",
        "Coming soon: the shop",
        "news",
        ("release",),
        "A draft: visible to staff only, until it is published.",
        published=False,
    ),
)


@dataclass(frozen=True)
class DemoSeed:
    tenant: TenantInfo
    publishable_key: str
    secret_key: str
    staff_email: str
    staff_password: str
    posts_created: int


async def seed_demo(db: Database, settings: Settings) -> DemoSeed:
    """Ensures the demo tenant exists, then fills it in its own tenant-scoped unit of work."""
    async with db.unit(None) as uow:
        tenant = await _ensure_tenant(uow.session)
        await uow.commit()
    info = TenantInfo.from_model(tenant)
    async with db.unit(info.id) as uow:
        owner_id = await _ensure_owner(uow.session, tenant_id=info.id)
        owner = Principal(kind=PrincipalKind.STAFF, staff_id=owner_id, staff_role=StaffRole.OWNER)
        ctx = Ctx(tenant=info, settings=settings, principal=owner)
        posts = await _ensure_blog(uow.session, ctx=ctx)
        publishable, secret = await _rotate_keys(uow.session, tenant_id=info.id)
        await uow.commit()
    return DemoSeed(
        tenant=info,
        publishable_key=publishable,
        secret_key=secret,
        staff_email=DEMO_EMAIL,
        staff_password=DEMO_PASSWORD,
        posts_created=posts,
    )


async def _ensure_tenant(session: AsyncSession) -> Tenant:
    tenant = await session.scalar(select(Tenant).where(col(Tenant.slug) == DEMO_SLUG))
    if tenant is not None:
        return tenant
    return await tenants.create_tenant(
        session,
        data=tenants.TenantIn(
            slug=DEMO_SLUG,
            name=DEMO_NAME,
            domains=DEMO_DOMAINS,
            currency="USD",
            description="Sample content for trying tenantry locally.",
        ),
    )


async def _ensure_owner(session: AsyncSession, *, tenant_id: int) -> int:
    existing = await session.scalar(select(Staff).where(col(Staff.email) == DEMO_EMAIL))
    if existing is not None and existing.id is not None:
        return existing.id
    staff = await tenants.create_staff(
        session,
        tenant_id=tenant_id,
        email=DEMO_EMAIL,
        password=DEMO_PASSWORD,
        name="Demo Owner",
        role=StaffRole.OWNER,
    )
    return _pk(staff.id)


async def _ensure_blog(session: AsyncSession, *, ctx: Ctx) -> int:
    """Creates whatever sample content is missing, by slug; returns the number of new posts."""
    categories: dict[str, int] = {}
    for slug, name, description in CATEGORIES:
        found = await session.scalar(select(BlogCategory).where(col(BlogCategory.slug) == slug))
        if found is None:
            data = blog.CategoryIn(slug=slug, name=name, description=description)
            found = await blog.create_category(session, ctx=ctx, data=data)
        categories[slug] = _pk(found.id)
    tags: dict[str, int] = {}
    for slug, name in TAGS:
        tag = await session.scalar(select(BlogTag).where(col(BlogTag.slug) == slug))
        if tag is None:
            tag = await blog.create_tag(session, ctx=ctx, data=blog.TagIn(slug=slug, name=name))
        tags[slug] = _pk(tag.id)
    created = 0
    now = ctx.now()
    for age_days, sample in enumerate(POSTS):
        if await session.scalar(select(BlogPost.id).where(col(BlogPost.slug) == sample.slug)):
            continue
        post = await blog.create_post(
            session,
            ctx=ctx,
            data=blog.PostIn(
                slug=sample.slug,
                title=sample.title,
                content=sample.content,
                category_id=categories[sample.category],
                tag_ids=[tags[t] for t in sample.tags],
            ),
        )
        if sample.published:
            published_at = now - timedelta(days=age_days + 1)
            await blog.publish_post(
                session, ctx=ctx, post_id=_pk(post.id), published_at=published_at
            )
        created += 1
    return created


async def _rotate_keys(session: AsyncSession, *, tenant_id: int) -> tuple[str, str]:
    """Keys are shown only once, so each run revokes the previous demo pair and prints a new one."""
    previous = await session.scalars(
        select(ApiKey).where(col(ApiKey.name) == KEY_NAME, col(ApiKey.revoked_at).is_(None))
    )
    for key in previous:
        await tenants.revoke_api_key(session, tenant_id=tenant_id, key_id=_pk(key.id))
    _, publishable = await tenants.create_api_key(
        session, tenant_id=tenant_id, kind=ApiKeyKind.PUBLISHABLE, name=KEY_NAME
    )
    _, secret = await tenants.create_api_key(
        session, tenant_id=tenant_id, kind=ApiKeyKind.SECRET, name=KEY_NAME
    )
    return publishable, secret


def _pk(value: int | None) -> int:
    assert value is not None
    return value


def describe(seed: DemoSeed, settings: Settings) -> str:
    base = settings.public_url.rstrip("/")
    slug = seed.tenant.slug
    created = f"{seed.posts_created} new" if seed.posts_created else "existing"
    return "\n".join(
        [
            f"Demo tenant '{slug}' ({seed.tenant.name}) is ready, with {created} blog posts.",
            "",
            f"  GraphiQL         {base}/graphql",
            f"  REST base        {base}/api/{slug}",
            f"  publishable key  {seed.publishable_key}",
            f"  secret key       {seed.secret_key}",
            f"  staff login      {seed.staff_email} / {seed.staff_password}",
            "",
            "The keys above replace those of any earlier seed-demo run. Try:",
            f"  curl -s '{base}/api/{slug}/blog?per_page=3'",
            f"  curl -s {base}/graphql -H 'Content-Type: application/json' \\",
            f"       -d '{SITE_QUERY}'",
        ]
    )
