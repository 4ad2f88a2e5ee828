"""Outgoing mail through an outbox: rows are written in the caller's transaction and delivered
after it commits, by SMTP when a host is configured, otherwise to the log.

Delivery runs in a background task, so a request never waits on (or reveals) the mail server.
Each row is claimed with a conditional UPDATE before sending, so that two deliverers running at
once never send the same message twice. sent_at is the time a message was sent or logged; while
it is still pending, a sent_at marks it as claimed by a deliverer.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from anyio import to_thread
from sqlalchemy import ColumnElement, CursorResult, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.clock import utcnow
from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.db.unit_of_work import on_commit
from tenantry.models.mail import MailOutbox, MailStatus

log = logging.getLogger(__name__)

BATCH = 50
SMTP_TIMEOUT = 30
CLAIM_LEASE = timedelta(minutes=10)

_deliveries: set[asyncio.Task[None]] = set()


@dataclass(frozen=True)
class Mailer:
    db: Database
    settings: Settings

    async def queue(
        self, session: AsyncSession, *, tenant_id: int, to: str, subject: str, body: str
    ) -> MailOutbox:
        """Adds the message to the outbox; it is delivered once the session commits."""
        mail = MailOutbox(to_address=to, subject=subject, body=body)
        session.add(mail)
        await session.flush()

        async def deliver() -> None:
            start_delivery(self.db, self.settings, tenant_id=tenant_id)

        on_commit(session, deliver)
        return mail


def start_delivery(db: Database, settings: Settings, *, tenant_id: int) -> None:
    task = asyncio.create_task(_deliver_logged(db, settings, tenant_id=tenant_id))
    _deliveries.add(task)
    task.add_done_callback(_deliveries.discard)


async def wait_for_deliveries() -> None:
    """Waits until every delivery started so far has finished (for shutdown and tests)."""
    while _deliveries:
        await asyncio.gather(*_deliveries, return_exceptions=True)


async def _deliver_logged(db: Database, settings: Settings, *, tenant_id: int) -> None:
    try:
        await deliver_pending(db, settings, tenant_id=tenant_id)
    except Exception:
        log.exception("mail delivery for tenant %s failed", tenant_id)


async def deliver_pending(db: Database, settings: Settings, *, tenant_id: int) -> int:
    """Sends the tenant's pending messages; returns how many this call handled."""
    handled = 0
    async with db.unit(tenant_id) as uow:
        session = uow.session
        pending = (
            await session.scalars(
                select(MailOutbox)
                .where(col(MailOutbox.status) == MailStatus.PENDING, _unclaimed(utcnow()))
                .order_by(col(MailOutbox.id))
                .limit(BATCH)
            )
        ).all()
        await uow.commit()  # no transaction stays open while talking to the mail server
        for mail in pending:
            claimed = await _claim(session, mail)
            await uow.commit()
            if not claimed:
                continue
            status, error = await _send(settings, mail)
            await session.execute(
                update(MailOutbox)
                .where(col(MailOutbox.id) == mail.id)
                .values(
                    status=status,
                    last_error=error,
                    sent_at=None if status is MailStatus.FAILED else utcnow(),
                )
                .execution_options(synchronize_session=False)
            )
            await uow.commit()
            handled += 1
    return handled


def _unclaimed(now: datetime) -> ColumnElement[bool]:
    # While a pending message is being sent, sent_at holds the time it was claimed: a lease
    # that runs out, so that a message whose sender died is picked up again.
    return or_(col(MailOutbox.sent_at).is_(None), col(MailOutbox.sent_at) < now - CLAIM_LEASE)


async def _claim(session: AsyncSession, mail: MailOutbox) -> bool:
    now = utcnow()
    claimed = await session.execute(
        update(MailOutbox)
        .where(
            col(MailOutbox.id) == mail.id,
            col(MailOutbox.status) == MailStatus.PENDING,
            _unclaimed(now),
        )
        .values(attempts=col(MailOutbox.attempts) + 1, sent_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(claimed, CursorResult)
    return claimed.rowcount == 1


async def _send(settings: Settings, mail: MailOutbox) -> tuple[MailStatus, str | None]:
    if not settings.smtp_host:
        log.info(
            "mail (no SMTP host configured) to=%s subject=%s\n%s",
            mail.to_address,
            mail.subject,
            mail.body,
        )
        return MailStatus.LOGGED, None
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    try:
        await to_thread.run_sync(_send_by_smtp, settings, message)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        log.warning("mail %s to %s failed: %s", mail.id, mail.to_address, exc)
        return MailStatus.FAILED, f"{type(exc).__name__}: {exc}"[:1000]
    return MailStatus.SENT, None


def _send_by_smtp(settings: Settings, message: EmailMessage) -> None:
    assert settings.smtp_host is not None
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(message)
