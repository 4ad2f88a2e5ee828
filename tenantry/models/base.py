from __future__ import annotations

from typing import Any

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from tenantry.clock import utcnow
from tenantry.models.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def updated_at_field() -> Any:
    return Field(
        default_factory=utcnow,
        sa_type=UTCDateTime,
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )


def datetime_field(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


def tenant_id_field() -> Any:
    return Field(
        default=None, foreign_key="tenant.id", ondelete="CASCADE", nullable=False, index=True
    )


class TenantOwned(SQLModel):
    """Rows of one tenant. The session scopes every ORM statement on these by tenant_id."""

    tenant_id: int | None = tenant_id_field()


def tenant_owned_models() -> list[type[SQLModel]]:
    from sqlmodel.main import default_registry

    return sorted(
        (
            mapper.class_
            for mapper in default_registry.mappers
            if issubclass(mapper.class_, TenantOwned)
        ),
        key=lambda cls: cls.__name__,
    )


__all__ = ["Column", "TenantOwned", "created_at_field", "tenant_owned_models", "updated_at_field"]


def enum_field(default: Any = None, *, length: int = 20) -> Any:
    """Enums are stored as their string values in a plain VARCHAR, never a native enum type."""
    if default is None:
        return Field(sa_type=String(length), nullable=False)
    return Field(default=default, sa_type=String(length), nullable=False)
