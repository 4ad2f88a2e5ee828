"""Counts each GraphQL operation by name, type and outcome, and the subscriptions running."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from tenantry.serving.metrics import Metrics


class OperationMetrics(SchemaExtension):
    def __init__(self) -> None:
        super().__init__()
        self.kind: OperationType | None = None
        self.live = False

    def _metrics(self) -> Metrics | None:
        request = getattr(self.execution_context.context, "request", None)
        state = getattr(getattr(request, "app", None), "state", None)
        found = getattr(state, "metrics", None)
        return found if isinstance(found, Metrics) else None

    def on_validate(self) -> Iterator[None]:
        try:
            self.kind = self.execution_context.operation_type
        except RuntimeError:  # no operation could be chosen from the document
            self.kind = None
        yield
        metrics = self._metrics()
        running = not self.execution_context.pre_execution_errors
        if metrics is not None and self.kind is OperationType.SUBSCRIPTION and running:
            metrics.subscriptions.inc()
            self.live = True

    def on_operation(self) -> Iterator[None]:
        outcome = "error"
        try:
            yield
            result = self.execution_context.result
            outcome = "error" if result is None or getattr(result, "errors", None) else "ok"
        finally:
            metrics = self._metrics()
            if metrics is not None:
                if self.live:
                    metrics.subscriptions.dec()
                name = (self.execution_context.operation_name or "anonymous")[:64]
                kind = self.kind.value if self.kind is not None else "unknown"
                metrics.operations.labels(name, kind, outcome).inc()
