"""Artifacts go through PUT/GET /api/v1/runs/{run_id}/artifacts/{path} and read back byte for byte."""
import sextant


def test_log_artifact_uploads_a_file_that_reads_back_identically(server, client, tmp_path):
    model = tmp_path / "model.bin"
    model.write_bytes(bytes(range(256)) * 1000)
    with sextant.start_run("sdk-artifacts", url=server.url) as run:
        run.log_artifact(model, artifact_path="checkpoints")
    assert client.download_artifact(run.run_id, "checkpoints/model.bin") == model.read_bytes()


def test_log_artifacts_uploads_a_folder_keeping_relative_paths(server, client, tmp_path):
    folder = tmp_path / "out"
    (folder / "plots").mkdir(parents=True)
    (folder / "metrics.json").write_text('{"acc": 0.9}')
    (folder / "plots" / "loss.svg").write_text("<svg/>")
    with sextant.start_run("sdk-artifacts", url=server.url) as run:
        run.log_artifacts(folder)
    assert client.download_artifact(run.run_id, "metrics.json") == b'{"acc": 0.9}'
    assert client.download_artifact(run.run_id, "plots/loss.svg") == b"<svg/>"


def test_an_offline_artifact_is_uploaded_by_sync(server, client, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("offline report")
    with sextant.start_run("sdk-artifacts", mode="offline") as run:
        run.log_artifact(report)
    report.write_text("changed after logging")  # the spool kept a copy of the file as it was
    results = sextant.sync(str(tmp_path / "spool"), url=server.url, progress=None)
    assert results[0].status == "synced" and results[0].rejected == 0
    assert client.download_artifact(run.run_id, "report.txt") == b"offline report"
