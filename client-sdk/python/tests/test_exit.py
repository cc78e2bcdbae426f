"""What happens to a run the script never finished: atexit finishes it, FAILED after an uncaught error."""
import subprocess
import sys
import textwrap

import pytest

from conftest import subprocess_env

SCRIPT = textwrap.dedent("""
    import sys, sextant
    run = sextant.start_run("sdk-exit")
    print(run.run_id, flush=True)
    run.log({"loss": 0.5}, step=0)
    if sys.argv[1] == "raise":
        raise RuntimeError("training blew up")
    if sys.argv[1] == "interrupt":
        raise KeyboardInterrupt
""")


@pytest.mark.parametrize("how, status", [("ok", "FINISHED"), ("raise", "FAILED"), ("interrupt", "KILLED")])
def test_a_run_left_open_is_finished_at_exit(server, client, how, status):
    done = subprocess.run([sys.executable, "-c", SCRIPT, how], env=subprocess_env(server.url),
                          capture_output=True, text=True, timeout=60)
    run_id = done.stdout.split()[0]
    stored = client.get_run(run_id)
    assert stored["status"] == status
    assert stored["metrics"]["loss"]["count"] == 1
