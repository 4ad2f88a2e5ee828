"""Starts both servers on loopback, checks they agree, then loads each in turn and compares."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import IO

import httpx

from bench.baseline import DSN_ENV
from bench.database import BenchDatabase, fresh_database
from bench.scenarios.base import Call, Scenario
from tenantry.db.database import Database

HOST = "127.0.0.1"
STARTUP_SECONDS = 30.0
REQUEST_TIMEOUT = 10.0
WARMUP_SECONDS = 1.0


class BenchFailed(Exception):
    pass


@dataclass(frozen=True)
class Result:
    target: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Server:
    name: str
    base_url: str
    process: asyncio.subprocess.Process
    log: IO[bytes]

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(app: str, port: int) -> list[str]:
    return [
        *(sys.executable, "-m", "uvicorn", app, "--factory"),
        *("--host", HOST, "--port", str(port)),
        *("--no-access-log", "--log-level", "warning"),
    ]


@asynccontextmanager
async def serve(name: str, app: str, env: dict[str, str]) -> AsyncIterator[Server]:
    port = free_port()
    # A file, not a pipe: a server that logs a lot must never block on a full pipe.
    with tempfile.TemporaryFile() as log:
        process = await asyncio.create_subprocess_exec(
            *server_command(app, port),
            env={**os.environ, **env},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )
        server = Server(name, f"http://{HOST}:{port}", process, log)
        try:
            await _wait_ready(server)
            yield server
        finally:
            await _stop(process)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), timeout=15)
    except TimeoutError:
        process.kill()
        await asyncio.wait_for(process.wait(), timeout=5)


async def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with httpx.AsyncClient(base_url=server.base_url, timeout=2) as client:
        while time.monotonic() < deadline:
            if server.process.returncode is not None:
                raise BenchFailed(f"{server.name} exited during startup:\n{server.stderr()}")
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise BenchFailed(f"{server.name} did not start within {STARTUP_SECONDS:g} s")


async def send(client: httpx.AsyncClient, call: Call) -> httpx.Response:
    return await client.request(call.method, call.path, headers=call.headers, json=call.json)


async def drive(server: Server, call: Call, *, seconds: float, concurrency: int) -> Result:
    """concurrency clients, each sending call back to back until the time is up."""
    latencies: list[float] = []
    errors = 0

    async def worker(deadline: float, record: bool) -> None:
        nonlocal errors
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(
            base_url=server.base_url, timeout=REQUEST_TIMEOUT, limits=limits
        ) as client:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = await send(client, call)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if record:
                    latencies.append(time.perf_counter() - started)
                    errors += not ok

    warmup_end = time.perf_counter() + WARMUP_SECONDS
    await asyncio.gather(*(worker(warmup_end, False) for _ in range(concurrency)))
    started = time.perf_counter()
    await asyncio.gather(*(worker(started + seconds, True) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Result(
        target=server.name,
        requests=len(latencies),
        errors=errors,
        seconds=elapsed,
        p50_ms=_percentile(latencies, 0.50) * 1000,
        p99_ms=_percentile(latencies, 0.99) * 1000,
    )


def _percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def check_agreement(tenantry: Server, baseline: Server, ours: Call, theirs: Call) -> object:
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT) as client:
        a = await client.request(
            ours.method, tenantry.base_url + ours.path, headers=ours.headers, json=ours.json
        )
        b = await client.request(
            theirs.method, baseline.base_url + theirs.path, headers=theirs.headers, json=theirs.json
        )
    if a.status_code != 200 or b.status_code != 200:
        raise BenchFailed(f"status tenantry={a.status_code} baseline={b.status_code}: {a.text}")
    if a.json() != b.json():
        raise BenchFailed(f"answers differ:\ntenantry: {a.text}\nbaseline: {b.text}")
    body: object = a.json()
    return body


async def run(
    scenario: Scenario, *, server_url: str, seconds: float, concurrency: int
) -> tuple[Result, Result]:
    async with fresh_database(server_url) as database:
        seeded = await _seed(scenario, database)
        ours, theirs = scenario.tenantry(seeded), scenario.baseline(seeded)
        async with (
            serve("tenantry", "tenantry.app:create_app", _tenantry_env(database)) as tenantry,
            serve("baseline", scenario.baseline_app, {DSN_ENV: database.dsn}) as baseline,
        ):
            await check_agreement(tenantry, baseline, ours, theirs)
            first = await drive(tenantry, ours, seconds=seconds, concurrency=concurrency)
            second = await drive(baseline, theirs, seconds=seconds, concurrency=concurrency)
    return first, second


async def _seed(scenario: Scenario, database: BenchDatabase) -> dict[str, str]:
    settings = database.settings()
    db = Database.from_settings(settings)
    try:
        return await scenario.seed(db, settings)
    finally:
        await db.dispose()


def _tenantry_env(database: BenchDatabase) -> dict[str, str]:
    return {
        "TENANTRY_DATABASE_URL": database.sqlalchemy_url,
        "TENANTRY_BROADCAST_URL": "memory://",
        "TENANTRY_ENVIRONMENT": "development",
    }


def report(scenario: Scenario, results: tuple[Result, Result], *, concurrency: int) -> str:
    ours, theirs = results
    lines = [
        f"scenario: {scenario.name} — {scenario.description}",
        f"concurrency: {concurrency}, {ours.seconds:.1f} s per target",
        "",
        f"{'target':<10} {'requests':>9} {'errors':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.target:<10} {r.requests:>9} {r.errors:>7} {r.rps:>9.1f} "
            f"{r.p50_ms:>8.2f} {r.p99_ms:>8.2f}"
        )
    if theirs.rps and theirs.p50_ms and theirs.p99_ms:
        lines += [
            "",
            f"tenantry/baseline: throughput {ours.rps / theirs.rps:.2f}, "
            f"p50 {ours.p50_ms / theirs.p50_ms:.2f}, p99 {ours.p99_ms / theirs.p99_ms:.2f}",
        ]
    return "\n".join(lines)
