"""log_artifact / download_artifacts through the proxied mlflow-artifacts API (spec §3), to the local store and to S3.

The S3 variant runs a second Sextant whose artifact root is a bucket on S3Proxy (the real S3 protocol, SigV4
checked), started from the classpath the testing/s3proxy module writes during the Maven build. The client never
talks to S3: run artifact URIs are mlflow-artifacts:, so every byte goes through Sextant.
"""
import json
import os
import pathlib
import subprocess
import time
import uuid

import mlflow
import pytest
import requests
from mlflow import MlflowClient

from conftest import ROOT, _free_port, assert_error, start_sextant, stop

S3PROXY_CLASSPATH = ROOT / "testing" / "s3proxy" / "target" / "s3proxy.classpath"
S3_ACCESS_KEY = "sextant-test"
S3_SECRET_KEY = "sextant-test-secret-key"


@pytest.fixture(scope="session")
def s3proxy(tmp_path_factory):
    """S3Proxy (filesystem backend) on a free port; a missing classpath fails the tests, it never skips them."""
    if not S3PROXY_CLASSPATH.is_file():
        pytest.fail(f"{S3PROXY_CLASSPATH} is missing: build with ./mvnw -q package -DskipTests (testing/s3proxy writes it)")
    work = tmp_path_factory.mktemp("s3proxy")
    (work / "data").mkdir()
    port = _free_port()
    conf = work / "s3proxy.conf"
    conf.write_text("\n".join([
        f"s3proxy.endpoint=http://127.0.0.1:{port}", "s3proxy.authorization=aws-v2-or-v4",
        f"s3proxy.identity={S3_ACCESS_KEY}", f"s3proxy.credential={S3_SECRET_KEY}",
        "jclouds.provider=filesystem", "jclouds.identity=x", "jclouds.credential=x",
        f"jclouds.filesystem.basedir={work / 'data'}", ""]))
    logback = work / "logback.xml"
    logback.write_text('<configuration><appender name="e" class="ch.qos.logback.core.ConsoleAppender">'
                       '<encoder><pattern>%msg%n</pattern></encoder></appender>'
                       '<root level="WARN"><appender-ref ref="e"/></root></configuration>')
    with open(work / "s3proxy.log", "w") as log:
        process = subprocess.Popen(
            ["java", "-Xmx256m", f"-Dlogback.configurationFile={logback}", "-cp", S3PROXY_CLASSPATH.read_text().strip(),
             "org.gaul.s3proxy.Main", "--properties", str(conf)], stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"S3Proxy exited:\n{(work / 's3proxy.log').read_text()}")
        try:
            requests.get(endpoint, timeout=1)
            break
        except requests.RequestException:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("S3Proxy did not start within 60 s")
            time.sleep(0.2)
    yield endpoint, work / "data"
    stop(process)


@pytest.fixture(scope="session")
def s3_server_url(s3proxy, tmp_path_factory):
    endpoint, _ = s3proxy
    process, url = start_sextant(
        tmp_path_factory.mktemp("sextant-s3"),
        ["--artifacts", "s3://mlflow-compat/prefix", "--s3-endpoint", endpoint, "--s3-path-style"],
        env={"AWS_ACCESS_KEY_ID": S3_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY, "AWS_REGION": "us-east-1"})
    yield url
    stop(process)


def mkdir(path):
    path.mkdir()
    return str(path)


@pytest.fixture(params=["local", "s3"])
def store(request, server_url):
    """(client, run_id) on the local-store server or the S3-backed one; mlflow-artifacts: URIs resolve against
    the global tracking URI, so it points at the server under test for the duration."""
    url = server_url if request.param == "local" else request.getfixturevalue("s3_server_url")
    mlflow.set_tracking_uri(url)
    try:
        client = MlflowClient(url)
        experiment_id = client.create_experiment(f"art-{uuid.uuid4().hex}")
        yield client, client.create_run(experiment_id).info.run_id, request.param
    finally:
        mlflow.set_tracking_uri(server_url)


def test_runs_and_experiments_point_at_the_proxy(client, experiment_id):
    run = client.create_run(experiment_id)
    assert run.info.artifact_uri == f"mlflow-artifacts:/{experiment_id}/{run.info.run_id}/artifacts"
    assert client.get_experiment(experiment_id).artifact_location == f"mlflow-artifacts:/{experiment_id}"


def test_a_file_round_trips(store, tmp_path):
    client, run_id, _ = store
    source = tmp_path / "notes.txt"
    source.write_text("hello sextant\n")
    client.log_artifact(run_id, str(source), artifact_path="docs")
    assert [f.path for f in client.list_artifacts(run_id, "docs")] == ["docs/notes.txt"]
    local = client.download_artifacts(run_id, "docs/notes.txt", mkdir(tmp_path / "out"))
    assert open(local).read() == "hello sextant\n"


