"""Work handed to fresh Python processes: the pure-Python steps of a large build that would otherwise keep
one core busy while the others wait (the series' clause alignments, a second dump serializer).

Each worker is a new interpreter, started as ``python -m hrcgraph.graph.workers``. It imports only what its
work needs and never the caller's main module, which ``multiprocessing`` would import again (running a
script that lacks an ``if __name__ == "__main__"`` guard a second time); and it is safe whatever threads the
caller runs, which a forked copy is not. The function, its arguments and the caller's ``sys.path`` reach it
pickled on its standard input; its result, or its error with the traceback, comes back pickled on its
standard output. The caller keeps the worker's standard input open until it has the result: when the caller
dies (a build killed mid-work), the system closes it, and the worker ends at once instead of working on
for nobody.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import pickle
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from hrcgraph.graph.errors import WorkerFailed

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Worker(Generic[T]):
    """``function(*args)`` running in a worker process; :meth:`result` waits for it."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self.name = f"{function.__module__}.{function.__qualname__}"
        payload = pickle.dumps((list(sys.path), function.__module__, function.__qualname__, args),
                               protocol=pickle.HIGHEST_PROTOCOL)
        self.process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(_SIZE.pack(len(payload)) + payload)
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # the worker ended before reading its input: result() says how

    def result(self) -> T:
        assert self.process.stdout is not None
        with self.process.stdout:
            answer = self.process.stdout.read()
        code = self.process.wait()
        self._close_input()
        try:
            done, value = pickle.loads(answer)
        except Exception:
            raise WorkerFailed(f"the worker process running {self.name} ended with exit status {code} "
                              "and no result") from None
        if not done:
            raise WorkerFailed(f"the worker process running {self.name} failed:\n{value}")
        return value

    def stop(self) -> None:
        """End the worker if it still runs (when the caller gives up on it)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._close_input()

    def _close_input(self) -> None:
        if self.process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()


#: The length of the pickled work, before it on the worker's standard input.
_SIZE = struct.Struct("<Q")


def _end_when_the_caller_does() -> None:
    """Read the worker's standard input, which the caller holds open, to its end: the caller is gone."""
    sys.stdin.buffer.read()
    os._exit(1)


def main() -> None:
    (size,) = _SIZE.unpack(sys.stdin.buffer.read(_SIZE.size))
    path, module, name, args = pickle.loads(sys.stdin.buffer.read(size))
    threading.Thread(target=_end_when_the_caller_does, name="hrcgraph-worker-watch", daemon=True).start()
    sys.path[:] = path
    out = sys.stdout.buffer
    try:
        # whatever the work prints goes to standard error: standard output carries the result only
        with contextlib.redirect_stdout(io.TextIOWrapper(sys.stderr.buffer, write_through=True)):
            function: Any = importlib.import_module(module)
            for part in name.split("."):
                function = getattr(function, part)
            answer: tuple[bool, Any] = (True, function(*args))
    except BaseException as exc:  # handed to the caller, with its traceback
        answer = (False, "".join(traceback.format_exception(exc)))
    pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    main()
