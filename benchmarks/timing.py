"""The one timing rule the benchmark scripts share: the best of a few repeats (the least disturbed run)."""

import time


def best_of(repeats: int, fn) -> float:
    """Seconds of the fastest of ``repeats`` calls of ``fn()``."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)
