"""The same workloads against each server given, through MLflow's REST API (api/2.0/mlflow), over one keep-alive
connection each: run creation, log-batch ingest (1,000 metrics a request), one log-metric request per point,
reading a 10,000-point history, and a search with a metric filter, a param filter and an order by a metric.
Each figure is the median of `repeats` trials; the last table gives Sextant's advantage per workload.

Usage: workloads.py REPEATS NAME=URL [NAME=URL ...]   (run.sh starts both servers and calls this)
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

SEARCH_RUNS = 300
HISTORY_POINTS = 10_000


class Client:
    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=300)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        self.connection.request(method, "/api/2.0/mlflow/" + path, body=data, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: HTTP {response.status}: {payload[:300]!r}")
        return json.loads(payload) if payload else {}


def create_run(client, experiment_id, name):
    return client.call("POST", "runs/create", {"experiment_id": experiment_id, "run_name": name,
                                               "start_time": int(time.time() * 1000)})["run"]["info"]["run_id"]


def batch(run_id, key, start_step, count):
    now = int(time.time() * 1000)
    return {"run_id": run_id, "metrics": [
        {"key": key, "value": 1.0 / (step + 1), "timestamp": now, "step": step}
        for step in range(start_step, start_step + count)]}


def trials(repeats, trial):
    return statistics.median(trial(i) for i in range(repeats))


def measure(url, repeats):
    client = Client(url)
    experiment_id = client.call("POST", "experiments/create", {"name": f"vs-mlflow-{time.time_ns()}"})["experiment_id"]
    results = {}

    def creation(_):
        start = time.perf_counter()
        for i in range(100):
            create_run(client, experiment_id, f"created-{i}")
        return (time.perf_counter() - start) * 1000 / 100
    results["run creation (ms a run)"] = trials(repeats, creation)

    def log_batch(_):
        run_id = create_run(client, experiment_id, "batches")
        bodies = [batch(run_id, "loss", i * 1000, 1000) for i in range(20)]
        start = time.perf_counter()
        for body in bodies:
            client.call("POST", "runs/log-batch", body)
        return 20_000 / (time.perf_counter() - start)
    results["log-batch ingest (points/s)"] = trials(repeats, log_batch)

    def log_metric(_):
        run_id = create_run(client, experiment_id, "points")
        now = int(time.time() * 1000)
        start = time.perf_counter()
        for step in range(500):
            client.call("POST", "runs/log-metric", {"run_id": run_id, "key": "loss", "value": 1.0 / (step + 1),
                                                    "timestamp": now, "step": step})
        return 500 / (time.perf_counter() - start)
    results["log-metric, one point a request (points/s)"] = trials(repeats, log_metric)

    history_run = create_run(client, experiment_id, "history")
    for i in range(HISTORY_POINTS // 1000):
        client.call("POST", "runs/log-batch", batch(history_run, "loss", i * 1000, 1000))

    def history(_):
        start = time.perf_counter()
        page = client.call("GET", f"metrics/get-history?run_id={history_run}&metric_key=loss&max_results=25000")
        elapsed = (time.perf_counter() - start) * 1000
        assert len(page["metrics"]) == HISTORY_POINTS, len(page["metrics"])
        return elapsed
    results[f"history read, {HISTORY_POINTS:,} points (ms)"] = trials(max(repeats, 5), history)

    search_experiment = client.call("POST", "experiments/create", {"name": f"vs-mlflow-search-{time.time_ns()}"})["experiment_id"]
    now = int(time.time() * 1000)
    for i in range(SEARCH_RUNS):
        run_id = create_run(client, search_experiment, f"search-{i}")
        client.call("POST", "runs/log-batch", {"run_id": run_id,
                    "params": [{"key": "lr", "value": str((i % 10) / 1000)}, {"key": "layers", "value": str(i % 7)}],
                    "metrics": [{"key": "loss", "value": (i * 7919 % 1000) / 1000, "timestamp": now, "step": 0},
                                {"key": "acc", "value": (i * 104729 % 1000) / 1000, "timestamp": now, "step": 0}]})
    search = {"experiment_ids": [search_experiment], "filter": "metrics.loss < 0.5 and params.lr = '0.003'",
              "order_by": ["metrics.acc DESC"], "max_results": 100}

    def search_once(_):
        start = time.perf_counter()
        found = client.call("POST", "runs/search", search).get("runs", [])
        elapsed = (time.perf_counter() - start) * 1000
        assert 0 < len(found) <= SEARCH_RUNS // 10, len(found)
        return elapsed
    results[f"search: metric + param filter, order by metric, {SEARCH_RUNS} runs (ms)"] = trials(max(repeats, 5), search_once)
    return results


def main():
    repeats = int(sys.argv[1])
    servers = dict(arg.split("=", 1) for arg in sys.argv[2:])
    measured = {}
    for name, url in servers.items():
        start = time.perf_counter()
        measured[name] = measure(url, repeats)
        print(f"{name}: measured in {time.perf_counter() - start:.0f} s", flush=True)
    names = list(servers)
    workloads = list(measured[names[0]])
    print(f"\nmedian of {repeats} trials (history and search: of max({repeats}, 5)); one keep-alive client")
    print(f"{'workload':<62}" + "".join(f"{name:>14}" for name in names) + "   ratio")
    for workload in workloads:
        values = [measured[name][workload] for name in names]
        higher_is_better = workload.endswith("/s)")
        if len(values) == 2:
            ratio = values[1] / values[0] if higher_is_better else values[0] / values[1]
            ratio_text = f"{ratio:7.1f}x {names[1]} faster" if ratio >= 1 else f"{1 / ratio:7.1f}x {names[0]} faster"
        else:
            ratio_text = ""
        print(f"{workload:<62}" + "".join(f"{value:>14,.1f}" for value in values) + "   " + ratio_text)


if __name__ == "__main__":
    main()
