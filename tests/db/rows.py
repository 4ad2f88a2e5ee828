"""One row of every tenant-owned model, for tests that must cover them all."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from tenantry.models.agents import AgentConfig, AgentExecution, FaqEntry
from tenantry.models.blog import BlogCategory, BlogPost, BlogPostTag, BlogTag
from tenantry.models.cart import Cart, CartItem
from tenantry.models.catalog import (
    BundleItem,
    Product,
    ProductCategory,
    ProductFile,
    ProductImage,
    ProductVariant,
    RelatedProduct,
)
from tenantry.models.chat import ChatMessage, Conversation, OperatorPresence, SenderType
from tenantry.models.community import Board, BoardPost, Comment, CommentLike, CommentTarget
from tenantry.models.coupon import Coupon, CouponAssignment, CouponRedemption
from tenantry.models.courses import Course, Enrollment, Lesson, LessonProgress
from tenantry.models.download import DownloadGrant
from tenantry.models.entities import Entity, EntityRecord
from tenantry.models.event import DomainEvent, IdempotencyRecord
from tenantry.models.forms import Form, FormSubmission
from tenantry.models.mail import MailOutbox
from tenantry.models.media import Media
from tenantry.models.member import Member, PasswordReset, RefreshToken, RevokedAccessToken
from tenantry.models.order import Customer, Order, OrderItem, OrderStatusChange
from tenantry.models.payments import (
    Payment,
    PaymentProvider,
    Processor,
    ProviderEvent,
    ProviderKind,
    Refund,
)
from tenantry.models.reviews import Review, ReviewHelpfulVote
from tenantry.models.shop_posts import Feedback, LandingPage, ShopPost
from tenantry.models.social import SocialIdentity, SocialProvider, SocialState
from tenantry.models.subscriptions import StripeCustomer, Subscription, SubscriptionPlan
from tenantry.models.tenant import ApiKey, ApiKeyKind, Staff, TenantDomain
from tenantry.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tenantry.models.wishlist import WishlistItem
from tests.db.reservation_rows import RESERVATION_FACTORIES

M = TypeVar("M", bound=SQLModel)
RowFactory = Callable[[AsyncSession, int], Awaitable[SQLModel]]
LATER = datetime.now(UTC) + timedelta(days=1)


def _token() -> str:
    return secrets.token_hex(8)


async def _add(session: AsyncSession, row: M) -> M:
    session.add(row)
    await session.flush()
    return row


async def _member(session: AsyncSession, tenant_id: int) -> Member:
    return await _add(
        session, Member(tenant_id=tenant_id, email=f"{_token()}@example.com", password_hash="x")
    )


async def _staff(session: AsyncSession, tenant_id: int) -> Staff:
    return await _add(
        session, Staff(tenant_id=tenant_id, email=f"{_token()}@example.com", password_hash="x")
    )


async def _post(session: AsyncSession, tenant_id: int) -> BlogPost:
    return await _add(session, BlogPost(tenant_id=tenant_id, slug=_token(), title="Title"))


async def _tag(session: AsyncSession, tenant_id: int) -> BlogTag:
    return await _add(session, BlogTag(tenant_id=tenant_id, slug=_token(), name="Tag"))


async def _post_tag(session: AsyncSession, tenant_id: int) -> SQLModel:
    post = await _post(session, tenant_id)
    tag = await _tag(session, tenant_id)
    assert post.id is not None
    assert tag.id is not None
    return await _add(session, BlogPostTag(tenant_id=tenant_id, post_id=post.id, tag_id=tag.id))


async def _password_reset(session: AsyncSession, tenant_id: int) -> SQLModel:
    member = await _member(session, tenant_id)
    assert member.id is not None
    row = PasswordReset(
        tenant_id=tenant_id, member_id=member.id, token_hash=_token(), expires_at=LATER
    )
    return await _add(session, row)


async def _social_identity(session: AsyncSession, tenant_id: int) -> SocialIdentity:
    member = await _member(session, tenant_id)
    assert member.id is not None
    return await _add(
        session,
        SocialIdentity(
            tenant_id=tenant_id, member_id=member.id, provider="google", subject=_token()
        ),
    )


async def _product(session: AsyncSession, tenant_id: int) -> Product:
    return await _add(
        session, Product(tenant_id=tenant_id, slug=_token(), name="P", price=100, currency="USD")
    )


async def _child_of_product(
    session: AsyncSession, tenant_id: int, build: type[SQLModel]
) -> SQLModel:
    product = await _product(session, tenant_id)
    assert product.id is not None
    if build is ProductVariant:
        return await _add(session, ProductVariant(tenant_id=tenant_id, product_id=product.id))
    if build is ProductImage:
        row = ProductImage(tenant_id=tenant_id, product_id=product.id, url="https://x.test/a.png")
        return await _add(session, row)
    if build is ProductFile:
        row = ProductFile(
            tenant_id=tenant_id, product_id=product.id, filename="a.pdf", storage_path="a.pdf"
        )
        return await _add(session, row)
    if build is BundleItem:
        part = await _product(session, tenant_id)
        assert part.id is not None
        return await _add(
            session, BundleItem(tenant_id=tenant_id, bundle_id=product.id, product_id=part.id)
        )
    if build is RelatedProduct:
        other = await _product(session, tenant_id)
        assert other.id is not None
        row = RelatedProduct(tenant_id=tenant_id, product_id=product.id, related_id=other.id)
        return await _add(session, row)
    raise AssertionError(build)


async def _cart(session: AsyncSession, tenant_id: int) -> Cart:
    return await _add(session, Cart(tenant_id=tenant_id, token=_token()))


async def _cart_item(session: AsyncSession, tenant_id: int) -> SQLModel:
    cart = await _cart(session, tenant_id)
    product = await _product(session, tenant_id)
    assert cart.id is not None
    assert product.id is not None
    row = CartItem(tenant_id=tenant_id, cart_id=cart.id, product_id=product.id)
    return await _add(session, row)


async def _customer(session: AsyncSession, tenant_id: int) -> Customer:
    return await _add(session, Customer(tenant_id=tenant_id, email=f"{_token()}@example.com"))


async def _order(session: AsyncSession, tenant_id: int) -> Order:
    return await _add(session, Order(tenant_id=tenant_id, number=f"ORD-{_token()}", currency="USD"))


async def _order_item(session: AsyncSession, tenant_id: int) -> OrderItem:
    order = await _order(session, tenant_id)
    assert order.id is not None
    row = OrderItem(
        tenant_id=tenant_id, order_id=order.id, name="P", unit_price=1, quantity=1, total=1
    )
    await _add(session, row)
    return row


async def _payment(session: AsyncSession, tenant_id: int) -> Payment:
    order = await _order(session, tenant_id)
    assert order.id is not None
    row = Payment(
        tenant_id=tenant_id,
        order_id=order.id,
        processor=Processor.TEST_CARD,
        amount=100,
        currency="USD",
    )
    return await _add(session, row)


async def _refund(session: AsyncSession, tenant_id: int) -> Refund:
    payment = await _payment(session, tenant_id)
    assert payment.id is not None
    row = Refund(
        tenant_id=tenant_id,
        payment_id=payment.id,
        order_id=payment.order_id,
        processor=Processor.TEST_CARD,
        amount=1,
        currency="USD",
    )
    return await _add(session, row)


async def _plan(session: AsyncSession, tenant_id: int) -> SubscriptionPlan:
    product = await _product(session, tenant_id)
    assert product.id is not None
    row = SubscriptionPlan(
        tenant_id=tenant_id, product_id=product.id, name="P", amount=100, currency="USD"
    )
    return await _add(session, row)


async def _subscription(session: AsyncSession, tenant_id: int) -> Subscription:
    plan = await _plan(session, tenant_id)
    member = await _member(session, tenant_id)
    assert plan.id is not None
    assert member.id is not None
    return await _add(
        session, Subscription(tenant_id=tenant_id, plan_id=plan.id, member_id=member.id)
    )


async def _stripe_customer(session: AsyncSession, tenant_id: int) -> StripeCustomer:
    member = await _member(session, tenant_id)
    assert member.id is not None
    row = StripeCustomer(tenant_id=tenant_id, member_id=member.id, stripe_customer_id=_token())
    return await _add(session, row)


async def _endpoint(session: AsyncSession, tenant_id: int) -> WebhookEndpoint:
    row = WebhookEndpoint(tenant_id=tenant_id, url="https://example.com/hook", secret="x")
    return await _add(session, row)


async def _delivery(session: AsyncSession, tenant_id: int) -> WebhookDelivery:
    endpoint = await _endpoint(session, tenant_id)
    event = DomainEvent(tenant_id=tenant_id, type="order.created", object_type="order", object_id=1)
    await _add(session, event)
    assert endpoint.id is not None
    assert event.id is not None
    row = WebhookDelivery(tenant_id=tenant_id, endpoint_id=endpoint.id, event_id=event.id)
    return await _add(session, row)


async def _attempt(session: AsyncSession, tenant_id: int) -> WebhookAttempt:
    delivery = await _delivery(session, tenant_id)
    assert delivery.id is not None
    return await _add(session, WebhookAttempt(tenant_id=tenant_id, delivery_id=delivery.id))


async def _status_change(session: AsyncSession, tenant_id: int) -> SQLModel:
    order = await _order(session, tenant_id)
    assert order.id is not None
    row = OrderStatusChange(tenant_id=tenant_id, order_id=order.id, to_status="pending")
    return await _add(session, row)


async def _coupon(session: AsyncSession, tenant_id: int) -> Coupon:
    return await _add(session, Coupon(tenant_id=tenant_id, code=_token(), value=10))


async def _coupon_assignment(session: AsyncSession, tenant_id: int) -> SQLModel:
    coupon = await _coupon(session, tenant_id)
    member = await _member(session, tenant_id)
    assert coupon.id is not None
    assert member.id is not None
    row = CouponAssignment(tenant_id=tenant_id, coupon_id=coupon.id, member_id=member.id)
    return await _add(session, row)


async def _coupon_redemption(session: AsyncSession, tenant_id: int) -> SQLModel:
    coupon = await _coupon(session, tenant_id)
    order = await _order(session, tenant_id)
    assert coupon.id is not None
    assert order.id is not None
    row = CouponRedemption(tenant_id=tenant_id, coupon_id=coupon.id, order_id=order.id)
    return await _add(session, row)


async def _wishlist_item(session: AsyncSession, tenant_id: int) -> SQLModel:
    member = await _member(session, tenant_id)
    product = await _product(session, tenant_id)
    assert member.id is not None
    assert product.id is not None
    row = WishlistItem(tenant_id=tenant_id, member_id=member.id, product_id=product.id)
    return await _add(session, row)


async def _review(session: AsyncSession, tenant_id: int) -> Review:
    member = await _member(session, tenant_id)
    product = await _product(session, tenant_id)
    assert member.id is not None
    assert product.id is not None
    return await _add(
        session, Review(tenant_id=tenant_id, member_id=member.id, product_id=product.id, rating=5)
    )


async def _helpful_vote(session: AsyncSession, tenant_id: int) -> SQLModel:
    review = await _review(session, tenant_id)
    member = await _member(session, tenant_id)
    assert review.id is not None
    assert member.id is not None
    row = ReviewHelpfulVote(tenant_id=tenant_id, review_id=review.id, member_id=member.id)
    return await _add(session, row)


async def _download_grant(session: AsyncSession, tenant_id: int) -> SQLModel:
    item = await _order_item(session, tenant_id)
    file = await _child_of_product(session, tenant_id, ProductFile)
    assert item.id is not None
    row = DownloadGrant(
        tenant_id=tenant_id,
        order_id=item.order_id,
        order_item_id=item.id,
        product_file_id=file.id,  # type: ignore[attr-defined]
        token_hash=_token(),
    )
    return await _add(session, row)


async def _board(session: AsyncSession, tenant_id: int) -> Board:
    return await _add(session, Board(tenant_id=tenant_id, slug=_token(), name="Board"))


async def _board_post(session: AsyncSession, tenant_id: int) -> BoardPost:
    board = await _board(session, tenant_id)
    assert board.id is not None
    return await _add(session, BoardPost(tenant_id=tenant_id, board_id=board.id, title="Hello"))


async def _comment(session: AsyncSession, tenant_id: int) -> Comment:
    row = Comment(
        tenant_id=tenant_id, target_type=CommentTarget.PAGE, page_slug="guestbook", content="Hi"
    )
    await _add(session, row)
    return row


async def _comment_like(session: AsyncSession, tenant_id: int) -> SQLModel:
    comment = await _comment(session, tenant_id)
    member = await _member(session, tenant_id)
    assert comment.id is not None
    assert member.id is not None
    return await _add(
        session, CommentLike(tenant_id=tenant_id, comment_id=comment.id, member_id=member.id)
    )


async def _form(session: AsyncSession, tenant_id: int) -> Form:
    return await _add(session, Form(tenant_id=tenant_id, slug=_token(), name="Contact"))


async def _form_submission(session: AsyncSession, tenant_id: int) -> SQLModel:
    form = await _form(session, tenant_id)
    assert form.id is not None
    return await _add(session, FormSubmission(tenant_id=tenant_id, form_id=form.id))


async def _entity(session: AsyncSession, tenant_id: int) -> Entity:
    return await _add(session, Entity(tenant_id=tenant_id, slug=_token(), name="Things"))


async def _entity_record(session: AsyncSession, tenant_id: int) -> SQLModel:
    entity = await _entity(session, tenant_id)
    assert entity.id is not None
    return await _add(session, EntityRecord(tenant_id=tenant_id, entity_id=entity.id))


async def _course(session: AsyncSession, tenant_id: int) -> Course:
    return await _add(session, Course(tenant_id=tenant_id, slug=_token(), title="Course"))


async def _lesson(session: AsyncSession, tenant_id: int) -> Lesson:
    course = await _course(session, tenant_id)
    assert course.id is not None
    return await _add(session, Lesson(tenant_id=tenant_id, course_id=course.id, title="Lesson"))


async def _enrollment(session: AsyncSession, tenant_id: int) -> Enrollment:
    course = await _course(session, tenant_id)
    member = await _member(session, tenant_id)
    assert course.id is not None
    assert member.id is not None
    return await _add(
        session, Enrollment(tenant_id=tenant_id, course_id=course.id, member_id=member.id)
    )


async def _lesson_progress(session: AsyncSession, tenant_id: int) -> SQLModel:
    enrollment = await _enrollment(session, tenant_id)
    lesson = await _lesson(session, tenant_id)
    assert enrollment.id is not None
    assert lesson.id is not None
    row = LessonProgress(tenant_id=tenant_id, enrollment_id=enrollment.id, lesson_id=lesson.id)
    return await _add(session, row)


async def _conversation(session: AsyncSession, tenant_id: int) -> Conversation:
    return await _add(session, Conversation(tenant_id=tenant_id, visitor_id=_token()))


async def _chat_message(session: AsyncSession, tenant_id: int) -> SQLModel:
    conversation = await _conversation(session, tenant_id)
    assert conversation.id is not None
    row = ChatMessage(
        tenant_id=tenant_id,
        conversation_id=conversation.id,
        sender_type=SenderType.VISITOR,
        body="Hi",
    )
    return await _add(session, row)


async def _presence(session: AsyncSession, tenant_id: int) -> SQLModel:
    staff = await _staff(session, tenant_id)
    assert staff.id is not None
    return await _add(session, OperatorPresence(tenant_id=tenant_id, staff_id=staff.id))


def _of_product(build: type[SQLModel]) -> RowFactory:
    return lambda session, tenant_id: _child_of_product(session, tenant_id, build)


FACTORIES: dict[type[SQLModel], RowFactory] = {
    Board: _board,
    BoardPost: _board_post,
    Comment: _comment,
    CommentLike: _comment_like,
    Media: lambda s, t: _add(
        s, Media(tenant_id=t, filename="a.png", content_type="image/png", storage_path="a.png")
    ),
    Form: _form,
    FormSubmission: _form_submission,
    Entity: _entity,
    EntityRecord: _entity_record,
    ShopPost: lambda s, t: _add(s, ShopPost(tenant_id=t, title="Post", slug=_token())),
    LandingPage: lambda s, t: _add(s, LandingPage(tenant_id=t, name="Page", slug=_token())),
    Feedback: lambda s, t: _add(
        s, Feedback(tenant_id=t, name="N", email="n@example.com", content="Nice")
    ),
    Course: _course,
    Lesson: _lesson,
    Enrollment: _enrollment,
    LessonProgress: _lesson_progress,
    Conversation: _conversation,
    ChatMessage: _chat_message,
    OperatorPresence: _presence,
    AgentConfig: lambda s, t: _add(s, AgentConfig(tenant_id=t, slug=_token())),
    AgentExecution: lambda s, t: _add(s, AgentExecution(tenant_id=t, agent_slug="faq")),
    FaqEntry: lambda s, t: _add(s, FaqEntry(tenant_id=t, question="Q?", answer="A.")),
    Product: _product,
    ProductCategory: lambda s, t: _add(s, ProductCategory(tenant_id=t, slug=_token(), name="C")),
    ProductVariant: _of_product(ProductVariant),
    ProductImage: _of_product(ProductImage),
    ProductFile: _of_product(ProductFile),
    BundleItem: _of_product(BundleItem),
    RelatedProduct: _of_product(RelatedProduct),
    Cart: _cart,
    CartItem: _cart_item,
    Customer: _customer,
    Order: _order,
    OrderItem: _order_item,
    OrderStatusChange: _status_change,
    Coupon: _coupon,
    CouponAssignment: _coupon_assignment,
    CouponRedemption: _coupon_redemption,
    WishlistItem: _wishlist_item,
    Review: _review,
    ReviewHelpfulVote: _helpful_vote,
    DownloadGrant: _download_grant,
    DomainEvent: lambda s, t: _add(
        s, DomainEvent(tenant_id=t, type="order.created", object_type="order", object_id=1)
    ),
    IdempotencyRecord: lambda s, t: _add(
        s,
        IdempotencyRecord(
            tenant_id=t, scope="member:1", key=_token(), operation="orders", request_hash="h"
        ),
    ),
    ApiKey: lambda s, t: _add(
        s, ApiKey(tenant_id=t, kind=ApiKeyKind.SECRET, prefix="sk_", key_hash=_token())
    ),
    PaymentProvider: lambda s, t: _add(s, PaymentProvider(tenant_id=t, provider=ProviderKind.TOSS)),
    Payment: _payment,
    WebhookEndpoint: _endpoint,
    WebhookDelivery: _delivery,
    WebhookAttempt: _attempt,
    Refund: _refund,
    SubscriptionPlan: _plan,
    Subscription: _subscription,
    StripeCustomer: _stripe_customer,
    ProviderEvent: lambda s, t: _add(
        s, ProviderEvent(tenant_id=t, processor=Processor.STRIPE, event_id=_token(), type="x")
    ),
    BlogCategory: lambda s, t: _add(s, BlogCategory(tenant_id=t, slug=_token(), name="C")),
    BlogPost: _post,
    BlogPostTag: _post_tag,
    BlogTag: _tag,
    MailOutbox: lambda s, t: _add(
        s, MailOutbox(tenant_id=t, to_address="a@example.com", subject="S", body="B")
    ),
    Member: _member,
    PasswordReset: _password_reset,
    RefreshToken: lambda s, t: _add(
        s,
        RefreshToken(tenant_id=t, jti=_token(), family=_token(), subject_id=1, expires_at=LATER),
    ),
    RevokedAccessToken: lambda s, t: _add(
        s, RevokedAccessToken(tenant_id=t, jti=_token(), expires_at=LATER)
    ),
    Staff: _staff,
    SocialProvider: lambda s, t: _add(
        s, SocialProvider(tenant_id=t, provider=_token()[:20], client_id="c", client_secret="s")
    ),
    SocialIdentity: _social_identity,
    SocialState: lambda s, t: _add(
        s,
        SocialState(
            tenant_id=t,
            key=_token(),
            provider="google",
            redirect_uri="https://shop.example/cb",
            code_verifier=_token(),
            nonce=_token(),
            expires_at=LATER,
        ),
    ),
    TenantDomain: lambda s, t: _add(s, TenantDomain(tenant_id=t, host=f"{_token()}.test")),
    **RESERVATION_FACTORIES,
}
