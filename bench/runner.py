"""Starts both servers on loopback, checks they agree, then loads each in turn and compares."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import IO, Protocol

import httpx

from bench.baseline import DSN_ENV, SECRET_ENV
from bench.database import BenchDatabase, fresh_database
from bench.scenarios.base import Call, Scenario, Seeded, Verify
from tenantry.db.database import Database

HOST = "127.0.0.1"
STARTUP_SECONDS = 30.0
REQUEST_TIMEOUT = 10.0
WARMUP_SECONDS = 1.0


class BenchFailed(Exception):
    pass


@dataclass(frozen=True)
class Step:
    """One call of a multi-call plan: its own latency (failed calls included)."""

    name: str
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True)
class Result:
    target: str
    requests: int  # measured iterations (one call each, or one pass through a longer plan)
    errors: int
    seconds: float
    p50_ms: float  # of the whole iteration
    p99_ms: float
    steps: tuple[Step, ...] = ()  # per call, for plans of more than one call
    completed: int = 0  # successful iterations, warm-up included

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class Endpoint(Protocol):
    """Where drive sends its load: a Server, or in tests any server on loopback."""

    @property
    def name(self) -> str: ...

    @property
    def base_url(self) -> str: ...


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


async def drive(
    server: Endpoint,
    plan: Callable[[int], Sequence[Call]],
    *,
    seconds: float,
    concurrency: int,
) -> Result:
    """concurrency clients, each running its plan (plan(i) for client i) back to back until the
    time is up. An iteration is an error when a call answers with another status than it expects
    (or not at all); its later calls are skipped."""
    latencies: list[float] = []
    steps: list[list[float]] = []
    errors = completed = 0

    async def worker(index: int, deadline: float, record: bool) -> None:
        nonlocal errors, completed
        calls = plan(index)
        while len(steps) < len(calls):
            steps.append([])
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(
            base_url=server.base_url, timeout=REQUEST_TIMEOUT, limits=limits
        ) as client:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                ok = True
                for position, call in enumerate(calls):
                    sent = time.perf_counter()
                    try:
                        response = await send(client, call)
                        ok = response.status_code == call.expect
                    except httpx.HTTPError:
                        ok = False
                    if record:
                        steps[position].append(time.perf_counter() - sent)
                    if not ok:
                        break
                completed += ok
                if record:
                    latencies.append(time.perf_counter() - started)
                    errors += not ok

    warmup_end = time.perf_counter() + WARMUP_SECONDS
    await asyncio.gather(*(worker(i, warmup_end, False) for i in range(concurrency)))
    started = time.perf_counter()
    await asyncio.gather(*(worker(i, started + seconds, True) for i in range(concurrency)))
    elapsed = time.perf_counter() - started
    names = [call.name or f"step {i + 1}" for i, call in enumerate(plan(0))]
    return Result(
        target=server.name,
        requests=len(latencies),
        errors=errors,
        seconds=elapsed,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        steps=tuple(
            Step(name, percentile(found, 0.50) * 1000, percentile(found, 0.99) * 1000)
            for name, found in zip(names, steps, strict=False)
        )
        if len(names) > 1
        else (),
        completed=completed,
    )


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def check_agreement(
    scenario: Scenario,
    tenantry: Server,
    baseline: Server,
    ours: Sequence[Call],
    theirs: Sequence[Call],
) -> list[object]:
    """One iteration on each; each step must answer as expected, and alike (see Scenario)."""
    bodies: list[object] = []
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT) as client:
        for a_call, b_call in zip(ours, theirs, strict=True):
            a = await client.request(
                a_call.method,
                tenantry.base_url + a_call.path,
                headers=a_call.headers,
                json=a_call.json,
            )
            b = await client.request(
                b_call.method,
                baseline.base_url + b_call.path,
                headers=b_call.headers,
                json=b_call.json,
            )
            if a.status_code != a_call.expect or b.status_code != b_call.expect:
                raise BenchFailed(
                    f"{a_call.name or a_call.path}: status tenantry={a.status_code} "
                    f"baseline={b.status_code}, expected {a_call.expect}:\n{a.text}\n{b.text}"
                )
            ours = a.json()
            if isinstance(ours, dict):
                ours.pop("extensions", None)  # GraphQL's cost report; the baseline has none
            alike = ours == b.json() if scenario.same_json else same_shape(ours, b.json())
            if not alike:
                raise BenchFailed(f"answers differ:\ntenantry: {a.text}\nbaseline: {b.text}")
            bodies.append(a.json())
    return bodies


def same_shape(a: object, b: object) -> bool:
    """The same keys at every level, lists of the same length, values of the same types."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_shape(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_shape(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b)


