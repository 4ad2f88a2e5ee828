"""Logging for a served process: text or JSON lines (`TENANTRY_LOG_FORMAT`), each carrying the
request's id (the client's `X-Request-ID` when it is sane, else a new one), its tenant and the
principal's kind once they are known; one access line per request."""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any, TextIO

from starlette.types import Scope

_current: ContextVar[Scope | None] = ContextVar("tenantry_request", default=None)
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
access = logging.getLogger("tenantry.access")


def request_scope(scope: Scope) -> Token[Scope | None]:
    """Names the request (its id in scope state) and makes it the one log lines describe."""
    given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
    request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    scope.setdefault("state", {})["request_id"] = request_id
    return _current.set(scope)


def _describe() -> dict[str, Any]:
    scope = _current.get()
    if scope is None:
        return {}
    state = scope.get("state") or {}
    tenant = state.get("tenant")
    principal = state.get("principal")
    return {
        "request_id": state.get("request_id"),
        "tenant": getattr(tenant, "slug", None),
        "principal": getattr(getattr(principal, "kind", None), "value", None),
    }


class RequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in _describe().items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "tenant", "principal", "method", "path", "status", "ms")

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in self.FIELDS:
            value = getattr(record, key, None)
            if value is not None:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id") or record.request_id is None:
            record.request_id = "-"
        return super().format(record)


def configure_logging(*, fmt: str, level: str, stream: TextIO | None = None) -> None:
    """The process's one handler, on stderr; called by `serve` and `worker`, not by the app,
    so tests and embedders keep their own logging."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RequestFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    # httpx logs every request at info: each webhook delivery and provider call would be a line.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))


def access_log(scope: Scope, status: int, took: float) -> None:
    access.info(
        "%s %s %s %.1fms",
        scope["method"],
        scope["path"],
        status,
        took * 1000,
        extra={
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "ms": round(took * 1000, 1),
        },
    )
