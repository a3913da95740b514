"""Work handed to fresh Python processes: the pure-Python steps of a large build that would otherwise keep
one core busy while the others wait (the series' clause alignments, a second dump serializer).

Each worker is a new interpreter, started as ``python -m hrcgraph.graph.workers``. It imports only what its
work needs and never the caller's main module, which ``multiprocessing`` would import again (running a
script that lacks an ``if __name__ == "__main__"`` guard a second time); and it is safe whatever threads the
caller runs, which a forked copy is not. The function, its arguments and the caller's ``sys.path`` reach it
pickled on its standard input; its result, or its error with the traceback, comes back pickled on its
standard output.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import pickle
import subprocess
import sys
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
            with self.process.stdin:
                self.process.stdin.write(payload)
        except BrokenPipeError:
            pass  # the worker ended before reading its input: result() says how

    def result(self) -> T:
        assert self.process.stdout is not None
        with self.process.stdout:
            answer = self.process.stdout.read()
        code = self.process.wait()
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


def main() -> None:
    path, module, name, args = pickle.load(sys.stdin.buffer)
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
