"""`sextant import tensorboard DIR`: event files written by tensorboardX, read back with TensorBoard's own reader."""
from __future__ import annotations

import math
import time

import numpy as np
import pytest
from tensorboard.backend.event_processing.plugin_event_accumulator import EventAccumulator
from tensorboard.compat.proto.event_pb2 import Event
from tensorboard.compat.proto.summary_pb2 import Summary
from tensorboard.compat.proto.tensor_pb2 import TensorProto
from tensorboard.plugins.hparams import plugin_data_pb2
from tensorboard.plugins.scalar import metadata as scalar_metadata
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util
from tensorboardX import SummaryWriter

import sextant


def write_logs(root):
    with SummaryWriter(str(root / "runA")) as writer:
        for step in range(300):
            writer.add_scalar("train/loss", 1.0 / (step + 1), step)                    # legacy simple_value
        writer.add_scalar("odd", math.nan, 1)
        writer.add_text("notes", "first **try**", 0)
        writer.add_text("notes", "second", 5)
        writer.add_histogram("weights", np.arange(10), 0)                              # not imported, reported
        # add_hparams(name=".") opens a second writer on the same folder; within the same second both get the same
        # file name and the event file is clobbered (TensorBoard then stops reading it too). Hence the pause.
        time.sleep(1.1)
        writer.add_hparams({"lr": 0.1, "opt": "adam", "layers": 3, "bn": True}, {"hparam/acc": 0.9}, name=".")
    write_tensor_scalars(root / "runT")
    with SummaryWriter(str(root / "nested" / "runB")) as writer:
        for step in range(0, 1000, 10):
            writer.add_scalar("train/loss", 2.0 - step / 1000, step)
        writer.add_hparams({"lr": 0.5}, {"hparam/acc": 0.7})                           # a timestamped sub-folder run


def write_tensor_scalars(folder):
    """Scalars as TensorFlow 2 writes them: the "scalars" plugin's tensors (float, double, half, packed bytes),
    through TensorBoard's own event file writer."""
    writer = EventFileWriter(str(folder))
    wall = time.time()
    def scalar(tag, tensor, step):
        value = Summary.Value(tag=tag, metadata=scalar_metadata.create_summary_metadata(tag, ""), tensor=tensor)
        writer.add_event(Event(wall_time=wall + step / 1000, step=step, summary=Summary(value=[value])))
    for step in range(200):
        scalar("eval/acc", tensor_util.make_tensor_proto(np.float32(step / 200)), step)
        scalar("eval/packed", TensorProto(dtype=1, tensor_content=np.float32(step * 0.5).tobytes()), step)
    scalar("eval/precise", tensor_util.make_tensor_proto(np.float64(1 / 3)), 0)
    scalar("eval/half", tensor_util.make_tensor_proto(np.float16(0.25)), 0)
    writer.close()


def tensorboard_view(run_dir):
    """What TensorBoard reads: scalar points per tag, hparams, text entries."""
    accumulator = EventAccumulator(str(run_dir), size_guidance={"tensors": 0})
    accumulator.Reload()
    scalars, texts = {}, {}
    for tag in accumulator.Tags()["tensors"]:
        events = accumulator.Tensors(tag)
        plugin = accumulator.SummaryMetadata(tag).plugin_data.plugin_name
        if plugin == "text":
            texts[tag] = [tensor_util.make_ndarray(e.tensor_proto).item().decode() for e in events]
        elif plugin in ("scalars", ""):
            scalars[tag] = [(e.step, sextant.milliseconds(e.wall_time), float(tensor_util.make_ndarray(e.tensor_proto).item()))
                            for e in events]
    hparams = {}
    contents = accumulator.PluginTagToContent("hparams") if "hparams" in accumulator.ActivePlugins() else {}
    for content in contents.values():
        data = plugin_data_pb2.HParamsPluginData.FromString(content)
        if data.HasField("session_start_info"):
            for name, value in data.session_start_info.hparams.items():
                hparams[name] = getattr(value, value.WhichOneof("kind"))
    return scalars, hparams, texts


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    root = tmp_path_factory.mktemp("tb") / "logs"
    write_logs(root)
    return root


def imported_runs(server, experiment):
    runs = server.runs(server.experiments()[experiment]["experiment_id"])
    return {run["tags"]["tensorboard.run"]: run for run in runs}


def test_scalars_hparams_and_text_equal_what_tensorboard_reads_and_a_second_import_changes_nothing(logs, tmp_path):
    data = tmp_path / "sextant-data"
    result = sextant.run("import", "tensorboard", str(logs), "--experiment", "tb", "--data-dir", str(data))
    assert "weights" in result.stdout  # the histogram is reported as not imported
    folders = sorted({p.parent for p in logs.rglob("events.out.tfevents.*")})
    assert len(folders) == 4  # runA, runT, nested/runB and runB's timestamped hparams folder
    with sextant.Server(data) as server:
        runs = imported_runs(server, "tb")
        assert set(runs) == {str(f.relative_to(logs)) for f in folders}
        for folder in folders:
            run = runs[str(folder.relative_to(logs))]
            scalars, hparams, texts = tensorboard_view(folder)
            assert set(run["metrics"]) == set(scalars)
            for tag, points in scalars.items():
                assert sextant.same_points(points, server.points(run["run_id"], tag)), tag
            for name, value in hparams.items():
                param = run["params"][name]
                if isinstance(value, bool):
                    assert param == str(value).lower()
                elif isinstance(value, float):
                    assert float(param) == value
                else:
                    assert param == value
            assert set(run["params"]) == set(hparams)
            for tag, entries in texts.items():
                text = server.artifact(run["run_id"], f"text/{tag}.txt").decode()
                for entry in entries:
                    assert entry in text
            assert run["status"] == "FINISHED"
        assert runs["runA"]["params"] == {"lr": "0.1", "opt": "adam", "layers": "3", "bn": "true"}
        assert len(runs["runA"]["metrics"]["train/loss"]) and runs["runA"]["metrics"]["train/loss"]["count"] == 300
        before = server.dump()
    again = sextant.run("import", "tensorboard", str(logs), "--experiment", "tb", "--data-dir", str(data))
    assert "Imported 0 run(s) (4 already imported before)" in again.stdout, again.stdout
    with sextant.Server(data) as server:
        assert server.dump() == before


def test_a_run_whose_event_files_grew_is_read_again_and_gets_only_the_new_points(logs, tmp_path):
    root = tmp_path / "logs"
    with SummaryWriter(str(root / "run")) as writer:
        for step in range(10):
            writer.add_scalar("loss", step, step)
    data = tmp_path / "sextant-data"
    sextant.run("import", "tensorboard", str(root), "--data-dir", str(data))
    time.sleep(1.1)  # a new writer's file name carries the second it was opened
    with SummaryWriter(str(root / "run")) as writer:
        for step in range(10, 25):
            writer.add_scalar("loss", step, step)
    again = sextant.run("import", "tensorboard", str(root), "--data-dir", str(data))
    assert "Metric points: 15 written, 10 already stored" in again.stdout, again.stdout
    with sextant.Server(data) as server:
        run = imported_runs(server, "logs")["run"]
        scalars, _, _ = tensorboard_view(root / "run")
        assert sextant.same_points(scalars["loss"], server.points(run["run_id"], "loss"))
