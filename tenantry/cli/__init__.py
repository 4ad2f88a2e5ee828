"""The `tenantry` command."""

from tenantry.cli.main import main

__all__ = ["main"]
