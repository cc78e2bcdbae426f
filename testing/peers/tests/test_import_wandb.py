"""`sextant import wandb DIR`: offline runs written by wandb 0.31 (WANDB_MODE=offline), read back with its protobufs."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap

import pytest

import sextant
import wandb_log

WRITE_RUNS = textwrap.dedent("""
    import math, os, sys
    import wandb
    run = wandb.init(project="vision", name="resnet", notes="first try", tags=["baseline", "gpu"],
                     config={"lr": 0.01, "model": {"layers": 4, "act": "relu"}, "sizes": [1, 2]})
    for step in range(1500):  # well past one 32 KiB block, so records cross blocks
        run.log({"loss": 1.0 / (step + 1), "train/acc": step / 1500, "nested": {"x": step % 7}})
    run.log({"caption": "not a number", "odd": math.nan})
    run.summary["best"] = 0.77
    run.config.update({"late": 5})
    with open(os.path.join(run.dir, "notes.md"), "w") as f:
        f.write("# notes\\n")
    run.finish()
    run = wandb.init(project="vision", name="broken", config={"lr": 0.1})
    for step in (10, 20, 30):
        run.log({"loss": step / 10}, step=step)
    run.finish(exit_code=1)
""")


@pytest.fixture(scope="module")
def offline_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("wandb")
    env = {**os.environ, "WANDB_MODE": "offline", "WANDB_DIR": str(root), "WANDB_SILENT": "true",
           "WANDB_DISABLE_GIT": "true", "WANDB_CONFIG_DIR": str(root / "config"), "WANDB_CACHE_DIR": str(root / "cache")}
    subprocess.run([sys.executable, "-c", WRITE_RUNS], env=env, check=True, cwd=root, timeout=300)
    return root / "wandb"


def test_config_history_summary_tags_and_files_equal_what_wandb_recorded_and_a_second_import_changes_nothing(offline_runs, tmp_path):
    data = tmp_path / "sextant-data"
    result = sextant.run("import", "wandb", str(offline_runs), "--data-dir", str(data))
    assert "Imported 2 run(s)" in result.stdout, result.stdout
    assert "history values that are not numbers" in result.stdout and "caption" in result.stdout
    logs = sorted(offline_runs.glob("offline-run-*/run-*.wandb"))
    assert len(logs) == 2
    with sextant.Server(data) as server:
        runs = {r["tags"]["wandb.run_id"]: r for r in server.runs(server.experiments()["vision"]["experiment_id"])}
        for log in logs:
            run, config, summary, points, exit_code = wandb_log.view(log)
            ours = runs[run.run_id]
            assert ours["name"] == run.display_name
            assert (ours["notes"] or "") == run.notes
            assert json.loads(ours["tags"].get("wandb.tags", "[]")) == list(run.tags)
            assert ours["start_time_ms"] == run.start_time.seconds * 1000 + run.start_time.nanos // 1_000_000
            assert ours["status"] == ("FINISHED" if exit_code == 0 else "FAILED")
            expected_config = {k: v for k, v in config.items() if k != "_wandb"}
            assert ours["config"] == json.loads(json.dumps(expected_config)), ours["params"]
            finals = {k: v for k, v in summary.items() if not k.startswith("_") and k not in points
                      and isinstance(v, (int, float))}
            assert set(ours["metrics"]) == set(points) | set(finals)
            for key, series in points.items():
                assert sextant.same_points(series, server.points(ours["run_id"], key)), key
            for key, value in finals.items():
                assert [p[2] for p in server.points(ours["run_id"], key)] == [value]
            files = sorted(p.relative_to(log.parent / "files").as_posix() for p in (log.parent / "files").rglob("*") if p.is_file())
            assert sorted(server.artifacts(ours["run_id"])) == files
            for path in files:
                assert server.artifact(ours["run_id"], path) == (log.parent / "files" / path).read_bytes()
        resnet = next(r for r in runs.values() if r["name"] == "resnet")
        assert resnet["params"] == {"lr": "0.01", "model.layers": "4", "model.act": "relu", "sizes": "[1,2]", "late": "5"}
        assert resnet["metrics"]["loss"]["count"] == 1500 and math.isnan(float(resnet["metrics"]["odd"]["last"]))
        assert resnet["metrics"]["best"]["last"] == 0.77
        before = server.dump()
    again = sextant.run("import", "wandb", str(offline_runs), "--data-dir", str(data))
    assert "Imported 0 run(s) (2 already imported before)" in again.stdout, again.stdout
    with sextant.Server(data) as server:
        assert server.dump() == before
