"""What a subscription grants, through the REST routes: each paid invoice grants the product's
download links and opens its courses; the end (or a pause) takes them back; a new subscription
reopens the course with its progress. Trials grant, and reach Stripe."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
import pytest
from sqlmodel import col, select

from tenantry.models.catalog import Product, ProductFile
from tenantry.models.download import DownloadGrant
from tenantry.models.subscriptions import SubscriptionPlan
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.courses.support import CourseWriter
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import stripe_object, stripe_shop
from tests.resolvers.subscriptions.support import (
    deliver,
    plan,
    stripe_reports,
    subscribe_with_card,
    subscribers,
    subscription_event,
)
from tests.support import add, graphql

pytestmark = pytest.mark.usefixtures("app")

ACCESS = "query($product: ID!) { hasProductAccess(productId: $product) }"
ENDED = {
    "message": "Your access to this course ended with your subscription.",
    "code": "access_ended",
}
NEEDS_SUBSCRIPTION = {
    "message": "This course requires an active subscription.",
    "code": "subscription_required",
}


async def grants_of(
    services: Services, tenant: TenantFixture, member_id: int
) -> list[DownloadGrant]:
    async with services.db.unit(tenant.id) as uow:
        query = select(DownloadGrant).where(col(DownloadGrant.member_id) == member_id)
        return list(await uow.session.scalars(query.order_by(col(DownloadGrant.id))))


async def sold_as(services: Services, tenant: TenantFixture, sold: SubscriptionPlan) -> Product:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.get(Product, sold.product_id)
    assert found is not None
    return found


async def test_a_paid_invoice_grants_files_and_courses_and_the_end_takes_them_back(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a plan whose product has a file and is sold as a course of two lessons
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    [who] = await subscribers(stripe_services, tenant)
    assert monthly.id is not None
    magazine = await sold_as(stripe_services, tenant, monthly)
    await add(
        stripe_services,
        tenant,
        ProductFile(product_id=magazine.id, filename="issue.pdf", storage_path="i.pdf"),
    )
    writer = CourseWriter(stripe_services, tenant)
    course = await writer.course("Members only", product=magazine)
    first, _ = await writer.lessons(course, 2)
    base = f"/api/{tenant.slug}"
    # when: the member tries the course before subscribing
    early = await stripe_http.post(f"{base}/courses/{course.slug}/enroll", headers=who.headers)
    # then: a subscription is needed
    assert (early.status_code, early.json()) == (403, NEEDS_SUBSCRIPTION)
    # when: they subscribe and Stripe reports the paid invoice
    sub = await subscribe_with_card(stripe_http, stripe_emulator, tenant, who, monthly.id)
    paid = await subscription_event(
        stripe_emulator,
        "invoice.paid",
        str(sub["stripe_subscription_id"]),
        created=int(time.time()),
    )
    assert (await deliver(stripe_http, tenant, paid)).status_code == 200
    # then: the file's download link is theirs, and so is the course
    [grant] = await grants_of(stripe_services, tenant, who.member_id)
    assert grant.expires_at is None or grant.expires_at > datetime.now(UTC)
    mine = await stripe_http.get(f"{base}/my/courses", headers=who.headers)
    assert [item["course"]["id"] for item in mine.json()["data"]] == [course.id]
    done = await stripe_http.post(
        f"{base}/my/courses/{course.slug}/lessons/{first.id}/complete", headers=who.headers
    )
    assert done.status_code == 200, done.text
    # when: the subscription is cancelled now
    ended = await stripe_http.post(
        f"{base}/subscriptions/{sub['id']}/cancel",
        json={"at_period_end": False},
        headers=who.headers,
    )
    assert ended.json()["data"]["status"] == "canceled"
    # then: the link has expired, the course is closed and cannot be entered again
    [expired] = await grants_of(stripe_services, tenant, who.member_id)
    assert expired.expires_at is not None
    assert expired.expires_at <= datetime.now(UTC)
    mine = await stripe_http.get(f"{base}/my/courses", headers=who.headers)
    assert mine.json()["data"] == []
    lesson = await stripe_http.get(
        f"{base}/my/courses/{course.slug}/lessons/{first.id}", headers=who.headers
    )
    assert (lesson.status_code, lesson.json()) == (403, ENDED)
    again = await stripe_http.post(f"{base}/courses/{course.slug}/enroll", headers=who.headers)
    assert (again.status_code, again.json()) == (403, NEEDS_SUBSCRIPTION)
    # when: they subscribe again
    await subscribe_with_card(stripe_http, stripe_emulator, tenant, who, monthly.id)
    # then: the course is open again, with the lesson they had completed
    shown = await stripe_http.get(f"{base}/my/courses/{course.slug}", headers=who.headers)
    assert shown.status_code == 200, shown.text
    assert shown.json()["data"]["completed_lessons"] == 1


async def test_a_pause_closes_the_course_and_resuming_reopens_it(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: an active subscription whose product is sold as a course
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    [who] = await subscribers(stripe_services, tenant)
    assert monthly.id is not None
    course = await CourseWriter(stripe_services, tenant).course(
        "Weekly", product=await sold_as(stripe_services, tenant, monthly)
    )
    sub = await subscribe_with_card(stripe_http, stripe_emulator, tenant, who, monthly.id)
    base = f"/api/{tenant.slug}"
    opened = await stripe_http.get(f"{base}/my/courses/{course.slug}", headers=who.headers)
    # when
    paused = await stripe_http.post(f"{base}/subscriptions/{sub['id']}/pause", headers=who.headers)
    closed = await stripe_http.get(f"{base}/my/courses/{course.slug}", headers=who.headers)
    resumed = await stripe_http.post(
        f"{base}/subscriptions/{sub['id']}/resume", headers=who.headers
    )
    reopened = await stripe_http.get(f"{base}/my/courses/{course.slug}", headers=who.headers)
    # then
    assert opened.status_code == 200, opened.text
    assert paused.json()["data"]["status"] == "paused"
    assert (closed.status_code, closed.json()) == (403, ENDED)
    assert resumed.json()["data"]["status"] == "active"
    assert reopened.status_code == 200, reopened.text


async def test_a_trial_reaches_stripe_and_grants_while_it_lasts(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a plan with a 14-day trial
    tenant = await stripe_shop(stripe_services, factory)
    trial = await plan(stripe_services, tenant, trial_days=14)
    [who] = await subscribers(stripe_services, tenant)
    assert trial.id is not None
    product = {"product": str(trial.product_id)}
    # when: the member subscribes and Stripe reports the trial
    sub = await subscribe_with_card(stripe_http, stripe_emulator, tenant, who, trial.id)
    stripe_id = str(sub["stripe_subscription_id"])
    in_stripe = await stripe_object(stripe_emulator, f"/v1/subscriptions/{stripe_id}")
    now = int(time.time())
    await stripe_reports(stripe_emulator, stripe_id, status="trialing", trial_end=now + 14 * 86400)
    updated = await subscription_event(
        stripe_emulator, "customer.subscription.updated", stripe_id, created=now
    )
    assert (await deliver(stripe_http, tenant, updated)).status_code == 200
    trialing = await stripe_http.get(
        f"/api/{tenant.slug}/subscriptions/{sub['id']}", headers=who.headers
    )
    access = await graphql(stripe_http, ACCESS, product, tenant=tenant.slug, bearer=who.token)
    # when: the trial ends unpaid and Stripe cancels it
    await stripe_reports(stripe_emulator, stripe_id, status="canceled", ended_at=now + 14 * 86400)
    gone = await subscription_event(
        stripe_emulator, "customer.subscription.deleted", stripe_id, created=now + 14 * 86400
    )
    assert (await deliver(stripe_http, tenant, gone)).status_code == 200
    after = await graphql(stripe_http, ACCESS, product, tenant=tenant.slug, bearer=who.token)
    # then
    assert in_stripe["trial_period_days"] == 14
    assert trialing.json()["data"]["status"] == "trialing"
    assert access["data"] == {"hasProductAccess": True}
    assert after["data"] == {"hasProductAccess": False}
