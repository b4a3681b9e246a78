"""The bench's two engine workloads written in SimPy, the reference `npm run bench` runs beside the engine.

    python3 test/bench/simpy-workloads.py hold|mm1

Prints one JSON line: `loop_s` (the event loop only, set-up excluded) and, for hold, `events`; for
mm1, `customers` and `mean_time_in_system` (theory: 1 / (mu - lambda) = 10). The parameters are
those of test/bench/engine-workloads.ts (HOLD) and test/support/mm1.ts (MM1); keep them in step.
Needs SimPy 3 or 4 (Debian: apt-get install -y python3-simpy3).
"""
import json
import random
import sys
import time

import simpy

HOLD = {"processes": 1000, "until": 1000.0, "rate": 1.0}
MM1 = {"arrival_rate": 0.9, "service_rate": 1.0, "customers": 200_000}
SEED = 42


def hold():
    """HOLD['processes'] processes, each holding an exponential time and counting one event, again and again."""
    env = simpy.Environment()
    rng = random.Random(SEED)
    events = [0]

    def process():
        while True:
            yield env.timeout(rng.expovariate(HOLD["rate"]))
            events[0] += 1

    for _ in range(HOLD["processes"]):
        env.process(process())
    start = time.perf_counter()
    env.run(until=HOLD["until"])
    return {"events": events[0], "loop_s": time.perf_counter() - start}


def mm1():
    """One FIFO server, Poisson arrivals, exponential service, until MM1['customers'] have left."""
    env = simpy.Environment()
    rng = random.Random(SEED)
    server = simpy.Resource(env, capacity=1)
    done = [0, 0.0]  # customers served, sum of their times in system

    def customer():
        arrived = env.now
        with server.request() as turn:
            yield turn
            yield env.timeout(rng.expovariate(MM1["service_rate"]))
        done[0] += 1
        done[1] += env.now - arrived

    def arrivals():
        for _ in range(MM1["customers"]):
            yield env.timeout(rng.expovariate(MM1["arrival_rate"]))
            env.process(customer())

    env.process(arrivals())
    start = time.perf_counter()
    env.run()
    return {
        "loop_s": time.perf_counter() - start,
        "customers": done[0],
        "mean_time_in_system": done[1] / done[0],
    }


if __name__ == "__main__":
    workloads = {"hold": hold, "mm1": mm1}
    mode = sys.argv[1] if len(sys.argv) > 1 else "hold"
    if mode not in workloads:
        sys.stderr.write(f"simpy-workloads.py: unknown workload '{mode}' (expected hold or mm1)\n")
        sys.exit(2)
    print(json.dumps(workloads[mode]()))
