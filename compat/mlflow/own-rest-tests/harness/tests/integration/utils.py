"""Stand-in for MLflow's tests/integration/utils.py: only what test_rest_tracking.py imports."""
from click.testing import CliRunner


def invoke_cli_runner(*args, **kwargs):
    result = CliRunner().invoke(*args, **kwargs)
    assert result.exit_code == 0, f"exit code {result.exit_code}: {result.output}"
    return result
