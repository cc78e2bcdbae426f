import math
import random
import threading
import time

import sextant
from conftest import free_port


def logged_points(run, steps, keys, values, pause_every=200, pause_s=0.002):
    """Logs steps with tiny pauses so the loop spans the kill and the restart; remembers every point."""
    for step in steps:
        row = {key: (math.nan if step % 997 == 0 else random.random()) for key in keys}
        before = sextant._values.now_ms()
        run.log(row, step=step)
        for key, value in row.items():
            values[key].append((step, value, before))
        if step % pause_every == 0:
            time.sleep(pause_s)


def assert_exactly_once(client, run_id, keys, values):
    for key in keys:
        stored = client.metric_points(run_id, key)
        assert len(stored) == len(values[key]), f"{key}: {len(stored)} stored, {len(values[key])} logged"
        assert [p["step"] for p in stored] == [step for step, _, _ in values[key]]  # none lost, none twice
        for point, (step, value, logged_at) in zip(stored, values[key]):
            assert (math.isnan(point["value"]) and math.isnan(value)) or point["value"] == value, step
            assert point["timestamp_ms"] >= logged_at


def test_server_sigkill_and_restart_mid_run_loses_and_duplicates_nothing(own_server, caplog):
    own_server.start()
    client = sextant.Client(own_server.url)
    keys = ("train/loss", "train/acc")
    values = {key: [] for key in keys}
    run = sextant.start_run("sdk-sigkill", url=own_server.url, flush_interval_s=0.1, batch_points=2000,
                            finish_timeout_s=60)

    logged_points(run, range(0, 6_000), keys, values)
    time.sleep(0.3)  # some batches have reached the server, some are in flight
    killer = threading.Timer(0.05, own_server.kill)
    killer.start()
    logged_points(run, range(6_000, 12_000), keys, values)  # the kill lands in the middle of this
    killer.join()
    logged_points(run, range(12_000, 18_000), keys, values)  # server is down: these are spooled
    own_server.start()
    logged_points(run, range(18_000, 24_000), keys, values)
    assert run.finish() is True

    assert "unreachable" in caplog.text  # the outage really happened while the run was logging
    assert client.get_run(run.run_id)["status"] == "FINISHED"
    assert_exactly_once(client, run.run_id, keys, values)


def test_a_server_down_at_start_gets_the_whole_run_once_it_is_up(own_server, tmp_path):
    keys = ("loss",)
    values = {"loss": []}
    run = sextant.start_run("sdk-late-server", url=own_server.url, config={"lr": 0.5}, finish_timeout_s=60,
                            flush_interval_s=0.1)
    logged_points(run, range(0, 3000), keys, values)
    spool = tmp_path / "spool" / f"{run.run_id}.jsonl"
    deadline = time.monotonic() + 20
    while not (spool.exists() and spool.stat().st_size > 0):  # creation and points were spooled
        assert time.monotonic() < deadline, "nothing was spooled while the server was down"
        time.sleep(0.05)
    own_server.start()
    logged_points(run, range(3000, 6000), keys, values)
    assert run.finish() is True

    client = sextant.Client(own_server.url)
    stored = client.get_run(run.run_id)
    assert stored["status"] == "FINISHED" and stored["config"] == {"lr": 0.5}
    assert_exactly_once(client, run.run_id, keys, values)
    assert not (tmp_path / "spool" / f"{run.run_id}.jsonl").exists()


def test_a_run_that_never_reached_the_server_is_uploaded_by_sync(server, client, tmp_path):
    nothing_listens = f"http://127.0.0.1:{free_port()}"
    run = sextant.start_run("sdk-sync-after-outage", url=nothing_listens, config={"lr": 0.5}, finish_timeout_s=0.5)
    run.log({"loss": 1.0}, step=0)
    run.log({"loss": 2.0}, step=1)
    assert run.finish() is False  # spooled, not delivered

    results = sextant.sync(str(tmp_path / "spool"), url=server.url, progress=None)
    assert [(r.run_id, r.status, r.points) for r in results] == [(run.run_id, "synced", 2)]
    stored = client.get_run(run.run_id)
    assert stored["status"] == "FINISHED" and stored["config"] == {"lr": 0.5}
    assert [p["value"] for p in client.metric_points(run.run_id, "loss")] == [1.0, 2.0]


def test_a_loop_faster_than_the_server_spills_to_disk_and_still_delivers_exactly_once(server, client, caplog):
    caplog.set_level("INFO", logger="sextant")
    keys = ("fast",)
    values = {"fast": []}
    run = sextant.start_run("sdk-overflow", url=server.url, queue_size=20, batch_points=500)
    logged_points(run, range(0, 20_000), keys, values, pause_every=10**9)
    assert run.finish() is True
    assert "faster than the server" in caplog.text  # the backlog really went through the spool
    assert_exactly_once(client, run.run_id, keys, values)
