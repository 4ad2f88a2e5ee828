"""Tenant isolation below the resolvers.

Every session declares its scope: a tenant id, or SYSTEM for the few places that must see all
tenants (tenant lookup by slug, domain or key; the CLI). A scoped session adds
`tenant_id = :tenant` for every tenant-owned model to every ORM statement, including entities
hidden in subqueries, and stamps tenant_id on new rows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, with_loader_criteria

from tenantry.models.base import TenantOwned, tenant_owned_models

SCOPE_KEY: Final = "tenant_scope"
SYSTEM: Final = "system"


class ScopeViolation(RuntimeError):
    pass


class TenantSession(Session):
    pass


def tenant_scope(session: Session) -> int | None:
    """The session's tenant id, or None for a system session."""
    scope = session.info.get(SCOPE_KEY)
    if scope is None:
        raise ScopeViolation("session was opened without a tenant scope")
    return None if scope == SYSTEM else int(scope)


@lru_cache(maxsize=4096)
def _criteria(tenant_id: int) -> tuple[Any, ...]:
    return tuple(
        with_loader_criteria(model, model.tenant_id == tenant_id, include_aliases=True)  # type: ignore[attr-defined]
        for model in tenant_owned_models()
    )


@event.listens_for(TenantSession, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    tenant_id = tenant_scope(state.session)
    if tenant_id is None:
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(*_criteria(tenant_id))


@event.listens_for(TenantSession, "before_flush")
def _stamp_tenant(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    tenant_id = tenant_scope(session)
    if tenant_id is None:
        return
    for obj in session.new:
        if isinstance(obj, TenantOwned):
            if obj.tenant_id is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise ScopeViolation(f"{type(obj).__name__} of another tenant added")
    for obj in session.dirty:
        if isinstance(obj, TenantOwned) and obj.tenant_id != tenant_id:
            raise ScopeViolation(f"{type(obj).__name__} moved to another tenant")
