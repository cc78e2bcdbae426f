"""Writes an MLflow file store (mlruns/) of RUNS runs × KEYS metrics × STEPS steps for the import benchmark.

Standard library only, and fast: it writes the files the mlflow client would (experiment and run meta.yaml, one
"timestamp value step" line per point in metrics/KEY, params/, tags/) instead of calling the client 100 million
times. testing/peers checks the importer against stores the real client wrote.
Usage: python3 bench/mlruns_gen.py DIR RUNS KEYS STEPS
"""
import os
import sys
import uuid

T0 = 1_700_000_000_000


def main(root, runs, keys, steps):
    experiment = os.path.join(root, "1")
    os.makedirs(experiment, exist_ok=True)
    with open(os.path.join(experiment, "meta.yaml"), "w") as f:
        f.write(f"artifact_location: file://{experiment}\ncreation_time: {T0}\nexperiment_id: '1'\n"
                f"last_update_time: {T0}\nlifecycle_stage: active\nname: import-bench\n")
    for r in range(runs):
        run_id = uuid.UUID(int=r + 1).hex
        run = os.path.join(experiment, run_id)
        for sub in ("metrics", "params", "tags", "artifacts"):
            os.makedirs(os.path.join(run, sub), exist_ok=True)
        with open(os.path.join(run, "meta.yaml"), "w") as f:
            f.write(f"artifact_uri: file://{run}/artifacts\nend_time: {T0 + steps}\nentry_point_name: ''\n"
                    f"experiment_id: '1'\nlifecycle_stage: active\nrun_id: '{run_id}'\nrun_name: run-{r}\n"
                    f"source_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {T0}\nstatus: 3\ntags: []\nuser_id: bench\n")
        with open(os.path.join(run, "params", "lr"), "w") as f:
            f.write(str(0.001 * (r + 1)))
        with open(os.path.join(run, "tags", "mlflow.runName"), "w") as f:
            f.write(f"run-{r}")
        for k in range(keys):
            with open(os.path.join(run, "metrics", f"metric_{k}"), "w") as f:
                f.writelines(f"{T0 + s} {((s * 7919 + k) % 10007) / 10007!r} {s}\n" for s in range(steps))
        if (r + 1) % 50 == 0:
            print(f"  {r + 1}/{runs} runs written", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
