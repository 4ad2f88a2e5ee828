"""`tenantry worker`: delivers webhooks and releases lapsed reservation holds in a process of
its own, until SIGTERM or SIGINT.

Run it when the servers run with TENANTRY_WEBHOOK_WORKER_IN_PROCESS=false; several may run
against one PostgreSQL (they never send one delivery at the same time), one against SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from typing import Any

from tenantry.cli.runner import run_db
from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.mail import wait_for_deliveries
from tenantry.serving.hold_sweeper import HoldSweeper
from tenantry.serving.logs import configure_logging
from tenantry.serving.webhook_worker import WebhookWorker


def add_worker_command(commands: Any) -> None:
    worker = commands.add_parser(
        "worker", help="deliver webhooks and release lapsed holds (a process of its own)"
    )
    worker.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
    worker.set_defaults(handler=cmd_worker)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    if not args.once:
        configure_logging(fmt=settings.log_format, level=settings.log_level)
    run_db(settings, lambda db: _work(db, settings, once=args.once))
    return 0


async def _work(db: Database, settings: Settings, *, once: bool) -> None:
    worker = WebhookWorker(db, settings)
    holds = HoldSweeper(db, settings)
    try:
        if once:
            await holds.sweep()
            await worker.drain()
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        print("Delivering webhooks and releasing lapsed holds; stop with Ctrl-C.", flush=True)
        await asyncio.gather(worker.run(stop), holds.run(stop))
    finally:
        await worker.close()
        await wait_for_deliveries()
