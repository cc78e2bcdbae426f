"""What happens to a run the script never finished: atexit finishes it, FAILED after an uncaught error."""
import json
import signal
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


def _run_script(server, script, *, sigterm=True, timeout=30):
    """Runs script, which prints its run id first; sends SIGTERM once that line is read (unless told not to).
    Returns the run id, the exit code and everything printed after the run id."""
    process = subprocess.Popen([sys.executable, "-c", script], env=subprocess_env(server.url),
                               stdout=subprocess.PIPE, text=True)
    try:
        run_id = process.stdout.readline().split()[0]
        if sigterm:
            process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=timeout)
        return run_id, code, process.stdout.read()
    finally:
        process.kill()


# WAITING: the scripts below wait for the signal in short sleeps, not one time.sleep(60). CPython runs a Python signal
# handler between bytecodes of the main thread; a SIGTERM that lands after the last check but before the main thread
# enters one long blocking call is handled only when that call returns (a script without the SDK does the same: 1 in
# 500 under load here). A training loop runs bytecode all the time; the SDK cannot change when CPython looks.
SLEEPER = textwrap.dedent("""
    import sys, time, sextant
    run = sextant.start_run("sdk-sigterm")
    for step in range(100):
        run.log({"loss": 1.0 / (step + 1)}, step=step)
    try:
        print(run.run_id, flush=True)  # inside try: the test sends SIGTERM as soon as it reads this
        for _ in range(600):  # short sleeps, as a training loop's steps: see WAITING above
            time.sleep(0.1)
    finally:
        print("cleanup ran", flush=True)
""")


def test_sigterm_ends_the_run_killed_with_every_point_delivered(server, client):
    run_id, code, output = _run_script(server, SLEEPER)
    assert code == 128 + signal.SIGTERM
    assert output.strip() == "cleanup ran"
    stored = client.get_run(run_id)
    assert stored["status"] == "KILLED"
    assert stored["metrics"]["loss"]["count"] == 100


def test_a_program_that_handles_sigterm_itself_keeps_its_handler(server, client):
    script = textwrap.dedent("""
        import signal, sys, time, sextant
        received = []
        signal.signal(signal.SIGTERM, lambda *_: received.append(print("own handler", flush=True)))
        run = sextant.start_run("sdk-own-handler")
        print(run.run_id, flush=True)
        deadline = time.time() + 30
        while not received and time.time() < deadline:
            time.sleep(0.01)
        run.finish()
    """)
    run_id, code, output = _run_script(server, script)
    assert code == 0
    assert output.strip() == "own handler"
    assert client.get_run(run_id)["status"] == "FINISHED"


def test_sigterm_inside_a_with_block_ends_the_run_killed(server, client):
    script = textwrap.dedent("""
        import time, sextant
        with sextant.start_run("sdk-sigterm-with") as run:
            print(run.run_id, flush=True)
            run.log({"loss": 1.0}, step=0)
            for _ in range(600):  # see WAITING
                time.sleep(0.1)
    """)
    run_id, code, _ = _run_script(server, script)
    assert code == 128 + signal.SIGTERM
    assert client.get_run(run_id)["status"] == "KILLED"


def test_sigterm_during_the_final_flush_waits_for_it_then_exits(server, client):
    # The loop outpaces the sender, so finish() has a backlog to flush when the signal comes. The signal is sent once
    # finish() has begun (run.finished turns true inside it), not 50 ms after a timer started: a loaded machine could
    # spend those 50 ms before the main thread entered finish(), and the run then ended KILLED.
    script = textwrap.dedent("""
        import os, signal, threading, time, sextant
        run = sextant.start_run("sdk-sigterm-flush")
        print(run.run_id, flush=True)
        for step in range(300_000):
            run.log({"loss": 1.0 / (step + 1)}, step=step)
        def signal_inside_finish():
            while not run.finished:
                time.sleep(0.001)  # the poll's pace
            os.kill(os.getpid(), signal.SIGTERM)
        threading.Thread(target=signal_inside_finish).start()
        run.finish()
        print("not reached: the deferred SIGTERM exits when the flush is done", flush=True)
    """)
    run_id, code, output = _run_script(server, script, sigterm=False, timeout=120)  # the script signals itself
    assert code == 128 + signal.SIGTERM
    assert output == ""
    stored = client.get_run(run_id)
    assert stored["status"] == "FINISHED"  # what the program asked for before the signal came
    assert stored["metrics"]["loss"]["count"] == 300_000


def test_once_no_run_is_open_sigterm_means_what_it_meant_before(server):
    script = textwrap.dedent("""
        import signal, sextant
        with sextant.start_run("sdk-sigterm-after"):
            pass
        print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, flush=True)
    """)
    done = subprocess.run([sys.executable, "-c", script], env=subprocess_env(server.url),
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True"


def test_sigterm_anywhere_in_a_logging_loop_still_ends_the_run_killed(tmp_path):
    # SIGTERM becomes SystemExit wherever the main thread happens to be. Each round starts a run, logs in a tight loop
    # and gets a SIGTERM after a random few milliseconds, so over the rounds it lands all over log() and the queue and
    # threading code beneath it; finish() must still end every run. Offline, so that a round takes milliseconds.
    # A round that hangs (as when the SystemExit left the sender queue's lock held) dumps the stacks and fails.
    rounds = 100
    script = textwrap.dedent("""
        import _thread, faulthandler, os, random, signal, sys, time, sextant
        # A bare lock and thread: threading.Event and Thread.start would put the harness itself in the signal's way.
        go = _thread.allocate_lock()
        go.acquire()
        def signaller():
            while True:
                go.acquire()  # released by the main thread once a round's run is open
                time.sleep(random.uniform(0.0, 0.004))
                os.kill(os.getpid(), signal.SIGTERM)
        _thread.start_new_thread(signaller, ())
        for _ in range(int(sys.argv[1])):
            run = sextant.start_run("sdk-sigterm-loop", mode="offline")
            faulthandler.dump_traceback_later(15, exit=True)
            try:
                go.release()
                while True:
                    run.log({"loss": 0.5})
            except SystemExit:
                pass
            run.finish("KILLED")
            faulthandler.cancel_dump_traceback_later()
    """)
    done = subprocess.run([sys.executable, "-c", script, str(rounds)], env=subprocess_env("http://127.0.0.1:1"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    spools = sorted((tmp_path / "spool").glob("*.jsonl"))
    assert len(spools) == rounds
    for spool in spools:
        last = json.loads(spool.read_text().splitlines()[-1])
        assert last["op"] == "update" and last["body"]["status"] == "KILLED", spool
