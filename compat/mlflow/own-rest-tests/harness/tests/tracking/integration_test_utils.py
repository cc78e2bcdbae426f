"""Stand-in for MLflow's tests/tracking/integration_test_utils.py.

_send_rest_tracking_post_request is a plain POST. ServerThread and _init_server start MLflow's *own* server
(its FastAPI app in a thread, or `mlflow server`): the tests that call them directly are deselected (see
../../../run.sh), and the server fixtures that used them start Sextant instead.
"""
import requests

from tests.helper_functions import get_safe_port  # noqa: F401  (imported from here by one test)


def _send_rest_tracking_post_request(tracking_server_uri, api_path, json_payload, auth=None):
    return requests.post(tracking_server_uri + api_path, json=json_payload, auth=auth)


class ServerThread:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("ServerThread runs MLflow's own server app; not used against Sextant")


def _init_server(*args, **kwargs):
    raise NotImplementedError("_init_server starts MLflow's own server; not used against Sextant")