def test_a_folder_round_trips(store, tmp_path):
    client, run_id, _ = store
    folder = tmp_path / "model"
    (folder / "sub").mkdir(parents=True)
    (folder / "MLmodel").write_text("flavors: {}\n")
    (folder / "sub" / "weights.bin").write_bytes(bytes(range(256)) * 64)
    client.log_artifacts(run_id, str(folder), artifact_path="model")
    top = client.list_artifacts(run_id)
    assert [(f.path, f.is_dir) for f in top] == [("model", True)]
    assert [(f.path, f.is_dir, f.file_size) for f in client.list_artifacts(run_id, "model")] == [
        ("model/MLmodel", False, 12), ("model/sub", True, None)]
    out = client.download_artifacts(run_id, "model", mkdir(tmp_path / "out"))
    assert open(f"{out}/MLmodel").read() == "flavors: {}\n"
    assert open(f"{out}/sub/weights.bin", "rb").read() == bytes(range(256)) * 64
    everything = client.download_artifacts(run_id, "", mkdir(tmp_path / "all"))
    assert sorted(str(p.relative_to(everything)) for p in pathlib.Path(everything).rglob("*") if p.is_file()) == [
        "model/MLmodel", "model/sub/weights.bin"]


@pytest.mark.parametrize("store", ["s3"], indirect=True)
def test_the_s3_variant_really_stores_in_the_bucket(store, s3proxy, tmp_path):
    client, run_id, _ = store
    source = tmp_path / "probe.txt"
    source.write_text("in the bucket")
    client.log_artifact(run_id, str(source))
    _, data = s3proxy
    stored = [p for p in data.rglob("probe.txt") if run_id in str(p)]
    assert len(stored) == 1 and stored[0].read_text() == "in the bucket"


def test_fluent_logging_inside_a_run(store, tmp_path):
    client, run_id, _ = store
    with mlflow.start_run(run_id=run_id):
        mlflow.log_text("some text", "notes/readme.txt")
        mlflow.log_dict({"a": 1}, "config.json")
    # MLflow 3 downloads a file into dst_path itself, 2.x under its folders: read the path the client returns.
    assert open(client.download_artifacts(run_id, "notes/readme.txt", str(tmp_path))).read() == "some text"
    assert json.load(open(client.download_artifacts(run_id, "config.json", str(tmp_path)))) == {"a": 1}


def test_multipart_upload_falls_back_to_a_single_put(store, tmp_path, monkeypatch):
    client, run_id, _ = store
    monkeypatch.setenv("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD", "true")
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", "1")
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", "1024")
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(5000))
    client.log_artifact(run_id, str(source))
    local = client.download_artifacts(run_id, "big.bin", mkdir(tmp_path / "out"))
    assert open(local, "rb").read() == source.read_bytes()


def test_tracking_artifacts_list_returns_run_relative_paths(api, client, run_id, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("a")
    client.log_artifact(run_id, str(source), artifact_path="dir")
    body = api.get("/artifacts/list", {"run_id": run_id, "path": "dir"}).json()
    assert body["files"] == [{"path": "dir/a.txt", "is_dir": False, "file_size": 1}]
    assert body["root_uri"] == client.get_run(run_id).info.artifact_uri


def test_proxied_list_of_a_file_or_missing_path_is_empty_and_unsafe_paths_are_refused(api, client, run_id, tmp_path):
    source = tmp_path / "f.txt"
    source.write_text("f")
    client.log_artifact(run_id, str(source))
    root = client.get_run(run_id).info.artifact_uri[len("mlflow-artifacts:/"):]
    listing = api.get("/artifacts", {"path": root}, prefix="/api/2.0/mlflow-artifacts")
    assert listing.json() == {"files": [{"path": "f.txt", "is_dir": False, "file_size": 1}]}
    assert api.get("/artifacts", {"path": root + "/f.txt"}, prefix="/api/2.0/mlflow-artifacts").json() == {}
    assert api.get("/artifacts", {"path": root + "/nothing"}, prefix="/api/2.0/mlflow-artifacts").json() == {}
    assert_error(api.get("/artifacts", {"path": root + "/../.."}, prefix="/api/2.0/mlflow-artifacts"), 400,
                 "INVALID_PARAMETER_VALUE")
    assert_error(api.get("/artifacts/list", {"run_id": run_id, "path": "../x"}), 400, "INVALID_PARAMETER_VALUE")
