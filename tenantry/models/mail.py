from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, datetime_field


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    LOGGED = "logged"
    FAILED = "failed"


class MailOutbox(TenantOwned, table=True):
    __tablename__ = "mail_outbox"

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body: str
    status: MailStatus = Field(default=MailStatus.PENDING, max_length=20, index=True)
    attempts: int = Field(default=0)
    last_error: str | None = None
    created_at: datetime = created_at_field()
    sent_at: datetime | None = datetime_field()
