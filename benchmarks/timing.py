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


def best_cpu(repeats: int, fn) -> float:
    """CPU seconds of this process for the fastest of ``repeats`` calls of ``fn()``: what a request costs
    the server (BLAS threads included), and less disturbed than wall time on a shared machine."""
    times = []
    for _ in range(repeats):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)
