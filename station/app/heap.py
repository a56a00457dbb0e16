"""Give freed heap memory back to the system, so the kiosk's resident size stays flat.

glibc keeps freed blocks in its arenas (one per thread that allocates: UI, scale, printer,
speech), so the resident size crept up with every saved tally although nothing was kept:
+10 MB over 400 tallies, +2.6 MB with a trim every 10 (bench/bench_kiosk.py, docs/kiosk.md).
The kiosk unit's MemoryHigh/MemoryMax count resident memory, so it is worth handing back.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

TRIM_EVERY_S = 10.0


def heap_trimmer() -> Callable[[], None] | None:
    """glibc's `malloc_trim(0)`, or None where the C library has none (musl, macOS)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    return lambda: trim(0)
