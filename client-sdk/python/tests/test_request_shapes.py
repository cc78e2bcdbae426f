"""Every request shape the SDK sends, with every optional field set, against the real server jar, which refuses a
body field it does not declare (ADR 0018): a field added to the SDK but not to the server fails here, not in a user's
run. Each test checks that what was sent arrived, and that nothing was dead-lettered."""
import json
import urllib.request

import sextant
from sextant._http import Transport


def rejected_requests(tmp_path):
    return [path.read_text() for path in (tmp_path / "spool").glob("*.rejected.jsonl")]


def test_every_run_request_with_every_optional_field_is_accepted_and_arrives(server, client, tmp_path):
    request = urllib.request.Request(f"{server.url}/api/v1/experiments", data=b'{"name": "sdk-shapes"}', method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        experiment_id = json.load(response)["experiment_id"]
    with sextant.start_run(experiment_id=experiment_id, url=server.url, name="parent") as parent:
        pass
    with sextant.start_run(experiment_id=experiment_id, url=server.url, name="child", user="ada",
                           parent_run_id=parent.run_id, config={"lr": 0.1, "model": {"depth": 2}},
                           tags={"team": "vision"}) as run:
        run.log({"loss": 0.5}, step=3, timestamp_ms=1_700_000_000_000)
        run.log_config({"batch": 8})
        run.set_tags({"stage": "train"})
        run.log_input("mnist", "/data/mnist", digest="d1", source_type="path", schema='{"cols": 2}', context="train",
                      tags={"split": "a"})

    stored = client.get_run(run.run_id)
    assert (stored["experiment_id"], stored["name"], stored["user"], stored["parent_run_id"]) == (
        experiment_id, "child", "ada", parent.run_id)
    assert stored["config"] == {"lr": 0.1, "model": {"depth": 2}, "batch": 8}
    assert stored["tags"]["team"] == "vision" and stored["tags"]["stage"] == "train"
    assert stored["status"] == "FINISHED" and stored["end_time_ms"] is not None
    [point] = client.metric_points(run.run_id, "loss")
    assert (point["step"], point["timestamp_ms"], point["value"]) == (3, 1_700_000_000_000, 0.5)
    [given] = stored["inputs"]
    sent = {"name": "mnist", "digest": "d1", "source_type": "path", "source": "/data/mnist", "schema": '{"cols": 2}'}
    assert {key: given["dataset"].get(key) for key in sent} == sent
    assert given["tags"] == {"split": "a", "mlflow.data.context": "train"}
    assert rejected_requests(tmp_path) == []


def test_resuming_a_run_by_id_and_an_experiment_by_name_are_accepted(server, client, tmp_path):
    with sextant.start_run("sdk-shapes-by-name", url=server.url) as first:
        first.log({"loss": 1.0}, step=0)
    with sextant.start_run(run_id=first.run_id, url=server.url, config={"resumed": True}, tags={"again": "1"}) as again:
        again.log({"loss": 0.5})

    stored = client.get_run(first.run_id)
    assert stored["status"] == "FINISHED" and stored["config"] == {"resumed": True}
    assert stored["tags"]["again"] == "1"
    assert [p["step"] for p in client.metric_points(first.run_id, "loss")] == [0, 1]
    assert rejected_requests(tmp_path) == []


def test_a_sweep_created_with_a_name_and_its_trial_requests_are_accepted(server, client):
    sweep = client.create_sweep({"method": "grid", "metric": {"name": "loss", "goal": "minimize"},
                                 "parameters": {"lr": {"values": [0.1]}}}, name="shapes")
    assert client.get_sweep(sweep["sweep_id"])["name"] == "shapes"

    def train(config):
        return config["lr"]

    assert sextant.agent(sweep["sweep_id"], train, url=server.url) == 1
    [trial] = client.sweep_trials(sweep["sweep_id"])
    assert (trial["run_status"], trial["metric_value"]) == ("FINISHED", 0.1)


def test_the_server_refuses_a_field_it_does_not_declare_with_its_name(server):
    """The guard the tests above rely on: were the server lenient again, they would prove nothing."""
    transport = Transport(server.url, None, 10.0)
    try:
        transport.request("POST", "/api/v1/runs", {"experiment_name": "sdk-shapes", "run_name": "x"})
    except sextant.ApiError as error:
        assert "runs.create: unknown field 'run_name' (use 'name')" in str(error)
    else:
        raise AssertionError("the server accepted a field it does not declare")
