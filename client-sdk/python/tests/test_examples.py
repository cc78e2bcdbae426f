import subprocess
import sys

from conftest import PYTHON_SDK, subprocess_env


def test_the_pure_python_logistic_regression_example_trains_and_logs(server, client):
    done = subprocess.run([sys.executable, str(PYTHON_SDK / "examples" / "train_logreg.py"), "--epochs", "5",
                           "--samples", "1000"], env=subprocess_env(server.url), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    run_id = done.stdout.split()[1]
    stored = client.get_run(run_id)
    assert stored["status"] == "FINISHED"
    assert stored["config"]["data"]["features"] == 8
    assert stored["metrics"]["train/loss"]["count"] == 5 * 25  # 800 training rows / batch 32, 5 epochs
    assert stored["metrics"]["eval/acc"]["count"] == 5
    assert stored["metrics"]["eval/acc"]["last"] > 0.85  # it really learned