async def run(
    scenario: Scenario, *, server_url: str, seconds: float, concurrency: int
) -> tuple[Result, Result, list[str]]:
    """Both targets' results, and what the scenario's verify found in the database after."""
    async with fresh_database(server_url) as database:
        seeded = await _seed(scenario, database, concurrency)
        settings = database.settings()
        baseline_env = {DSN_ENV: database.dsn, SECRET_ENV: settings.secret_key}
        async with (
            serve(
                "tenantry",
                "tenantry.app:create_app",
                {**tenantry_env(database), **scenario.tenantry_settings},
            ) as tenantry,
            serve("baseline", scenario.baseline_app, baseline_env) as baseline,
        ):
            await check_agreement(
                scenario,
                tenantry,
                baseline,
                scenario.tenantry(seeded, 0),
                scenario.baseline(seeded, 0),
            )
            first = await drive(
                tenantry,
                lambda i: scenario.tenantry(seeded, i),
                seconds=seconds,
                concurrency=concurrency,
            )
            second = await drive(
                baseline,
                lambda i: scenario.baseline(seeded, i),
                seconds=seconds,
                concurrency=concurrency,
            )
        notes: list[str] = []
        if scenario.verify is not None:
            # + 1: the iteration check_agreement ran on each
            done = {"tenantry": first.completed + 1, "baseline": second.completed + 1}
            notes = await _verify(scenario.verify, database, seeded, done)
    return first, second, notes


async def _seed(scenario: Scenario, database: BenchDatabase, clients: int) -> Seeded:
    settings = database.settings()
    db = Database.from_settings(settings)
    try:
        return await scenario.seed(db, settings, clients)
    finally:
        await db.dispose()


async def _verify(
    verify: Verify, database: BenchDatabase, seeded: Seeded, done: dict[str, int]
) -> list[str]:
    db = Database.from_settings(database.settings())
    try:
        return await verify(db, seeded, done)
    finally:
        await db.dispose()


def tenantry_env(database: BenchDatabase, *, broadcast_url: str = "memory://") -> dict[str, str]:
    return {
        "TENANTRY_DATABASE_URL": database.sqlalchemy_url,
        "TENANTRY_BROADCAST_URL": broadcast_url,
        "TENANTRY_ENVIRONMENT": "development",
    }


def report(
    scenario: Scenario,
    results: tuple[Result, Result],
    *,
    concurrency: int,
    notes: Sequence[str] = (),
) -> str:
    ours, theirs = results
    unit = scenario.unit
    per = f"{unit}s"
    lines = [
        f"scenario: {scenario.name} — {scenario.description}",
        f"concurrency: {concurrency}, {ours.seconds:.1f} s per target",
        "",
        f"{'target':<10} {per:>9} {'errors':>7} {per + '/s':>9} {'p50 ms':>8} {'p99 ms':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.target:<10} {r.requests:>9} {r.errors:>7} {r.rps:>9.1f} "
            f"{r.p50_ms:>8.2f} {r.p99_ms:>8.2f}"
        )
    if ours.steps:
        lines += ["", "per call (latency of each call of the iteration):"]
        for r in results:
            for step in r.steps:
                lines.append(
                    f"{r.target:<10} {step.name:<22} p50 {step.p50_ms:>8.2f} ms"
                    f"   p99 {step.p99_ms:>8.2f} ms"
                )
    if theirs.rps and theirs.p50_ms and theirs.p99_ms:
        lines += [
            "",
            f"tenantry/baseline: throughput {ours.rps / theirs.rps:.2f}, "
            f"p50 {ours.p50_ms / theirs.p50_ms:.2f}, p99 {ours.p99_ms / theirs.p99_ms:.2f}",
        ]
        for a, b in zip(ours.steps, theirs.steps, strict=False):
            if b.p50_ms and b.p99_ms:
                lines.append(
                    f"  {a.name}: p50 {a.p50_ms / b.p50_ms:.2f}, p99 {a.p99_ms / b.p99_ms:.2f}"
                )
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)
