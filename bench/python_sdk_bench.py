"""Python SDK benchmark: the cost of one `run.log` call (p50/p99) and sustained points/s into a real server.

    cd /work/wt/pysdk && ./mvnw -q package -DskipTests      # once: builds server/target/sextant.jar
    python3 bench/python_sdk_bench.py [--url http://127.0.0.1:5055] [--calls 200000] [--keys 5]

Without --url it starts the jar on a free port with a temporary data folder and stops it afterwards.
"""
from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "client-sdk" / "python" / "src"))

import sextant  # noqa: E402


def start_server() -> tuple:
    jar = REPO / "server" / "target" / "sextant.jar"
    if not jar.is_file():
        sys.exit(f"{jar} is missing: build it with `./mvnw -q package -DskipTests`")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = Path(tempfile.mkdtemp(prefix="sextant-bench-"))
    process = subprocess.Popen(["java", "-jar", str(jar), "--port", str(port), "--data-dir", str(data / "data")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(url + "/health", timeout=1) as response:
                if json.load(response)["status"] == "ok":
                    return url, process, data
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("the server did not start")


def percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url")
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--keys", type=int, default=5, help="metrics per log call")
    args = parser.parse_args()
    process = data = None
    url = args.url
    if url is None:
        url, process, data = start_server()
    spool = tempfile.mkdtemp(prefix="sextant-bench-spool-")
    try:
        keys = [f"bench/m{i}" for i in range(args.keys)]
        clock = time.perf_counter_ns
        run = sextant.start_run("python-sdk-bench", url=url, spool_dir=spool, system_metrics_interval_s=0,
                                finish_timeout_s=600)
        # Warm-up, not measured: first requests pay for JIT compilation on the server.
        for step in range(2_000):
            run.log({key: step * 0.001 for key in keys}, step=step)
        run.flush()

        costs = []
        started = time.perf_counter()
        for step in range(2_000, 2_000 + args.calls):
            row = {key: step * 0.001 for key in keys}
            before = clock()
            run.log(row, step=step)
            costs.append(clock() - before)
        logged_s = time.perf_counter() - started
        run.finish()
        total_s = time.perf_counter() - started
        points = args.calls * args.keys

        stored = sextant.Client(url).get_run(run.run_id)["metrics"][keys[0]]["count"]
        costs.sort()
        print(f"run.log cost per call ({args.keys} metrics/call, {args.calls:,} calls): "
              f"p50 {percentile(costs, 0.50) / 1000:.1f} us, p99 {percentile(costs, 0.99) / 1000:.1f} us, "
              f"mean {sum(costs) / len(costs) / 1000:.1f} us")
        print(f"log loop: {logged_s:.2f} s for {points:,} points ({points / logged_s:,.0f} points/s seen by the caller)")
        print(f"sustained into the server: {points:,} points in {total_s:.2f} s including the final flush = "
              f"{points / total_s:,.0f} points/s")
        print(f"check: series {keys[0]} holds {stored:,} points (expected {args.calls + 2_000:,})")
    finally:
        if process:
            process.terminate()
            process.wait()
            shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(spool, ignore_errors=True)


if __name__ == "__main__":
    main()
