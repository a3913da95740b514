"""A pool of query worker processes, with a time limit that really stops the work.

Each worker is a child process (:mod:`api.query_worker`) talking frames over its stdin and
stdout. A request takes an idle worker, sends it the task and waits for the answer up to the
deadline. When the deadline passes (or the client goes away) the worker is killed with SIGKILL,
which frees its CPU at once, and a fresh worker is started in its place; the other workers keep
answering meanwhile.

A request waits a bounded time for an idle worker (past it, ``PoolBusy``: 503 with Retry-After),
longer only while a replacement worker is starting, since the server is then not busy but one
worker short for a moment; a new worker joins the pool once it has started (answered a ping).

There are more workers than cores, so a light query never waits for a worker behind heavy ones;
what it shares is the CPU. A query still running after ``LONG_QUERY_S`` moves to the background
lane: its worker's scheduling priority is lowered (``nice`` ``BACKGROUND_NICE``), so that the
kernel gives the cores to the light queries first and the heavy ones take what is left, rather than
sharing evenly. The worker gets its normal priority back when the query ends; where the system does
not allow raising a priority again (an unprivileged process), the worker is replaced by a fresh one
instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

from hrcgraph.api.worker_protocol import FRAME, Answer, CloseTask, PingTask, Task, decode_answer, encode_task, frame
from hrcgraph.graph.errors import QueryTimeout, StoreError

log = logging.getLogger(__name__)

#: A query running longer than this (seconds) goes to the background lane.
LONG_QUERY_S = 0.2
#: The niceness of a worker in the background lane (0 is the normal priority, 19 the lowest).
BACKGROUND_NICE = 10

#: How long a new worker may take to start (import its modules) before it counts as failed.
START_TIMEOUT_S = 60.0

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


class WorkerDied(StoreError):
    """A worker process ended while it had a task (crashed, or ran out of memory)."""

    code = "worker-died"
    http_status = 500


class PoolBusy(QueryTimeout):
    """No worker became free within the bounded wait (HTTP 503 with Retry-After)."""

    def __init__(self, message: str, *, retry_after: int | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TimeLimitReached(QueryTimeout):
    """A task ran past its time limit and its worker was killed (the other QueryTimeout of the pool:
    no worker became free in time)."""

    http_status = 503


class Worker:
    """One worker process and its two pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.background = False

    def to_background(self) -> None:
        """Lower the worker's priority (its query has run long)."""
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.pid, BACKGROUND_NICE)
            self.background = True

    def to_foreground(self) -> bool:
        """Give the worker its normal priority back; False where the system does not allow it."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, 0)
        except OSError:
            return False
        self.background = False
        return True

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    async def spawn(cls) -> Worker:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hrcgraph.api.query_worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
            limit=1 << 24,  # a whole result may sit in the buffer without pausing the pipe
        )
        worker = cls(process)
        # A worker joins the pool once it answers: its start-up (imports) is not charged to the
        # time limit of the first query it is given.
        try:
            await asyncio.wait_for(worker.request(PingTask()), START_TIMEOUT_S)
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError) as exc:
            worker.kill()
            await process.wait()
            raise OSError(f"the query worker did not start ({exc!r})") from exc
        except asyncio.CancelledError:  # the pool is closing
            worker.kill()
            raise
        return worker

    async def request(self, task: Task) -> tuple[Answer, bytes | None]:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(frame(encode_task(task)))
        await stdin.drain()
        answer = decode_answer(await self._frame(stdout))
        body = await self._frame(stdout) if answer.body else None
        return answer, body

    @staticmethod
    async def _frame(stream: asyncio.StreamReader) -> bytes:
        (length,) = FRAME.unpack(await stream.readexactly(FRAME.size))
        return await stream.readexactly(length)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)

    async def stop(self) -> None:
        """End the worker: close its input (it exits by itself), kill it if it does not."""
        if self.process.returncode is not None:
            return
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 2.0)
        except TimeoutError:
            self.kill()
            await self.process.wait()


class WorkerPool:
    """``size`` worker processes; ``run`` hands a task to an idle one, within a deadline."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._open = asyncio.Event()
        self._open.set()
        self._starting = 0
        """How many replacement workers are starting."""
        self.killed = 0
        """How many workers were killed (timeouts, abandoned requests); for monitoring and tests."""
        self._closed = False

    async def start(self) -> None:
        workers = await asyncio.gather(*(Worker.spawn() for _ in range(self.size)))
        for worker in workers:
            self._all.add(worker)
            self._idle.put_nowait(worker)

    @property
    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._all)

    async def run(self, task: Task, timeout: float, *, wait: float | None = None) -> tuple[Answer, bytes | None]:
        """Run one task; raises QueryTimeout when no answer comes within ``timeout`` seconds, and
        PoolBusy when no worker is free within ``wait`` seconds (default: the whole ``timeout``)."""
        if self._closed:
            raise StoreError("the query workers are shut down")
        wait = timeout if wait is None else min(wait, timeout)
        if self._open.is_set() and not self._idle.empty():
            worker = self._idle.get_nowait()
        else:
            worker = await self._wait_for_worker(wait, timeout)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        lane = loop.call_later(LONG_QUERY_S, worker.to_background)
        try:
            async with asyncio.timeout_at(deadline):
                answer = await worker.request(task)
        except TimeoutError:
            self._replace(worker)
            raise TimeLimitReached(
                f"the query was stopped after {timeout:g} s (the time limit of this endpoint); "
                "narrow it down, or add a LIMIT"
            ) from None
        except asyncio.CancelledError:
            # The client went away: the worker may still be busy, so it cannot be reused.
            self._replace(worker)
            raise
        except (asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
            self._replace(worker)
            raise WorkerDied(f"the query worker stopped while running the query ({exc!r})") from exc
        finally:
            lane.cancel()
        if worker.background and not worker.to_foreground():
            self._recycle(worker)
        else:
            self._idle.put_nowait(worker)
        return answer

    async def _wait_for_worker(self, wait: float, timeout: float) -> Worker:
        """An idle worker within ``wait`` seconds; while a replacement worker is starting (one was
        killed a moment ago), up to ``timeout``: the server is not busy, a worker is on its way."""
        started = time.monotonic()
        try:
            return await asyncio.wait_for(self._take(), wait)
        except TimeoutError:
            pass
        if self._starting:
            with contextlib.suppress(TimeoutError):
                return await asyncio.wait_for(self._take(), max(timeout - (time.monotonic() - started), 0.001))
        raise PoolBusy(
            f"the server is busy: no query worker became free within {wait:g} s; try again later",
            retry_after=max(1, round(wait)),
        )

    async def _take(self) -> Worker:
        await self._open.wait()
        return await self._idle.get()

    @contextlib.asynccontextmanager
    async def exclusive(self, timeout: float) -> AsyncIterator[None]:
        """Hold every worker, each with its store closed (while an update writes the store).

        New queries wait meanwhile; the queries already running finish first (within ``timeout``).
        """
        self._open.clear()
        held: list[Worker] = []
        deadline = time.monotonic() + timeout
        try:
            while len(held) < len(self._all):
                try:
                    held.append(await asyncio.wait_for(self._idle.get(), max(deadline - time.monotonic(), 0.001)))
                except TimeoutError:
                    raise QueryTimeout(
                        f"the queries running now did not finish within {timeout:g} s; try the update again"
                    ) from None
            for worker in list(held):
                try:
                    await asyncio.wait_for(worker.request(CloseTask()), 5.0)
                except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError):
                    held.remove(worker)
                    self._replace(worker)
            yield
        finally:
            for worker in held:
                self._idle.put_nowait(worker)
            self._open.set()

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        self.killed += 1
        self._all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._respawn(worker))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _recycle(self, worker: Worker) -> None:
        """Replace an idle worker by a fresh one (not counted in ``killed``: nothing went wrong)."""
        self._all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._stop_and_respawn(worker))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _stop_and_respawn(self, worker: Worker) -> None:
        await worker.stop()
        await self._respawn(worker)

    async def _respawn(self, dead: Worker) -> None:
        self._starting += 1
        try:
            await dead.process.wait()  # reap it
            delay = 0.1
            while not self._closed:
                try:
                    worker = await Worker.spawn()
                except OSError as exc:
                    log.error("cannot start a query worker: %s; retrying", exc)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 5.0)
                    continue
                if self._closed:
                    await worker.stop()
                    return
                self._all.add(worker)
                self._idle.put_nowait(worker)
                return
        finally:
            self._starting -= 1

    async def close(self) -> None:
        self._closed = True
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await asyncio.gather(*(w.stop() for w in list(self._all)), return_exceptions=True)
        self._all.clear()
