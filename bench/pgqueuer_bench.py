"""The kited bench workloads run with pgqueuer, against the same PostgreSQL.

Drives pgqueuer's public API (its repository's benchmark script is not in the
package): no-op jobs enqueued in batches, queue managers run until drained;
a 30-second run with one enqueuer (batches of 10) and five dequeuers (batch
10, as in pgqueuer's published benchmark); and a paced latency run (one job
per transaction, 100/s) from the enqueue returning to the entrypoint starting.

Creates the database pgqueuer_bench on the server (dropped at the end) and
installs pgqueuer's schema there with its default (durable) tables.
Prints one JSON line with --json.
"""

import argparse
import asyncio
import json
import statistics
import time

import asyncpg
from pgqueuer.core.qm import QueueManager
from pgqueuer.domain.types import QueueExecutionMode
from pgqueuer.queries import Queries

DATABASE = "pgqueuer_bench"


async def connect(args, database):
    return await asyncpg.connect(host=args.host, port=args.port, user=args.user, database=database)


async def manager(args, on_job):
    connection = await connect(args, DATABASE)
    qm = QueueManager(Queries.from_asyncpg_connection(connection))

    @qm.entrypoint("noop")
    async def noop(job):
        on_job(job)

    return qm, connection


async def enqueue_many(queries, count, batch):
    left = count
    while left > 0:
        n = min(batch, left)
        await queries.enqueue(["noop"] * n, [None] * n, [0] * n)
        left -= n


async def clear(admin_queries):
    await admin_queries.clear_queue()
    await admin_queries.clear_queue_log()
    await admin_queries.clear_statistics_log()


async def drain(args, admin_queries):
    await clear(admin_queries)
    await enqueue_many(admin_queries, args.jobs, 1000)
    done = 0

    def count(_job):
        nonlocal done
        done += 1

    managers = [await manager(args, count) for _ in range(args.dequeuers)]
    started = time.perf_counter()
    await asyncio.gather(*(qm.run(batch_size=args.batch, mode=QueueExecutionMode.drain) for qm, _ in managers))
    seconds = time.perf_counter() - started
    for _, connection in managers:
        await connection.close()
    return done, seconds


async def throughput(args, admin_queries):
    await clear(admin_queries)
    done = 0

    def count(_job):
        nonlocal done
        done += 1

    managers = [await manager(args, count) for _ in range(args.dequeuers)]
    runs = [asyncio.create_task(qm.run(batch_size=args.batch)) for qm, _ in managers]
    await asyncio.sleep(1)
    enqueuer = Queries.from_asyncpg_connection(await connect(args, DATABASE))
    before = done
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline:
        await enqueuer.enqueue(["noop"] * 10, [None] * 10, [0] * 10)
    executed = done - before
    for qm, _ in managers:
        qm.shutdown.set()
    await asyncio.gather(*runs, return_exceptions=True)
    for _, connection in managers:
        await connection.close()
    return executed


async def latency(args, admin_queries):
    await clear(admin_queries)
    committed = {}
    started = {}

    def record(job):
        started[job.id] = time.perf_counter()

    managers = [await manager(args, record) for _ in range(args.dequeuers)]
    runs = [asyncio.create_task(qm.run(batch_size=args.batch)) for qm, _ in managers]
    await asyncio.sleep(1)
    enqueuer = Queries.from_asyncpg_connection(await connect(args, DATABASE))
    total = int(args.latency_seconds * 100)
    begin = time.perf_counter()
    for index in range(total):
        due = begin + index / 100
        now = time.perf_counter()
        if due > now:
            await asyncio.sleep(due - now)
        ids = await enqueuer.enqueue("noop", None)
        committed[ids[0]] = time.perf_counter()
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and any(i not in started for i in committed):
        await asyncio.sleep(0.01)
    for qm, _ in managers:
        qm.shutdown.set()
    await asyncio.gather(*runs, return_exceptions=True)
    values = sorted(max(0.0, started[i] - t) * 1000 for i, t in committed.items() if i in started)
    if not values:
        return float("nan"), float("nan")
    return statistics.median(values), values[min(len(values) - 1, int(len(values) * 0.95))]


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--latency-seconds", type=float, default=10)
    parser.add_argument("--dequeuers", type=int, default=5)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    admin = await connect(args, "postgres")
    await admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
    await admin.execute(f"CREATE DATABASE {DATABASE}")
    try:
        setup = await connect(args, DATABASE)
        synchronous_commit = await setup.fetchval("SHOW synchronous_commit")
        queries = Queries.from_asyncpg_connection(setup)
        await queries.install()
        drained, drain_seconds = await drain(args, queries)
        executed = await throughput(args, queries)
        p50, p95 = await latency(args, queries)
        await setup.close()
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        await admin.close()
    result = {
        "system": "pgqueuer",
        "synchronous_commit": synchronous_commit,
        "drain_jobs": drained,
        "drain_seconds": drain_seconds,
        "drain_rate": drained / drain_seconds,
        "throughput_rate": executed / args.seconds,
        "latency_p50_ms": p50,
        "latency_p95_ms": p95,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    asyncio.run(main())
