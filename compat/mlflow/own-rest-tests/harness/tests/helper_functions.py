"""Stand-in for MLflow's tests/helper_functions.py: only what test_rest_tracking.py imports."""
from sextant_server import free_port


def get_safe_port():
    return free_port()
