"""log_artifact / download_artifacts through the proxied mlflow-artifacts API (spec §3)."""
import pytest

pytestmark = pytest.mark.xfail(reason="artifact endpoint /api/2.0/mlflow-artifacts is not implemented on this branch (#3)",
                               strict=False)


def test_a_file_round_trips(client, run_id, tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("hello sextant\n")
    client.log_artifact(run_id, str(source), artifact_path="docs")
    assert [f.path for f in client.list_artifacts(run_id, "docs")] == ["docs/notes.txt"]
    local = client.download_artifacts(run_id, "docs/notes.txt", str(tmp_path / "out"))
    assert open(local).read() == "hello sextant\n"


def test_a_folder_round_trips(client, run_id, tmp_path):
    folder = tmp_path / "model"
    (folder / "sub").mkdir(parents=True)
    (folder / "MLmodel").write_text("flavors: {}\n")
    (folder / "sub" / "weights.bin").write_bytes(bytes(range(256)) * 64)
    client.log_artifacts(run_id, str(folder), artifact_path="model")
    out = client.download_artifacts(run_id, "model", str(tmp_path / "out"))
    assert open(f"{out}/MLmodel").read() == "flavors: {}\n"
    assert open(f"{out}/sub/weights.bin", "rb").read() == bytes(range(256)) * 64


def test_tracking_artifacts_list_returns_run_relative_paths(api, client, run_id, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("a")
    client.log_artifact(run_id, str(source), artifact_path="dir")
    body = api.get("/artifacts/list", {"run_id": run_id, "path": "dir"}).json()
    assert body["files"] == [{"path": "dir/a.txt", "is_dir": False, "file_size": 1}]
