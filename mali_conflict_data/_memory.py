"""Giving memory back between the steps of a large build."""

from __future__ import annotations


def release() -> None:
    """Give the memory freed so far back to the system (Arrow's pool, then glibc's heap).

    NumPy and pandas allocate through glibc, Arrow through its own pool: memory one of
    them freed is not reused by the other, so a large build would hold both. Where
    ``malloc_trim`` does not exist (not glibc), only Arrow's pool is released.

    >>> release()
    """
    import ctypes

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
