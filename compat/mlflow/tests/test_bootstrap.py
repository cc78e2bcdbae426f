import requests


def test_default_experiment_exists_and_is_active(client):
    experiment = client.get_experiment("0")
    assert experiment.name == "Default"
    assert experiment.lifecycle_stage == "active"
    assert experiment.artifact_location == "mlflow-artifacts:/0"


def test_health_answers(server_url):
    assert requests.get(server_url + "/health", timeout=10).status_code == 200
