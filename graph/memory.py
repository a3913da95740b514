"""Giving the memory a phase of the build has freed back to the system before the next phase.

The importers' terms and the in-memory store are allocated by the C library's ``malloc``, which keeps what they
free in its heap: still counted as the process's memory, and not reusable by the interpreter's own allocator or
by large buffers, which map memory of their own. glibc's ``malloc_trim`` hands the free pages back.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # a C library without it (musl)
        return None
    return trim


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system; False where the C library cannot (nothing is done)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
