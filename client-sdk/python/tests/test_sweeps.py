"""Sweep agents end to end against the real server jar: the function agent, should_stop, and the command agent."""
import json
import subprocess
import sys
import time

import sextant
from conftest import PYTHON_SDK, subprocess_env

GRID = {"method": "grid", "metric": {"name": "loss", "goal": "minimize"},
        "parameters": {"lr": {"values": [0.1, 0.01]}, "opt": {"values": ["adam", "sgd"]}, "model.width": {"value": 64}}}


def test_an_agent_runs_every_grid_trial_once_with_its_config(server, client):
    sweep_id = client.create_sweep(GRID)["sweep_id"]
    seen = []

    def train(config):
        with sextant.start_run(url=server.url) as run:
            assert run.run_id == sextant._sweep.attached_run().run_id
            seen.append((config["lr"], config["opt"], config["model"]["width"]))
            run.log({"loss": config["lr"] * (2 if config["opt"] == "sgd" else 1)})

    assert sextant.agent(sweep_id, train, url=server.url) == 4
    assert sorted(seen) == sorted([(0.1, "adam", 64), (0.1, "sgd", 64), (0.01, "adam", 64), (0.01, "sgd", 64)])
    sweep = client.get_sweep(sweep_id)
    assert sweep["state"] == "FINISHED"
    assert sweep["counts"]["FINISHED"] == 4
    assert sweep["best_value"] == 0.01
    run = client.get_run(sweep["best_run_id"])
    assert run["config"]["opt"] == "adam"


def test_a_returned_number_is_logged_as_the_sweep_metric_and_an_exception_fails_only_its_trial(server, client):
    sweep_id = client.create_sweep({**GRID, "parameters": {"lr": {"values": [1, 2, 3]}}})["sweep_id"]

    def train(config):
        if config["lr"] == 2:
            raise ValueError("diverged")
        return config["lr"] * 10

    assert sextant.agent(sweep_id, train, url=server.url) == 3
    trials = client.sweep_trials(sweep_id)
    assert [t["run_status"] for t in trials] == ["FINISHED", "FAILED", "FINISHED"]
    assert [t["metric_value"] for t in trials] == [10.0, None, 30.0]


def test_should_stop_ends_a_clearly_worse_trial_as_killed_with_the_reason(server, client, monkeypatch):
    monkeypatch.setenv("SEXTANT_HEARTBEAT_INTERVAL", "0.1")
    sweep_id = client.create_sweep({
        "method": "grid", "metric": {"name": "loss"}, "parameters": {"x": {"values": [0.1, 0.2, 5.0]}},
        "early_terminate": {"type": "median", "min_iter": 3, "min_trials": 2}})["sweep_id"]
    stopped_at = {}

    def train(config):
        with sextant.start_run() as run:
            for step in range(25):
                run.log({"loss": config["x"] + 0.01 / (step + 1)}, step=step)
                run.flush()
                time.sleep(0.05)
                if run.should_stop():
                    stopped_at[config["x"]] = step
                    break

    sextant.agent(sweep_id, train, url=server.url)
    assert list(stopped_at) == [5.0]
    assert stopped_at[5.0] < 24
    trials = client.sweep_trials(sweep_id)
    assert [t["run_status"] for t in trials] == ["FINISHED", "FINISHED", "KILLED"]
    assert trials[2]["stop_reason"].startswith("median:")
    assert client.get_run(trials[2]["run_id"])["tags"]["sextant.sweep.stop_reason"] == trials[2]["stop_reason"]


def test_the_command_agent_runs_a_script_per_trial_with_its_config(server, client, tmp_path):
    script = tmp_path / "train.py"
    script.write_text(
        "import json, os, sys\n"
        "import sextant\n"
        "lr = float(sys.argv[sys.argv.index('--lr') + 1])\n"
        "assert json.loads(os.environ['SEXTANT_CONFIG'])['lr'] == lr\n"
        "with sextant.start_run(config={'epochs': 3}) as run:\n"
        "    assert run.run_id == os.environ['SEXTANT_RUN_ID']\n"
        "    run.log({'loss': lr * 100})\n"
        "    print('trained', run.run_id, sys.argv[3])\n")
    sweep_id = client.create_sweep({**GRID, "parameters": {"lr": {"values": [0.5, 0.25]}, "opt": {"values": ["x"]}}})["sweep_id"]
    done = subprocess.run([sys.executable, "-m", "sextant", "agent", sweep_id, "--", sys.executable, str(script),
                           "--lr", "${lr}", "${opt}"], env=subprocess_env(server.url), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("trained") == 2 and " x\n" in done.stdout
    trials = client.sweep_trials(sweep_id)
    assert [t["run_status"] for t in trials] == ["FINISHED", "FINISHED"]
    assert [t["metric_value"] for t in trials] == [50.0, 25.0]
    assert client.get_run(trials[0]["run_id"])["config"]["epochs"] == 3


def test_a_command_that_fails_leaves_its_trial_failed(server, client):
    sweep_id = client.create_sweep({**GRID, "parameters": {"lr": {"values": [1]}}})["sweep_id"]
    done = subprocess.run([sys.executable, "-m", "sextant", "agent", sweep_id, "--", sys.executable, "-c",
                           "import sys; sys.exit(3)"], env=subprocess_env(server.url), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert [t["run_status"] for t in client.sweep_trials(sweep_id)] == ["FAILED"]


def test_sweep_create_reads_a_json_config_file_and_prints_the_id(server, client, tmp_path):
    path = tmp_path / "sweep.json"
    path.write_text(json.dumps({"method": "random", "parameters": {"lr": {"min": 0.0, "max": 1.0}}}))
    done = subprocess.run([sys.executable, "-m", "sextant", "sweep", "create", str(path), "--name", "cli"],
                          env=subprocess_env(server.url), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert client.get_sweep(done.stdout.strip())["name"] == "cli"


def test_the_sweep_example_runs_trials_and_reports_the_best(server, client):
    done = subprocess.run([sys.executable, str(PYTHON_SDK / "examples" / "sweep_logreg.py"), "--count", "6"],
                          env=subprocess_env(server.url, SEXTANT_HEARTBEAT_INTERVAL="0.2"), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    sweep_id = done.stdout.split()[1]
    sweep = client.get_sweep(sweep_id)
    assert sweep["trial_count"] == 6
    assert sweep["best_value"] < 0.6  # it really learned (chance is ln 2 ≈ 0.69)


def test_a_command_gets_each_parameter_and_all_of_them_as_args():
    from sextant._sweep_command import expand
    config = {"lr": 0.01, "opt": "adam", "model": {"width": 64}}
    assert expand(["train.py", "--lr", "${lr}", "--w=${model.width}", "${args}"], config) == [
        "train.py", "--lr", "0.01", "--w=64", "--lr=0.01", "--opt=adam", "--model.width=64"]
    try:
        expand(["train.py", "${missing}"], config)
    except KeyError as error:
        assert "missing" in str(error)
    else:
        raise AssertionError("an unknown placeholder must be an error")
