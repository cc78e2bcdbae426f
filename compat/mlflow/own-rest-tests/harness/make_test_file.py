"""Writes tests/tracking/test_rest_tracking.py: MLflow's file (argv[1]) with only its server fixtures replaced."""
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
upstream = pathlib.Path(sys.argv[1]).read_text()
start = upstream.index('@pytest.fixture(params=["file", "sqlalchemy"])\ndef store_type(request):')
end = upstream.index("@pytest.fixture\ndef cli_env(mlflow_client):")
replacement = '''# --- Sextant harness: the server fixtures start Sextant's jar (one fresh server and data folder per test). ---
from sextant_server import sextant_server  # noqa: E402


@pytest.fixture(params=["sqlalchemy"])
def store_type(request):
    """Sextant is one SQL-backed server: it plays MLflow's SQL store, never its file store."""
    return request.param


@pytest.fixture
def mlflow_client(store_type: str, tmp_path: Path, monkeypatch):
    with sextant_server(tmp_path) as url:
        monkeypatch.setenv("MLFLOW_TRACKING_URI", url)  # fluent calls too (mlflow.genai.datasets) go to Sextant
        yield MlflowClient(url)


@pytest.fixture
def mlflow_client_with_secrets(tmp_path: Path, monkeypatch):
    with sextant_server(tmp_path) as url:
        monkeypatch.setenv("MLFLOW_TRACKING_URI", url)
        yield MlflowClient(url)
# --- end of the Sextant harness ---


'''
(HERE / "tests/tracking/test_rest_tracking.py").write_text(upstream[:start] + replacement + upstream[end:])
