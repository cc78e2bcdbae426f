"""Writes behind the end of a long series: one series of POINTS points (MLflow log-batch, 1,000 a request), then 2,000
one-point log-metric writes at early steps (a resumed job re-logging old steps, a backfill) and 2,000 past the end.
Prints the time a write from one client and the server's writer-thread CPU a write (read from /proc).

    python3 bench/backfill_probe.py PORT SERVER_PID [POINTS=1000000]

against a server started by hand (`java -Xmx256m -jar server/target/sextant.jar --port PORT --data-dir DIR`).
"""
import glob
import http.client
import json
import sys
import time

port, pid = int(sys.argv[1]), int(sys.argv[2])
points = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
connection = http.client.HTTPConnection("127.0.0.1", port)


def writer_cpu_seconds():
    for stat_path in glob.glob(f"/proc/{pid}/task/*/stat"):
        stat = open(stat_path).read()
        if "sextant-db-writ" in stat:  # the kernel keeps 15 characters of a thread name
            fields = stat[stat.rindex(")") + 2:].split()
            return (int(fields[11]) + int(fields[12])) / 100
    raise SystemExit(f"no writer thread in process {pid}")


def post(path, body):
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}: {data[:300]}")
    return json.loads(data or b"{}")


run = post("/api/2.0/mlflow/runs/create", {"experiment_id": "0", "run_name": "backfill"})["run"]["info"]["run_id"]
began = time.time()
for start in range(0, points, 1000):
    post("/api/2.0/mlflow/runs/log-batch", {"run_id": run, "metrics": [
        {"key": "loss", "value": i * 0.5, "timestamp": 1_700_000_000_000 + i, "step": i} for i in range(start, start + 1000)]})
print(f"seeded {points:,} points in {time.time() - began:.1f} s")
for label, steps in (("behind the end", [(i * 7919) % (points - 5000) for i in range(2000)]),
                     ("past the end", [points + i for i in range(2000)])):
    began, cpu = time.perf_counter(), writer_cpu_seconds()
    for step in steps:
        post("/api/2.0/mlflow/runs/log-metric",
             {"run_id": run, "key": "loss", "value": 1.0, "timestamp": 1_700_000_000_000 + step, "step": step})
    print(f"{label}: {(time.perf_counter() - began) / len(steps) * 1000:.2f} ms a write, writer thread "
          f"{(writer_cpu_seconds() - cpu) / len(steps) * 1e6:.0f} µs of CPU a write ({len(steps)} writes)")
