"""An unmodified tutorial-style script pointed at Sextant, then the run seen through Sextant's own API."""
import requests

import mlflow


def train(epochs):
    mlflow.set_experiment("tutorial-quickstart")
    with mlflow.start_run(run_name="tutorial") as run:
        mlflow.log_params({"lr": 0.01, "epochs": epochs, "optimizer": "adam"})
        for epoch in range(epochs):
            mlflow.log_metric("loss", 1.0 / (epoch + 1), step=epoch)
            mlflow.log_metrics({"acc": epoch / epochs, "val_acc": epoch / (epochs + 1)}, step=epoch)
        mlflow.set_tag("stage", "demo")
    return run.info.run_id


def test_a_tutorial_script_runs_unchanged_and_shows_in_sextant(server_url):
    run_id = train(epochs=5)
    run = mlflow.get_run(run_id)
    assert run.info.status == "FINISHED"
    assert run.data.params == {"lr": "0.01", "epochs": "5", "optimizer": "adam"}
    assert run.data.metrics["loss"] == 0.2
    native = requests.get(f"{server_url}/api/v1/runs/{run_id}", timeout=10)
    assert native.status_code == 200
    assert native.json()["name"] == "tutorial"
