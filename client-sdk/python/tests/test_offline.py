import math
import subprocess
import sys

import pytest

import sextant
from conftest import subprocess_env

CONFIG = {"lr": 0.01, "optimizer": {"name": "adam", "betas": [0.9, 0.999]}}


def log_the_same_run(run, timestamps):
    for step in range(300):
        run.log({"train/loss": 1.0 / (step + 1), "train/odd": math.nan if step % 50 == 0 else step},
                step=step, timestamp_ms=timestamps + step)
    run.set_tags({"phase": "done"})
    run.log_config({"epochs": 3})
    run.log_input("cifar10", "/data/cifar10", context="train")


def comparable(client, run_id):
    stored = client.get_run(run_id)
    points = {key: client.metric_points(run_id, key) for key in ("train/loss", "train/odd")}
    for series in points.values():
        for point in series:
            point["value"] = "nan" if math.isnan(point["value"]) else point["value"]
    return {"status": stored["status"], "config": stored["config"], "tags": stored["tags"], "inputs": stored["inputs"],
            "experiment_id": stored["experiment_id"], "name": stored["name"],
            "summaries": {k: {f: v for f, v in s.items() if f not in ("mean",)} for k, s in stored["metrics"].items()},
            "points": points}


def test_an_offline_run_synced_later_equals_the_same_run_logged_online(server, client, tmp_path):
    with sextant.start_run("sdk-offline", url=server.url, config=CONFIG, tags={"t": "1"}, name="twin") as online:
        log_the_same_run(online, 1_700_000_000_000)
    with sextant.start_run("sdk-offline", url=server.url, config=CONFIG, tags={"t": "1"}, name="twin",
                           mode="offline") as offline:
        log_the_same_run(offline, 1_700_000_000_000)

    spool = tmp_path / "spool"
    assert (spool / f"{offline.run_id}.jsonl").exists()
    with pytest.raises(sextant.ApiError):
        client.get_run(offline.run_id)  # nothing was sent

    results = sextant.sync(str(spool), url=server.url, progress=None)
    assert [(r.run_id, r.status, r.points, r.rejected) for r in results] == [(offline.run_id, "synced", 600, 0)]
    assert comparable(client, offline.run_id) == comparable(client, online.run_id)
    assert not list(spool.glob(offline.run_id + "*"))  # a synced spool is removed
    assert sextant.sync(str(spool), url=server.url, progress=None) == []


def test_sync_from_the_command_line_prints_progress_and_is_safe_to_repeat(server, client, tmp_path):
    with sextant.start_run("sdk-offline", mode="offline", config={"a": 1}) as run:
        for step in range(12_000):
            run.log({"loss": step / 7}, step=step)
    spool = tmp_path / "spool"
    done = subprocess.run([sys.executable, "-m", "sextant", "sync", str(spool)], env=subprocess_env(server.url),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"sync {run.run_id}:" in done.stderr and "12,000 points" in done.stderr
    assert "1 of 1 spooled runs synced" in done.stderr
    assert client.get_run(run.run_id)["metrics"]["loss"]["count"] == 12_000
    assert client.get_run(run.run_id)["status"] == "FINISHED"


def test_an_offline_run_resumed_offline_is_merged_by_sync(server, client, tmp_path):
    with sextant.start_run("sdk-offline", url=server.url) as first:
        first.log({"loss": 1.0}, step=0)
    with sextant.start_run(run_id=first.run_id, mode="offline", tags={"resumed": "offline"}) as second:
        second.log({"loss": 2.0}, step=1)
    sextant.sync(str(tmp_path / "spool"), url=server.url, progress=None)
    stored = client.get_run(first.run_id)
    assert stored["tags"]["resumed"] == "offline" and stored["status"] == "FINISHED"
    assert [p["value"] for p in client.metric_points(first.run_id, "loss")] == [1.0, 2.0]
