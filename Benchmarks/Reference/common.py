"""Timing shared by the reference scripts: the same rule as Wick's wick-compare."""
import time


def measure(body, rounds):
    """The median over `rounds` of the mean time of one body(), each round lasting about 0.2 s."""
    for _ in range(3):
        body()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.05:
        body()
        calls += 1
    per_round = max(1, int(0.2 / ((time.perf_counter() - start) / calls)))
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(per_round):
            body()
        times.append((time.perf_counter() - t0) / per_round)
    return sorted(times)[len(times) // 2]


def measure_once(body, rounds):
    """For operations of seconds: the median of `rounds` single calls, without warm-up calls."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        body()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]
